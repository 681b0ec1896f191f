package org.xieshang.report;

import io.vertx.core.Future;
import org.xieshang.platform.http.DomainError;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A TrueType font with Chinese glyphs, for what the server draws itself: charts (Java2D) and PDF
 * (embedded by PDFBox, which embeds TrueType outlines only — not the CFF outlines of Noto CJK). The
 * configured report.font-file, else the first of the usual places that exists.
 */
public final class ChineseFont {
  /** Debian/Ubuntu packages fonts-droid-fallback, fonts-wqy-microhei (TTF build), fonts-arphic-ukai/uming (TTF). */
  static final List<String> USUAL = List.of(
      "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
      "/usr/share/fonts/truetype/wqy/wqy-microhei.ttf",
      "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
      "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
      "/System/Library/Fonts/Supplemental/Songti.ttf",
      "C:/Windows/Fonts/simhei.ttf");

  private final Path file;
  private final Font awt;

  /**
   * For Java2D: the platform's SansSerif when it shows Chinese and digits alike (fontconfig falls back
   * across installed fonts), else this font (which may lack Latin glyphs: DroidSansFallback does).
   */
  private ChineseFont(Path file, Font own) {
    this.file = file;
    Font logical = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    this.awt = logical.canDisplayUpTo("各会场意见数0123") == -1 ? logical : own;
  }

  /** The font, or empty when none is configured or installed (charts and PDF are then not offered). */
  public static Optional<ChineseFont> find(String configured) {
    List<String> candidates = configured == null || configured.isBlank() ? USUAL : List.of(configured);
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isReadable(p)) {
        try {
          return Optional.of(new ChineseFont(p, Font.createFont(Font.TRUETYPE_FONT, p.toFile())));
        } catch (FontFormatException | IOException e) {
          // not a usable TrueType font: try the next
        }
      }
    }
    return Optional.empty();
  }

  /** The font a PDF embeds, or 503 naming what to install: every PDF export asks here. */
  public static Future<ChineseFont> forPdf(Optional<ChineseFont> font) {
    return font.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
        DomainError.unavailable("no-chinese-font", "服务器未安装中文字体，暂不能导出 PDF",
            "请管理员安装 fonts-droid-fallback，或在配置项 report.font-file 中指定含中文字形的 TrueType 字体")));
  }

  public Path file() {
    return file;
  }

  /** The font charts are drawn with, at the given size. */
  public Font awt(float size) {
    return awt.deriveFont(size);
  }
}
