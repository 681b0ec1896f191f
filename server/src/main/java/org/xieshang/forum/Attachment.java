package org.xieshang.forum;

import java.util.Locale;
import java.util.Map;

/**
 * A file attached to a post. Only a few kinds are accepted, recognised by their first bytes (never by
 * the name or the type the client claims), so nothing a browser would run can be uploaded.
 */
public record Attachment(String fileName, String mediaType, byte[] data) {
  private static final Map<String, String> EXTENSIONS = Map.of(
      "pdf", "application/pdf",
      "png", "image/png",
      "jpg", "image/jpeg",
      "jpeg", "image/jpeg",
      "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

  /** The media type the content really has, or null when it is not an accepted kind. */
  public static String sniff(String fileName, byte[] data) {
    String name = fileName.toLowerCase(Locale.ROOT);
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    String type = EXTENSIONS.get(ext);
    if (type == null) {
      return null;
    }
    boolean ok = switch (type) {
      case "application/pdf" -> starts(data, 0x25, 0x50, 0x44, 0x46, 0x2d); // %PDF-
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
