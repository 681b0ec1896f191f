package org.xieshang.sortition;

import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.FieldError;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A list of volunteers collected offline (a CSV with a header; English or Chinese column names), checked
 * row by row: every bad row is named by its line and nothing is imported until all are right.
 */
public final class VolunteerImport {
  private static final Pattern PHONE = Pattern.compile("1\\d{10}");
  private static final Set<String> YES = Set.of("是", "同意", "yes", "y", "true", "1");
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

  public static List<Row> parse(String csv) {
    List<FieldError> errors = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(csv == null ? "" : csv.replace("\uFEFF", "")),
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build())) {
      Map<String, String> header = new LinkedHashMap<>();
      for (String h : parser.getHeaderNames()) {
        String key = COLUMNS.get(h.strip());
        if (key != null) {
          header.put(key, h);
        }
      }
      for (String required : List.of("name", "phone", "county", "gender", "ageBand", "consent")) {
        if (!header.containsKey(required)) {
          throw DomainError.invalid("csv", "缺少列 " + required);
        }
      }
      Set<String> phones = new java.util.HashSet<>();
      for (CSVRecord r : parser) {
        String where = "第 " + (r.getRecordNumber() + 1) + " 行";
        Map<String, String> v = new LinkedHashMap<>();
        header.forEach((key, column) -> v.put(key, r.isSet(column) ? r.get(column).strip() : ""));
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
            problems.add(f + " 为空");
          }
        }
        if (!YES.contains(v.get("consent").toLowerCase(java.util.Locale.ROOT))) {
          problems.add("未记录本人同意");
        }
        if (!problems.isEmpty()) {
          errors.add(new FieldError("csv", where + "：" + String.join("；", problems)));
          continue;
        }
        JsonObject features = new JsonObject();
        v.forEach((key, value) -> {
          if (SortitionService.FEATURES.contains(key) && !value.isEmpty()) {
            features.put(key, value);
          }
        });
        String household = v.getOrDefault("household", "");
        rows.add(new Row(v.get("name"), v.get("phone"), features, household.isEmpty() ? null : household));
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw DomainError.invalid("csv", "无法解析 CSV：" + e.getMessage());
    }
    if (!errors.isEmpty()) {
      throw DomainError.validation(errors.subList(0, Math.min(50, errors.size())));
    }
    if (rows.isEmpty()) {
      throw DomainError.invalid("csv", "没有数据行");
    }
    return rows;
  }
}
