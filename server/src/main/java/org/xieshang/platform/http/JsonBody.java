package org.xieshang.platform.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a JSON request body field by field, collecting every field at fault, so one response names
 * all of them. Call {@link #validate()} after reading: it throws a 422 DomainError if any field was bad.
 */
public final class JsonBody {
  private final JsonObject json;
  private final List<FieldError> errors = new ArrayList<>();

  private JsonBody(JsonObject json) {
    this.json = json;
  }

  /** The field name of the body as a whole in a 400 (JSONPath's root: no request field is called that). */
  public static final String WHOLE_BODY = "$";

  public static JsonBody of(RoutingContext ctx) {
    byte[] bytes = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    String text = strictUtf8(bytes, WHOLE_BODY);
    if (text.isBlank()) {
      throw DomainError.malformed(WHOLE_BODY, "请求体为空，应为 JSON 对象");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw DomainError.malformed(WHOLE_BODY, "请求体不是有效的 JSON");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw DomainError.malformed(WHOLE_BODY, "请求体应为 JSON 对象");
    }
    List<FieldError> surrogates = new ArrayList<>();
    loneSurrogates("", object, surrogates);
    if (!surrogates.isEmpty()) {
      throw new DomainError(400, "malformed-request", "请求格式错误",
          surrogates.get(0).field() + ": " + surrogates.get(0).message(), surrogates, null);
    }
    return new JsonBody(object);
  }

  /**
   * The body as UTF-8, refusing any invalid byte sequence: a lenient decode would store U+FFFD in place
   * of what the sender meant, and nobody would know. Encoded surrogates (ED A0 80) are invalid UTF-8 too.
   */
  static String strictUtf8(byte[] bytes, String field) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw DomainError.malformed(field, "不是有效的 UTF-8 编码（第 " + (in.position() + 1) + " 字节起）");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  // an escaped lone surrogate in JSON (backslash, u, D800) parses to a Java char PostgreSQL would store as "?"
  private static void loneSurrogates(String path, Object value, List<FieldError> found) {
    if (value instanceof JsonObject o) {
      for (var e : o) {
        String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (hasLoneSurrogate(e.getKey()) || e.getKey().indexOf('\u0000') >= 0) {
          found.add(new FieldError(field, "字段名含有无效的 Unicode 代理字符"));
        }
        loneSurrogates(field, e.getValue(), found);
      }
    } else if (value instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        loneSurrogates(path + "[" + i + "]", a.getValue(i), found);
      }
    } else if (value instanceof String s && hasLoneSurrogate(s)) {
      found.add(new FieldError(path, "含有无效的 Unicode 字符（不成对的代理项），请检查输入"));
    } else if (value instanceof String s && s.indexOf('\u0000') >= 0) {
      // PostgreSQL text cannot hold U+0000: refused here, not as a 500 from the INSERT
      found.add(new FieldError(path, "含有不允许的空字符（U+0000）"));
    }
  }

  static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  public static JsonBody of(JsonObject json) {
    return new JsonBody(json == null ? new JsonObject() : json);
  }

  public JsonObject raw() {
    return json;
  }

  public JsonBody fail(String field, String message) {
    errors.add(new FieldError(field, message));
    return this;
  }

  /** A required text, trimmed, with a length in characters (code points) between min and max. */
  public String text(String field, int min, int max) {
    Object v = json.getValue(field);
    if (v == null) {
      fail(field, "必填");
      return null;
    }
    return checkText(field, v, min, max);
  }

  /** An optional text: null when absent or blank. */
  public String optionalText(String field, int max) {
    Object v = json.getValue(field);
    if (v == null || (v instanceof String s && s.isBlank())) {
      return null;
    }
    return checkText(field, v, 1, max);
  }

  /** A text matching a pattern (phone numbers, codes). */
  public String matching(String field, Pattern pattern, String description, boolean required) {
    String s = required ? text(field, 1, 200) : optionalText(field, 200);
    if (s != null && !pattern.matcher(s).matches()) {
      fail(field, "格式不正确，应为" + description);
      return null;
    }
    return s;
  }

  public Long optionalId(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    fail(field, "应为正整数编号");
    return null;
  }

  public Long id(String field) {
    if (json.getValue(field) == null) {
      fail(field, "必填");
      return null;
    }
    return optionalId(field);
  }

  public Integer integer(String field, int min, int max, Integer fallback) {
    Object v = json.getValue(field);
    if (v == null) {
      if (fallback == null) {
        fail(field, "必填");
      }
      return fallback;
    }
    if (v instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= min && n.longValue() <= max) {
      return n.intValue();
    }
    fail(field, "应为 " + min + " 到 " + max + " 之间的整数");
    return null;
  }

  public boolean bool(String field, boolean fallback) {
    Object v = json.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    fail(field, "应为 true 或 false");
    return fallback;
  }

  public List<String> texts(String field, int minItems, int maxItems, int maxLength) {
    Object v = json.getValue(field);
    if (v == null) {
      if (minItems > 0) {
        fail(field, "必填");
      }
      return List.of();
    }
    if (!(v instanceof JsonArray array) || array.size() < minItems || array.size() > maxItems) {
      fail(field, "应为包含 " + minItems + " 到 " + maxItems + " 项的列表");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String s = checkText(field + "[" + i + "]", array.getValue(i), 1, maxLength);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  public <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback) {
    Object v = json.getValue(field);
    if (v == null) {
      if (fallback == null) {
        fail(field, "必填");
      }
      return fallback;
    }
    try {
      return Enum.valueOf(type, v.toString());
    } catch (IllegalArgumentException e) {
      fail(field, "取值无效：" + v);
      return null;
    }
  }

  /** A time with its offset, e.g. 2026-12-01T09:00:00+08:00; null when absent (and then "必填"). */
  public OffsetDateTime time(String field) {
    String s = text(field, 10, 40);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeParseException e) {
      fail(field, "应为带时区的时间，如 2026-12-01T09:00:00+08:00");
      return null;
    }
  }

  /** A calendar date, e.g. 2026-12-31; null when absent (and then "必填"). */
  public LocalDate date(String field) {
    String s = text(field, 10, 10);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      fail(field, "应为日期，如 2026-12-31");
      return null;
    }
  }

  /** A list of at most maxItems positive ids; empty when absent. */
  public List<Long> ids(String field, int maxItems) {
    Object v = json.getValue(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray array) || array.size() > maxItems
        || !array.stream().allMatch(x -> x instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue())) {
      fail(field, "应为至多 " + maxItems + " 个正整数编号的列表");
      return List.of();
    }
    return array.stream().map(x -> ((Number) x).longValue()).distinct().toList();
  }

  public void validate() {
    if (!errors.isEmpty()) {
      throw DomainError.validation(errors);
    }
  }

  private String checkText(String field, Object v, int min, int max) {
    if (!(v instanceof String s)) {
      fail(field, "应为文本");
      return null;
    }
    String t = s.strip();
    int length = t.codePointCount(0, t.length());
    if (length < min) {
      fail(field, min <= 1 ? "不能为空" : "至少 " + min + " 个字");
      return null;
    }
    if (length > max) {
      fail(field, "不能超过 " + max + " 个字");
      return null;
    }
    if (t.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      fail(field, "含有不允许的控制字符");
      return null;
    }
    return t;
  }
}
