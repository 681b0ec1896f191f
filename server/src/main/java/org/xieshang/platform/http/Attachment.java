package org.xieshang.platform.http;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A file uploaded or sent: an attachment of a post, a written opinion, a report export. Uploads are
 * accepted only of a few kinds, recognised by their first bytes (never by the name or the type the
 * client claims), so nothing a browser would run can be uploaded.
 */
public record Attachment(String fileName, String mediaType, byte[] data) {
  public static final String PDF = "application/pdf";
  public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

  private static final Map<String, String> EXTENSIONS = Map.of(
      "pdf", PDF,
      "png", "image/png",
      "jpg", "image/jpeg",
      "jpeg", "image/jpeg",
      "docx", DOCX);

  /**
   * The file in a JSON body ({fileName, data: Base64}) if it is one of the accepted media types and
   * 1 byte to maxBytes long; otherwise the fields at fault are marked on the body and null returned.
   */
  public static Attachment read(JsonBody body, long maxBytes, Set<String> accepted, String acceptedNames) {
    String fileName = body.text("fileName", 1, 120);
    String data = body.raw().getValue("data") instanceof String s ? s : null;
    byte[] bytes = null;
    if (data == null) {
      body.fail("data", "必填：文件内容的 Base64 编码");
    } else {
      try {
        bytes = Base64.getDecoder().decode(data);
      } catch (IllegalArgumentException e) {
        body.fail("data", "不是有效的 Base64");
      }
    }
    if (bytes != null && (bytes.length == 0 || bytes.length > maxBytes)) {
      body.fail("data", "文件大小应在 1 字节到 " + maxBytes / 1024 / 1024 + " MB 之间");
      return null;
    }
    String type = fileName != null && bytes != null ? sniff(fileName, bytes) : null;
    if (fileName != null && bytes != null && (type == null || !accepted.contains(type))) {
      body.fail("fileName", "只接受 " + acceptedNames + " 文件，且内容须与扩展名相符");
      return null;
    }
    return type == null ? null : new Attachment(fileName, type, bytes);
  }

  /** The media type the content really has, or null when it is not an accepted kind. */
  public static String sniff(String fileName, byte[] data) {
    String name = fileName.toLowerCase(Locale.ROOT);
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    String type = EXTENSIONS.get(ext);
    if (type == null) {
      return null;
    }
    boolean ok = switch (type) {
      case PDF -> starts(data, 0x25, 0x50, 0x44, 0x46, 0x2d); // %PDF-
      case "image/png" -> starts(data, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
      case "image/jpeg" -> starts(data, 0xff, 0xd8, 0xff);
      default -> starts(data, 0x50, 0x4b, 0x03, 0x04); // DOCX is a ZIP package
    };
    return ok ? type : null;
  }

  private static boolean starts(byte[] data, int... magic) {
    if (data.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((data[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
