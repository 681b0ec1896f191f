package org.xieshang.sortition;

import io.vertx.core.json.JsonObject;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.FieldError;
import org.xieshang.platform.http.UploadedTable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A list of volunteers collected offline (CSV or Excel, with a header row; English or Chinese column
 * names), checked row by row: every bad row is named by its line and nothing is imported until all are right.
 */
public final class VolunteerImport {
  private static final Pattern PHONE = Pattern.compile("1\\d{10}");
  private static final Set<String> YES = Set.of("是", "同意", "yes", "y", "true", "1");
  public static final int MAX_ROWS = 5000;
  private static final Map<String, String> LABELS = Map.of("name", "姓名", "phone", "手机", "county", "区县",
      "gender", "性别", "ageBand", "年龄段", "consent", "同意");
  /** column → feature (or name, phone, household, consent) */
  private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

  static {
    String[][] names = {{"name", "姓名"}, {"phone", "手机", "手机号"}, {"county", "区县"}, {"township", "乡镇", "街道"},
        {"sector", "界别", "领域"}, {"gender", "性别"}, {"ageBand", "年龄段"}, {"education", "学历"}, {"occupation", "职业"},
        {"viewpoint", "观点"}, {"household", "户", "户号"}, {"consent", "同意"}};
    for (String[] n : names) {
      for (String alias : n) {
        COLUMNS.put(alias, n[0]);
      }
    }
  }

  public record Row(String name, String phone, JsonObject features, String household) {}

  private VolunteerImport() {}

  /** Rows of an uploaded list, the header first (see {@link UploadedTable}). */
  public static List<Row> parse(List<List<String>> table) {
    if (table.isEmpty()) {
      throw DomainError.invalid("file", "文件为空");
    }
    Map<String, Integer> header = new LinkedHashMap<>();
    List<String> names = table.get(0);
    for (int c = 0; c < names.size(); c++) {
      String key = COLUMNS.get(names.get(c).strip());
      if (key != null) {
        header.putIfAbsent(key, c);
      }
    }
    for (String required : List.of("name", "phone", "county", "gender", "ageBand", "consent")) {
      if (!header.containsKey(required)) {
        throw DomainError.invalid("file", "缺少列 " + LABELS.get(required));
      }
    }
    if (table.size() - 1 > MAX_ROWS) {
      throw DomainError.invalid("file", "一次最多导入 " + MAX_ROWS + " 行");
    }
    List<FieldError> errors = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    Set<String> phones = new HashSet<>();
    for (int r = 1; r < table.size(); r++) {
      List<String> cells = table.get(r);
      if (cells.stream().allMatch(String::isBlank)) {
        continue;
      }
      String where = "第 " + (r + 1) + " 行";
      Map<String, String> v = new LinkedHashMap<>();
      header.forEach((key, column) -> v.put(key, column < cells.size() ? cells.get(column).strip() : ""));
      List<String> problems = new ArrayList<>();
      if (v.get("name").isEmpty()) {
        problems.add("姓名为空");
      }
      if (!PHONE.matcher(v.get("phone")).matches()) {
        problems.add("手机号应为 11 位数字");
      } else if (!phones.add(v.get("phone"))) {
        problems.add("手机号重复");
      }
      for (String f : List.of("county", "gender", "ageBand")) {
        if (v.get(f).isEmpty()) {
          problems.add(LABELS.get(f) + "为空");
        }
      }
      if (!YES.contains(v.get("consent").toLowerCase(Locale.ROOT))) {
        problems.add("未记录本人同意");
      }
      if (!problems.isEmpty()) {
        errors.add(new FieldError("file", where + "：" + String.join("；", problems)));
        continue;
      }
      JsonObject features = new JsonObject();
      v.forEach((key, value) -> {
        if (Volunteer.FEATURES.contains(key) && !value.isEmpty()) {
          features.put(key, value);
        }
      });
      String household = v.getOrDefault("household", "");
      rows.add(new Row(v.get("name"), v.get("phone"), features, household.isEmpty() ? null : household));
    }
    if (!errors.isEmpty()) {
      throw DomainError.validation(errors.subList(0, Math.min(50, errors.size())));
    }
    if (rows.isEmpty()) {
      throw DomainError.invalid("file", "没有数据行");
    }
    return rows;
  }
}
