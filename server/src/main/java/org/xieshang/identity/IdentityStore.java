package org.xieshang.identity;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** All SQL of the identity capability. */
final class IdentityStore {
  private static final String ACCOUNT_COLUMNS = """
      id, username, display_name, phone, roles, organization_id, sector_id, committee_id, department_id,
      standing_committee, must_change_password, active""";

  private IdentityStore() {}

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  record Credentials(Account account, String passwordHash) {}

  static Future<Optional<Credentials>> credentials(SqlClient db, String username) {
    return db.preparedQuery("SELECT " + ACCOUNT_COLUMNS + ", password_hash FROM account WHERE username = $1")
        .execute(Tuple.of(username))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new Credentials(Account.from(rows.iterator().next()),
                rows.iterator().next().getString("password_hash"))));
  }

  static Future<Optional<Account>> account(SqlClient db, long id) {
    return db.preparedQuery("SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Account.from(rows.iterator().next())));
  }

  static Future<List<Account>> accountsById(SqlClient db, Long[] ids) {
    return db.preparedQuery("SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE id = ANY($1)")
        .execute(Tuple.of((Object) ids))
        .map(IdentityStore::toAccounts);
  }

  static Future<List<Account>> accounts(SqlClient db, String role, String query, int limit, int offset) {
    return db.preparedQuery("SELECT " + ACCOUNT_COLUMNS + """
             FROM account
            WHERE ($1::text IS NULL OR $1 = ANY(roles))
              AND ($2::text IS NULL OR display_name LIKE '%' || $2 || '%' OR username LIKE '%' || $2 || '%')
            ORDER BY id LIMIT $3 OFFSET $4""")
        .execute(Tuple.of(role, query, limit, offset))
        .map(IdentityStore::toAccounts);
  }

  static Future<Long> insertAccount(SqlClient db, NewAccount a, String passwordHash, boolean mustChangePassword) {
    return db.preparedQuery("""
            INSERT INTO account (username, display_name, phone, roles, organization_id, sector_id, committee_id,
                                 department_id, standing_committee, password_hash, must_change_password)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""")
        .execute(Tuple.from(accountTuple(a, passwordHash, mustChangePassword)))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /**
   * The public account with this phone, made when there is none: username p + phone, no password (they
   * join by an invitation link), the organisation named after the county. An existing account keeps its
   * name and organisation.
   */
  static Future<Long> publicAccountByPhone(SqlClient db, String phone, String displayName, String county) {
    return db.preparedQuery("""
            INSERT INTO account (username, display_name, roles, phone, organization_id)
            VALUES ('p' || $1, $2, ARRAY['PUBLIC'], $1,
                    (SELECT id FROM organization WHERE name = $3 || '政协' OR name = $3 LIMIT 1))
            ON CONFLICT (phone) DO UPDATE SET phone = EXCLUDED.phone RETURNING id""")
        .execute(Tuple.of(phone, displayName, county))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** One multi-row INSERT for an import: all rows commit together or none do. */
  static Future<List<Long>> insertAccounts(SqlClient db, List<NewAccount> accounts, List<String> hashes) {
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      batch.add(Tuple.from(accountTuple(accounts.get(i), hashes.get(i), true)));
    }
    return db.preparedQuery("""
            INSERT INTO account (username, display_name, phone, roles, organization_id, sector_id, committee_id,
                                 department_id, standing_committee, password_hash, must_change_password)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""")
        .executeBatch(batch)
        .map(rows -> {
          List<Long> ids = new ArrayList<>();
          for (RowSet<Row> rs = rows; rs != null; rs = rs.next()) {
            rs.forEach(r -> ids.add(r.getLong("id")));
          }
          return ids;
        });
  }

  private static List<Object> accountTuple(NewAccount a, String passwordHash, boolean mustChange) {
    String[] roles = a.roles().stream().map(Enum::name).toArray(String[]::new);
    List<Object> values = new ArrayList<>();
    values.add(a.username());
    values.add(a.displayName());
    values.add(a.phone());
    values.add(roles);
    values.add(a.organizationId());
    values.add(a.sectorId());
    values.add(a.committeeId());
    values.add(a.departmentId());
    values.add(a.standingCommittee());
    values.add(passwordHash);
    values.add(mustChange);
    return values;
  }

  static Future<Integer> setRoles(SqlClient db, long id, Set<Role> roles) {
    return db.preparedQuery("UPDATE account SET roles = $2 WHERE id = $1")
        .execute(Tuple.of(id, (Object) roles.stream().map(Enum::name).toArray(String[]::new)))
        .map(RowSet::rowCount);
  }

  static Future<Void> setPassword(SqlClient db, long id, String hash) {
    return db.preparedQuery("UPDATE account SET password_hash = $2, must_change_password = false WHERE id = $1")
        .execute(Tuple.of(id, hash)).mapEmpty();
  }

  static Future<Set<String>> takenUsernames(SqlClient db, List<String> usernames) {
    return db.preparedQuery("SELECT username FROM account WHERE username = ANY($1)")
        .execute(Tuple.of((Object) usernames.toArray(String[]::new)))
        .map(rows -> {
          Set<String> out = new HashSet<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  static Future<Set<String>> takenPhones(SqlClient db, List<String> phones) {
    return db.preparedQuery("SELECT phone FROM account WHERE phone = ANY($1)")
        .execute(Tuple.of((Object) phones.toArray(String[]::new)))
        .map(rows -> {
          Set<String> out = new HashSet<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  // ---- login throttle ----

  static Future<Optional<Instant>> lockedUntil(SqlClient db, String username) {
    return db.preparedQuery("SELECT locked_until FROM login_throttle WHERE username = $1")
        .execute(Tuple.of(username))
        .map(rows -> {
          if (rows.size() == 0 || rows.iterator().next().getOffsetDateTime(0) == null) {
            return Optional.empty();
          }
          return Optional.of(rows.iterator().next().getOffsetDateTime(0).toInstant());
        });
  }

  /** Counts one more failure and returns the new count. */
  static Future<Integer> countFailure(SqlClient db, String username, Instant now) {
    return db.preparedQuery("""
            INSERT INTO login_throttle (username, failures, last_failure_at) VALUES ($1, 1, $2)
            ON CONFLICT (username) DO UPDATE SET failures = login_throttle.failures + 1, last_failure_at = $2
            RETURNING failures""")
        .execute(Tuple.of(username, utc(now)))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  static Future<Void> lock(SqlClient db, String username, Instant until) {
    return db.preparedQuery("UPDATE login_throttle SET locked_until = $2 WHERE username = $1")
        .execute(Tuple.of(username, utc(until))).mapEmpty();
  }

  static Future<Void> clearFailures(SqlClient db, String username) {
    return db.preparedQuery("DELETE FROM login_throttle WHERE username = $1").execute(Tuple.of(username)).mapEmpty();
  }

  // ---- refresh tokens ----

  static Future<Void> insertRefreshToken(SqlClient db, long accountId, byte[] hash, Instant expiresAt) {
    return db.preparedQuery("INSERT INTO refresh_token (account_id, token_hash, expires_at) VALUES ($1, $2, $3)")
        .execute(Tuple.of(accountId, Buffer.buffer(hash), utc(expiresAt))).mapEmpty();
  }

  record RefreshToken(long id, long accountId, Instant expiresAt, Instant revokedAt) {}

  static Future<Optional<RefreshToken>> refreshToken(SqlClient db, byte[] hash) {
    return db.preparedQuery("""
            SELECT id, account_id, expires_at, revoked_at FROM refresh_token WHERE token_hash = $1 FOR UPDATE""")
        .execute(Tuple.of(Buffer.buffer(hash)))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          OffsetDateTime revoked = r.getOffsetDateTime("revoked_at");
          return Optional.of(new RefreshToken(r.getLong("id"), r.getLong("account_id"),
              r.getOffsetDateTime("expires_at").toInstant(), revoked == null ? null : revoked.toInstant()));
        });
  }

  static Future<Void> revokeRefreshToken(SqlClient db, long id) {
    return db.preparedQuery("UPDATE refresh_token SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /** Puts an access token on the deny list until it expires, and drops entries of tokens long expired. */
  static Future<Void> revokeAccessToken(SqlClient db, UUID jti, long accountId, Instant expires) {
    return db.preparedQuery("""
            INSERT INTO revoked_access_token (jti, account_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING""")
        .execute(Tuple.of(jti, accountId, expires.atOffset(ZoneOffset.UTC)))
        .compose(x -> db.preparedQuery("DELETE FROM revoked_access_token WHERE expires_at < now() - interval '1 hour'").execute())
        .mapEmpty();
  }

  static Future<Boolean> accessTokenRevoked(SqlClient db, UUID jti) {
    return db.preparedQuery("SELECT 1 FROM revoked_access_token WHERE jti = $1").execute(Tuple.of(jti))
        .map(rows -> rows.size() > 0);
  }

  static Future<Void> revokeAllRefreshTokens(SqlClient db, long accountId) {
    return db.preparedQuery("UPDATE refresh_token SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(accountId)).mapEmpty();
  }

  // ---- phone codes ----

  record PhoneCode(byte[] codeHash, Instant expiresAt, int attempts, Instant sentAt) {}

  static Future<Optional<PhoneCode>> phoneCode(SqlClient db, String phone) {
    return db.preparedQuery("SELECT code_hash, expires_at, attempts, sent_at FROM phone_code WHERE phone = $1 FOR UPDATE")
        .execute(Tuple.of(phone))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new PhoneCode(r.getBuffer("code_hash").getBytes(),
              r.getOffsetDateTime("expires_at").toInstant(), r.getInteger("attempts"),
              r.getOffsetDateTime("sent_at").toInstant()));
        });
  }

  static Future<Void> savePhoneCode(SqlClient db, String phone, byte[] hash, Instant expiresAt, Instant sentAt) {
    return db.preparedQuery("""
            INSERT INTO phone_code (phone, code_hash, expires_at, attempts, sent_at) VALUES ($1, $2, $3, 0, $4)
            ON CONFLICT (phone) DO UPDATE SET code_hash = $2, expires_at = $3, attempts = 0, sent_at = $4""")
        .execute(Tuple.of(phone, Buffer.buffer(hash), utc(expiresAt), utc(sentAt))).mapEmpty();
  }

  static Future<Void> countPhoneCodeAttempt(SqlClient db, String phone) {
    return db.preparedQuery("UPDATE phone_code SET attempts = attempts + 1 WHERE phone = $1")
        .execute(Tuple.of(phone)).mapEmpty();
  }

  static Future<Void> deletePhoneCode(SqlClient db, String phone) {
    return db.preparedQuery("DELETE FROM phone_code WHERE phone = $1").execute(Tuple.of(phone)).mapEmpty();
  }

  // ---- directory ----

  static Future<JsonArray> organizations(SqlClient db) {
    return db.query("SELECT id, name, level, parent_id FROM organization ORDER BY id").execute()
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
              .put("level", r.getString("level")).put("parentId", r.getLong("parent_id"))));
          return out;
        });
  }

  static Future<JsonArray> sectors(SqlClient db) {
    return db.query("SELECT id, name FROM sector ORDER BY id").execute()
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))));
          return out;
        });
  }

  /** Committees or departments (same shape: a name within an organisation). */
  static Future<JsonArray> unitsOf(SqlClient db, String table) {
    return db.query("SELECT id, organization_id, name FROM " + table + " ORDER BY id").execute()
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id"))
              .put("organizationId", r.getLong("organization_id")).put("name", r.getString("name"))));
          return out;
        });
  }

  static Future<Long> insertOrganization(SqlClient db, String name, String level, Long parentId) {
    return db.preparedQuery("INSERT INTO organization (name, level, parent_id) VALUES ($1, $2, $3) RETURNING id")
        .execute(Tuple.of(name, level, parentId)).map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Long> insertSector(SqlClient db, String name) {
    return db.preparedQuery("INSERT INTO sector (name) VALUES ($1) RETURNING id")
        .execute(Tuple.of(name)).map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<Long> insertUnit(SqlClient db, String table, long organizationId, String name) {
    return db.preparedQuery("INSERT INTO " + table + " (organization_id, name) VALUES ($1, $2) RETURNING id")
        .execute(Tuple.of(organizationId, name)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Names to ids, for roster imports. */
  static Future<RosterImport.Directory> directory(SqlClient db) {
    return db.query("""
            SELECT 'organization' AS kind, id, NULL::bigint AS org, name FROM organization
            UNION ALL SELECT 'sector', id, NULL, name FROM sector
            UNION ALL SELECT 'committee', id, organization_id, name FROM committee
            UNION ALL SELECT 'department', id, organization_id, name FROM department""").execute()
        .map(rows -> {
          Map<String, Long> orgs = new HashMap<>();
          Map<String, Long> sectors = new HashMap<>();
          Map<Long, Map<String, Long>> committees = new HashMap<>();
          Map<Long, Map<String, Long>> departments = new HashMap<>();
          for (Row r : rows) {
            switch (r.getString("kind")) {
              case "organization" -> orgs.put(r.getString("name"), r.getLong("id"));
              case "sector" -> sectors.put(r.getString("name"), r.getLong("id"));
              case "committee" -> committees.computeIfAbsent(r.getLong("org"), k -> new HashMap<>())
                  .put(r.getString("name"), r.getLong("id"));
              default -> departments.computeIfAbsent(r.getLong("org"), k -> new HashMap<>())
                  .put(r.getString("name"), r.getLong("id"));
            }
          }
          return new RosterImport.Directory(orgs, sectors, committees, departments);
        });
  }

  static Future<Boolean> exists(SqlClient db, String table, long id) {
    return db.preparedQuery("SELECT 1 FROM " + table + " WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() > 0);
  }

  private static List<Account> toAccounts(RowSet<Row> rows) {
    List<Account> out = new ArrayList<>();
    rows.forEach(r -> out.add(Account.from(r)));
    return out;
  }
}
