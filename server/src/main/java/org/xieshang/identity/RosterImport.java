package org.xieshang.identity;

import org.xieshang.platform.http.DomainError;
import org.xieshang.platform.http.FieldError;
import org.xieshang.platform.http.UploadedTable;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a member roster (CSV or an Excel .xlsx sheet, as rosters are kept) and checks every row.
 * Pure: the caller supplies the directory and the names already taken. Line numbers are the ones a
 * person sees in the file (header = line 1).
 */
public final class RosterImport {
  public static final int MAX_ROWS = 5000;
  public static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}");
  public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.\\-]{3,40}");

  /** Column keys and the header names accepted for each (Chinese first). */
  private static final Map<String, List<String>> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("username", List.of("用户名", "username"));
    COLUMNS.put("name", List.of("姓名", "name"));
    COLUMNS.put("phone", List.of("手机", "手机号", "phone"));
    COLUMNS.put("roles", List.of("角色", "roles"));
    COLUMNS.put("organization", List.of("所属政协", "政协", "organization"));
    COLUMNS.put("sector", List.of("界别", "sector"));
    COLUMNS.put("committee", List.of("专门委员会", "委室", "committee"));
    COLUMNS.put("department", List.of("承办单位", "部门", "department"));
    COLUMNS.put("standing", List.of("常委", "standing"));
  }

  private static final Map<String, String> LABELS = Map.of("username", "用户名", "name", "姓名", "phone", "手机",
      "roles", "角色", "organization", "所属政协", "sector", "界别", "committee", "专门委员会", "department", "承办单位",
      "standing", "常委");

  public record Line(int number, Map<String, String> cells) {}

  public record Directory(Map<String, Long> organizations, Map<String, Long> sectors,
                          Map<Long, Map<String, Long>> committeesByOrganization,
                          Map<Long, Map<String, Long>> departmentsByOrganization) {}

  public record Checked(List<NewAccount> accounts, List<FieldError> errors) {}

  private RosterImport() {}

  public static List<Line> read(UploadedTable.File file) {
    return toLines(UploadedTable.read(file));
  }

  private static List<Line> toLines(List<List<String>> table) {
    if (table.isEmpty()) {
      throw DomainError.invalid("file", "文件为空");
    }
    List<String> header = table.get(0);
    Map<Integer, String> keyByColumn = new HashMap<>();
    List<FieldError> headerErrors = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      String h = header.get(c).strip();
      if (h.isEmpty()) {
        continue;
      }
      String key = COLUMNS.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(h::equalsIgnoreCase))
          .map(Map.Entry::getKey).findFirst().orElse(null);
      if (key == null) {
        headerErrors.add(new FieldError("第 1 行", "未知的列：" + h));
      } else {
        keyByColumn.put(c, key);
      }
    }
    for (String required : List.of("username", "name", "organization")) {
      if (!keyByColumn.containsValue(required)) {
        headerErrors.add(new FieldError("第 1 行", "缺少必需的列：" + LABELS.get(required)));
      }
    }
    if (!headerErrors.isEmpty()) {
      throw DomainError.validation(headerErrors);
    }
    List<Line> lines = new ArrayList<>();
    for (int r = 1; r < table.size(); r++) {
      List<String> cells = table.get(r);
      if (cells.stream().allMatch(String::isBlank)) {
        continue;
      }
      Map<String, String> values = new HashMap<>();
      for (int c = 0; c < cells.size(); c++) {
        String key = keyByColumn.get(c);
        if (key != null && !cells.get(c).isBlank()) {
          values.put(key, cells.get(c).strip());
        }
      }
      lines.add(new Line(r + 1, values));
    }
    if (lines.isEmpty()) {
      throw DomainError.invalid("file", "文件中没有数据行");
    }
    if (lines.size() > MAX_ROWS) {
      throw DomainError.invalid("file", "一次最多导入 " + MAX_ROWS + " 行");
    }
    return lines;
  }

  /** Checks every line; the result has either accounts for every line or the errors of every bad line. */
  public static Checked check(List<Line> lines, Directory dir, Set<String> takenUsernames, Set<String> takenPhones) {
    List<FieldError> errors = new ArrayList<>();
    List<NewAccount> accounts = new ArrayList<>();
    Set<String> seenUsernames = new HashSet<>();
    Set<String> seenPhones = new HashSet<>();
    for (Line line : lines) {
      int before = errors.size();
      Map<String, String> v = line.cells();
      String where = "第 " + line.number() + " 行 ";
      String username = v.get("username");
      if (username == null) {
        errors.add(new FieldError(where + "用户名", "必填"));
      } else if (!USERNAME.matcher(username).matches()) {
        errors.add(new FieldError(where + "用户名", "应为 3-40 位字母、数字、下划线、点或连字符"));
      } else if (takenUsernames.contains(username)) {
        errors.add(new FieldError(where + "用户名", "已被使用：" + username));
      } else if (!seenUsernames.add(username)) {
        errors.add(new FieldError(where + "用户名", "在文件中重复：" + username));
      }
      String name = v.get("name");
      if (name == null) {
        errors.add(new FieldError(where + "姓名", "必填"));
      } else if (name.length() > 50) {
        errors.add(new FieldError(where + "姓名", "不能超过 50 个字"));
      }
      String phone = v.get("phone");
      if (phone != null) {
        if (!PHONE.matcher(phone).matches()) {
          errors.add(new FieldError(where + "手机", "应为 11 位手机号码"));
        } else if (takenPhones.contains(phone) || !seenPhones.add(phone)) {
          errors.add(new FieldError(where + "手机", "已被使用或在文件中重复：" + phone));
        }
      }
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (String part : v.getOrDefault("roles", Role.MEMBER.label()).split("[、;；,，/]")) {
        if (part.isBlank()) {
          continue;
        }
        Role.parse(part).ifPresentOrElse(roles::add,
            () -> errors.add(new FieldError(where + "角色", "未知的角色：" + part.strip())));
      }
      if (roles.contains(Role.ADMIN)) {
        errors.add(new FieldError(where + "角色", "不能通过导入创建系统管理员"));
      }
      Long org = null;
      String orgName = v.get("organization");
      if (orgName == null) {
        errors.add(new FieldError(where + "所属政协", "必填"));
      } else if ((org = dir.organizations().get(orgName)) == null) {
        errors.add(new FieldError(where + "所属政协", "未知的政协：" + orgName));
      }
      Long sector = lookup(v.get("sector"), dir.sectors(), where + "界别", "未知的界别：", errors);
      Long committee = org == null ? null : lookup(v.get("committee"),
          dir.committeesByOrganization().getOrDefault(org, Map.of()), where + "专门委员会", "该政协没有此专门委员会：", errors);
      Long department = org == null ? null : lookup(v.get("department"),
          dir.departmentsByOrganization().getOrDefault(org, Map.of()), where + "承办单位", "该政协下没有此承办单位：", errors);
      String standingText = v.getOrDefault("standing", "否");
      boolean standing = switch (standingText) {
        case "是", "Y", "y", "yes", "true", "1" -> true;
        case "否", "N", "n", "no", "false", "0" -> false;
        default -> {
          errors.add(new FieldError(where + "常委", "应为“是”或“否”"));
          yield false;
        }
      };
      if (errors.size() == before) {
        accounts.add(new NewAccount(username, name, phone, roles, org, sector, committee, department, standing));
      }
    }
    return errors.isEmpty() ? new Checked(accounts, List.of()) : new Checked(List.of(), errors);
  }

  private static Long lookup(String name, Map<String, Long> ids, String field, String message, List<FieldError> errors) {
    if (name == null) {
      return null;
    }
    Long id = ids.get(name);
    if (id == null) {
      errors.add(new FieldError(field, message + name));
    }
    return id;
  }
}
