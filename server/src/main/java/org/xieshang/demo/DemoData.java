package org.xieshang.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xieshang.identity.PasswordHasher;
import org.xieshang.platform.audit.AuditLog;

import java.util.ArrayList;
import java.util.List;

/**
 * Demo data for a first look: 资阳市政协 with 雁江区, 安岳县 and 乐至县, sectors, committees, departments,
 * members and the other kinds of account. Loaded once; each part is recorded in app_meta so later
 * parts (meetings, themes) can be added to a database that already has the earlier ones.
 * The people are invented.
 */
public final class DemoData {
  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  public static final String CITY = "资阳市政协";
  public static final List<String> COUNTIES = List.of("雁江区政协", "安岳县政协", "乐至县政协");
  static final List<String> SECTORS = List.of("中国共产党", "中国民主同盟", "中国民主建国会", "中国农工民主党",
      "无党派人士", "经济界", "农业界", "教育界", "科技界", "医药卫生界", "社会福利和社会保障界", "工商联");
  static final List<String> COMMITTEES = List.of("提案委员会", "经济委员会", "农业和农村委员会", "社会和法制委员会",
      "文化文史和学习委员会");
  static final List<String> DEPARTMENTS = List.of("市农业农村局", "市发展和改革委员会", "市教育局", "市卫生健康委员会",
      "市住房和城乡建设局");
  private static final String[] SURNAMES = {"张", "李", "王", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
      "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
  private static final String[] GIVEN = {"建华", "晓梅", "志强", "丽娟", "国庆", "春燕", "海涛", "秀英", "文斌", "玉兰",
      "德明", "桂芳", "永红", "明辉", "淑珍", "家宁", "思远", "雨桐", "晨阳", "静怡", "立新", "少华", "长青", "慧敏"};

  /** username, display name, roles, organisation index (0 = city, 1.. = counties), label for the printout. */
  record Person(String username, String name, String[] roles, int org, Integer sector, Integer committee,
                Integer department, boolean standing, String label) {}

  private DemoData() {}

  static List<Person> people() {
    List<Person> p = new ArrayList<>();
    p.add(new Person("admin", "系统管理员", new String[]{"ADMIN"}, 0, null, null, null, false, "系统管理员"));
    p.add(new Person("chair", "王正清", new String[]{"CHAIR", "MEMBER"}, 0, 0, null, null, true, "主席"));
    p.add(new Person("vicechair", "刘敏华", new String[]{"VICE_CHAIR", "MEMBER"}, 0, 1, 1, null, true, "副主席"));
    p.add(new Person("staff", "陈思源", new String[]{"STAFF"}, 0, null, 2, null, false, "委室工作人员（农业和农村委员会）"));
    p.add(new Person("host-main", "赵立新", new String[]{"VENUE_HOST", "STAFF"}, 0, null, null, null, false, "主会场主持人"));
    String[] countyHosts = {"host-yanjiang", "host-anyue", "host-lezhi"};
    String[] hostNames = {"周文斌", "何静怡", "罗长青"};
    for (int i = 0; i < 3; i++) {
      p.add(new Person(countyHosts[i], hostNames[i], new String[]{"VENUE_HOST"}, i + 1, null, null, null, false,
          COUNTIES.get(i) + "分会场主持人"));
    }
    p.add(new Person("official-nyj", "孙德明", new String[]{"OFFICIAL"}, 0, null, null, 0, false, "市农业农村局负责人"));
    p.add(new Person("official-fgw", "郭明辉", new String[]{"OFFICIAL"}, 0, null, null, 1, false, "市发展和改革委员会负责人"));
    p.add(new Person("official-jyj", "马淑珍", new String[]{"OFFICIAL"}, 0, null, null, 2, false, "市教育局负责人"));
    p.add(new Person("expert", "林思远", new String[]{"EXPERT"}, 0, 8, null, null, false, "专家"));
    for (int i = 1; i <= 36; i++) {
      String name = SURNAMES[(i * 7) % SURNAMES.length] + GIVEN[(i * 5) % GIVEN.length];
      int org = i % 4; // city and the three counties, in turn
      p.add(new Person(String.format("member%02d", i), name, new String[]{"MEMBER"}, org, i % SECTORS.size(),
          i % COMMITTEES.size(), null, i % 6 == 0, "委员"));
    }
    for (int i = 1; i <= 5; i++) {
      String name = SURNAMES[(i * 3 + 11) % SURNAMES.length] + GIVEN[(i * 7 + 3) % GIVEN.length];
      p.add(new Person(String.format("public%02d", i), name, new String[]{"PUBLIC"}, 1 + i % 3, null, null, null, false,
          "界别群众代表"));
    }
    return p;
  }

  public static Future<Boolean> loadOnce(Vertx vertx, Pool pool, String password) {
    return vertx.executeBlocking(() -> new PasswordHasher(10).hash(password), false)
        .compose(hash -> pool.withTransaction(tx -> tx
            .query("SELECT value FROM app_meta WHERE key = 'demo.identity' FOR UPDATE").execute()
            .compose(rows -> rows.size() > 0 ? Future.succeededFuture(false)
                : tx.query("SELECT count(*) FROM organization").execute()
                    .compose(count -> count.iterator().next().getLong(0) > 0
                        ? Future.succeededFuture(false) // not an empty database: leave it alone
                        : loadIdentity(tx, hash).map(true)))))
        .compose(identity -> pool.withTransaction(tx -> tx
            .query("SELECT key FROM app_meta WHERE key IN ('demo.identity', 'demo.meeting') FOR UPDATE").execute()
            .compose(rows -> rows.size() != 1 ? Future.succeededFuture(identity) // no demo, or meeting loaded
                : DemoMeeting.load(tx).map(true))))
        .compose(loaded -> pool.withTransaction(tx -> tx
            .query("SELECT key FROM app_meta WHERE key IN ('demo.meeting', 'demo.theme') FOR UPDATE").execute()
            .compose(rows -> rows.size() != 1 ? Future.succeededFuture(loaded) // no demo meeting, or theme loaded
                : DemoTheme.load(tx).map(true))))
        .compose(loaded -> pool.withTransaction(tx -> tx
            .query("SELECT key FROM app_meta WHERE key IN ('demo.meeting', 'demo.pool') FOR UPDATE").execute()
            .compose(rows -> rows.size() != 1 ? Future.succeededFuture(loaded) // no demo meeting, or pool loaded
                : DemoPool.load(tx).map(true))))
        .compose(loaded -> pool.withTransaction(tx -> tx
            .query("SELECT key FROM app_meta WHERE key IN ('demo.theme', 'demo.plan') FOR UPDATE").execute()
            .compose(rows -> rows.size() != 1 ? Future.succeededFuture(loaded) // no demo theme, or plan loaded
                : DemoPlan.load(tx).map(true))))
        .onSuccess(loaded -> LOG.info(loaded ? "demo data loaded" : "demo data already present"));
  }

  private static Future<Void> loadIdentity(SqlClient tx, String hash) {
    List<Long> orgIds = new ArrayList<>();
    List<Long> sectorIds = new ArrayList<>();
    List<Long> committeeIds = new ArrayList<>();
    List<Long> departmentIds = new ArrayList<>();
    Future<Void> f = insertId(tx, "INSERT INTO organization (name, level) VALUES ($1, 'CITY') RETURNING id",
        Tuple.of(CITY), orgIds);
    for (String county : COUNTIES) {
      f = f.compose(v -> insertId(tx, "INSERT INTO organization (name, level, parent_id) VALUES ($1, 'COUNTY', $2) RETURNING id",
          Tuple.of(county, orgIds.get(0)), orgIds));
    }
    for (String s : SECTORS) {
      f = f.compose(v -> insertId(tx, "INSERT INTO sector (name) VALUES ($1) RETURNING id", Tuple.of(s), sectorIds));
    }
    for (String c : COMMITTEES) {
      f = f.compose(v -> insertId(tx, "INSERT INTO committee (organization_id, name) VALUES ($1, $2) RETURNING id",
          Tuple.of(orgIds.get(0), c), committeeIds));
    }
    for (String d : DEPARTMENTS) {
      f = f.compose(v -> insertId(tx, "INSERT INTO department (organization_id, name) VALUES ($1, $2) RETURNING id",
          Tuple.of(orgIds.get(0), d), departmentIds));
    }
    return f.compose(v -> {
      List<Tuple> rows = new ArrayList<>();
      int n = 0;
      for (Person person : people()) {
        n++;
        String phone = person.roles()[0].equals("PUBLIC") ? String.format("1390000%04d", n) : null;
        rows.add(Tuple.from(new Object[]{person.username(), person.name(), person.roles(), orgIds.get(person.org()),
            person.sector() == null ? null : sectorIds.get(person.sector()),
            person.committee() == null ? null : committeeIds.get(person.committee()),
            person.department() == null ? null : departmentIds.get(person.department()),
            person.standing(), hash, phone}));
      }
      return tx.preparedQuery("""
              INSERT INTO account (username, display_name, roles, organization_id, sector_id, committee_id,
                                   department_id, standing_committee, password_hash, phone)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""").executeBatch(rows);
    })
        .compose(v -> tx.query("INSERT INTO app_meta (key, value) VALUES ('demo.identity', '1')").execute())
        .compose(v -> AuditLog.record(tx, AuditLog.By.system(), "demo.load", "demo", "identity",
            new JsonObject().put("accounts", people().size())));
  }

  private static Future<Void> insertId(SqlClient tx, String sql, Tuple args, List<Long> into) {
    return tx.preparedQuery(sql).execute(args).map(rows -> {
      into.add(rows.iterator().next().getLong(0));
      return null;
    });
  }

  public static void printAccounts(String password, int port) {
    StringBuilder sb = new StringBuilder("\n演示账号 (demo accounts), 密码 (password): ").append(password).append('\n');
    for (Person p : people()) {
      if (p.username().startsWith("member") && !p.username().equals("member01") && !p.username().equals("member02")) {
        continue;
      }
      if (p.username().startsWith("public") && !p.username().equals("public01")) {
        continue;
      }
      sb.append(String.format("  %-15s %s%n", p.username(), p.label()));
    }
    sb.append("  member03 … member36 委员, public02 … public05 界别群众代表\n");
    System.out.println(sb);
  }
}
