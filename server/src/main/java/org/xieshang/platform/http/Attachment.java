package org.xieshang.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A file uploaded or sent: an attachment of a post, a written opinion, a report export. Uploads are
 * accepted only of a few kinds, recognised by their first bytes (never by the name or the type the
 * client claims), and then checked whole by {@link #contentProblem}, the one content check of every
 * upload: an image must decode, a Word or Excel file must be a real OOXML package within zip-bomb limits.
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

  /** At most this many entries in an uploaded OOXML package (a long report has a few hundred). */
  public static final int ZIP_MAX_ENTRIES = 1_000;
  /** At most this much inflated, all entries together: a 10 MB document with images inflates to little more. */
  public static final long ZIP_MAX_TOTAL_BYTES = 100L * 1024 * 1024;
  /** An entry inflating more than this many times its compressed size (past 1 MiB) is a zip bomb. */
  public static final int ZIP_MAX_RATIO = 100;
  /** Images larger than this are refused before they are decoded (a small PNG can declare 100,000²). */
  public static final long IMAGE_MAX_PIXELS = 40_000_000L;

  /** This file after the content check, off the event loop; fails with a 422 on data when it does not pass. */
  public Future<Attachment> checked(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      String problem = contentProblem(mediaType, data);
      if (problem != null) {
        throw DomainError.invalid("data", problem);
      }
      return this;
    }, false);
  }

  /**
   * Why the content is not a file of the type its first bytes claim, or null when it is (blocking:
   * it inflates and decodes). PDF is only recognised here; the opinion store reads it with PDFBox.
   */
  public static String contentProblem(String mediaType, byte[] data) {
    try {
      return switch (mediaType) {
        case "image/png", "image/jpeg" -> imageProblem(mediaType, data);
        case DOCX -> ooxmlProblem(data, "word/document.xml", "wordprocessingml.document.main+xml", "Word 文档");
        case UploadedTable.XLSX -> ooxmlProblem(data, "xl/workbook.xml", "spreadsheetml.sheet.main+xml", "Excel 工作簿");
        default -> null;
      };
    } catch (IOException | RuntimeException e) {
      return "文件已损坏或不是有效的 " + kind(mediaType);
    }
  }

  private static String kind(String mediaType) {
    return switch (mediaType) {
      case "image/png" -> "PNG 图片";
      case "image/jpeg" -> "JPEG 图片";
      case DOCX -> "Word 文档（.docx）";
      case UploadedTable.XLSX -> "Excel 工作簿（.xlsx）";
      default -> "文件";
    };
  }

  private static final byte[] PNG_END = {0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, (byte) 0xae, 0x42, 0x60, (byte) 0x82};

  private static String imageProblem(String mediaType, byte[] data) throws IOException {
    boolean png = mediaType.equals("image/png");
    if (png && !Arrays.equals(data, data.length - PNG_END.length, data.length, PNG_END, 0, PNG_END.length)) {
      return "PNG 图片应以 IEND 结束，文件末尾不能附加其他内容";
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(png ? "png" : "jpeg");
    if (!readers.hasNext()) {
      return null; // no decoder in this JVM: the magic bytes have been checked
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in, true, true);
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels <= 0 || pixels > IMAGE_MAX_PIXELS) {
        return "图片尺寸过大（最多 " + IMAGE_MAX_PIXELS / 1_000_000 + " 百万像素）";
      }
      reader.read(0); // decoded whole: a header followed by a script fails here
      return null;
    } finally {
      reader.dispose();
    }
  }

  /** Streams the package, counting what really inflates (declared sizes can lie), and looks for its main parts. */
  private static String ooxmlProblem(byte[] data, String mainPart, String mainType, String what) throws IOException {
    Counting counted = new Counting(new ByteArrayInputStream(data));
    Set<String> names = new HashSet<>();
    String contentTypes = null;
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (ZipInputStream zip = new ZipInputStream(counted, StandardCharsets.UTF_8)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (names.size() >= ZIP_MAX_ENTRIES) {
          return what + "中的条目过多（最多 " + ZIP_MAX_ENTRIES + " 个）";
        }
        if (!names.add(entry.getName())) {
          return what + "中有重复的条目：" + entry.getName();
        }
        if (entry.getSize() > ZIP_MAX_TOTAL_BYTES) {
          return what + "解压后过大（最多 " + ZIP_MAX_TOTAL_BYTES / 1024 / 1024 + " MB）";
        }
        long startIn = counted.count;
        long inflated = 0;
        boolean keep = entry.getName().equals("[Content_Types].xml");
        ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
        int n;
        while ((n = zip.read(buffer)) > 0) {
          inflated += n;
          total += n;
          if (total > ZIP_MAX_TOTAL_BYTES) {
            return what + "解压后过大（最多 " + ZIP_MAX_TOTAL_BYTES / 1024 / 1024 + " MB）";
          }
          if (inflated > 1024 * 1024 && inflated > ZIP_MAX_RATIO * Math.max(1, counted.count - startIn)) {
            return what + "的压缩比异常（疑似压缩炸弹）";
          }
          if (keep && kept.size() < 1024 * 1024) {
            kept.write(buffer, 0, n);
          }
        }
        if (keep) {
          contentTypes = kept.toString(StandardCharsets.UTF_8);
        }
      }
    }
    if (contentTypes == null || !names.contains(mainPart) || !contentTypes.contains(mainType)) {
      return "不是有效的" + what + "（缺少 [Content_Types].xml 或 " + mainPart + "）";
    }
    if (names.stream().anyMatch(name -> name.toLowerCase(Locale.ROOT).endsWith("vbaproject.bin"))) {
      return what + "含有宏，不予接受";
    }
    return null;
  }

  /** Counts the compressed bytes the inflater has taken, to see each entry's real ratio while streaming. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
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
