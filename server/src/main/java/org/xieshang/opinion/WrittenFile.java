package org.xieshang.opinion;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.xieshang.platform.http.Attachment;
import org.xieshang.platform.http.DomainError;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The text of a written opinion uploaded as DOCX (Apache POI) or PDF (Apache PDFBox). A file that
 * cannot be read, or yields no text (a scan), is refused with the reason, so nothing empty is stored.
 * Blocking: call it off the event loop.
 */
public final class WrittenFile {
  /** As long as a written opinion may be: a long research report, not a book. */
  public static final int MAX_CHARS = 100_000;
  /** Pages read from a PDF: a written opinion is not a book, and a hostile file should not take minutes. */
  static final int MAX_PAGES = 300;

  private WrittenFile() {}

  public static String text(Attachment file) {
    String raw;
    try {
      raw = Attachment.PDF.equals(file.mediaType()) ? pdf(file.data()) : docx(file.data());
    } catch (DomainError e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw DomainError.invalid("data", "文件已损坏、加密或不是有效的 " + (Attachment.PDF.equals(file.mediaType()) ? "PDF" : "DOCX")
          + "，无法读取其中的文字");
    }
    String text = raw.replace("\r", "").replaceAll("[ \\t\\u00a0\\u3000]+", " ").replaceAll("\\n\\s*\\n+", "\n\n").strip();
    if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
      throw DomainError.invalid("data", "未能从文件中读出文字（可能是扫描件或图片），请上传含文字的文件，或直接填写意见");
    }
    if (text.length() > MAX_CHARS) {
      throw DomainError.invalid("data", "文件中的文字超过 " + MAX_CHARS / 10_000 + " 万字，请精简或分开提交");
    }
    return text;
  }

  private static String pdf(byte[] data) throws IOException {
    // decoded streams go to temporary files, not the heap: a small PDF can inflate to a great deal
    try (PDDocument doc = Loader.loadPDF(data, "", null, null, IOUtils.createTempFileOnlyStreamCache())) {
      if (doc.getNumberOfPages() > MAX_PAGES) {
        throw DomainError.invalid("data", "PDF 超过 " + MAX_PAGES + " 页，请精简或分开提交");
      }
      return new PDFTextStripper().getText(doc);
    }
  }

  private static String docx(byte[] data) throws IOException {
    try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(data));
         XWPFWordExtractor extractor = new XWPFWordExtractor(doc)) {
      return extractor.getText();
    }
  }
}
