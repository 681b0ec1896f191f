package org.xieshang.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The report's figures as PNG images (JFreeChart): opinions by venue or county and by sector as bars,
 * and the opinion map — each voter a point coloured by opinion group. Drawn with a Chinese font so
 * the labels read; one figure per chart, captioned by the export. Blocking (Java2D): off the event loop.
 */
public final class ReportCharts {
  /** A figure: the section it belongs after, its caption, and the PNG. */
  public record Chart(String section, String caption, byte[] png, int width, int height) {}

  static final int WIDTH = 900;
  static final int HEIGHT = 420;
  private static final Color[] GROUPS = {new Color(0xB6, 0x3A, 0x33), new Color(0x1D, 0x4E, 0xD8), new Color(0x15, 0x80, 0x3D),
      new Color(0xA1, 0x62, 0x07), new Color(0x6D, 0x28, 0xD9)};

  private ReportCharts() {}

  /**
   * The charts of a report's figures ({byBody, bySector, map: {points: [[x, y, group]]}}), in the order
   * they appear; a figure with nothing to show is left out.
   */
  public static List<Chart> of(JsonObject figures, ChineseFont font) {
    List<Chart> out = new ArrayList<>();
    JsonObject byBody = figures.getJsonObject("byBody", new JsonObject());
    JsonObject byPlace = figures.getJsonObject("byPlace", new JsonObject()); // reports drafted before bodies were counted apart
    if (!byBody.isEmpty()) {
      out.add(new Chart("basics", "各政协（市、区县）意见数", bars(byBody, "意见数（条）", font), WIDTH, HEIGHT));
    } else if (!byPlace.isEmpty()) {
      out.add(new Chart("basics", "各会场（区县）意见数", bars(byPlace, "意见数（条）", font), WIDTH, HEIGHT));
    }
    JsonObject bySector = figures.getJsonObject("bySector", new JsonObject());
    if (!bySector.isEmpty()) {
      out.add(new Chart("basics", "各界别意见数", bars(bySector, "意见数（条）", font), WIDTH, HEIGHT));
    }
    JsonObject map = figures.getJsonObject("map");
    if (map != null && !map.getJsonArray("points", new JsonArray()).isEmpty()) {
      out.add(new Chart("consensus", "观点分布图（每点为一位参与表态者，颜色为观点群体）", map(map, font), WIDTH, WIDTH * 2 / 3));
    }
    return out;
  }

  static byte[] bars(JsonObject counts, String axis, ChineseFont font) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    counts.forEach(e -> data.addValue(((Number) e.getValue()).doubleValue(), "意见", e.getKey()));
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(), new NumberAxis(axis), new BarRenderer());
    JFreeChart chart = themed(font).apply(new JFreeChart(null, font.awt(14), plot, false));
    style(plot); // after the theme, which would paint over it
    return png(chart, WIDTH, HEIGHT);
  }

  private static void style(CategoryPlot plot) {
    plot.setOrientation(PlotOrientation.VERTICAL);
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setSeriesPaint(0, GROUPS[0]);
    r.setShadowVisible(false);
    r.setMaximumBarWidth(0.08);
    plot.getDomainAxis().setMaximumCategoryLabelLines(2);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xD1, 0xD5, 0xDB));
    ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
  }

  static byte[] map(JsonObject map, ChineseFont font) {
    XYSeriesCollection data = new XYSeriesCollection();
    int k = Math.max(1, map.getInteger("k", 1));
    List<XYSeries> series = new ArrayList<>();
    for (int g = 0; g < k; g++) {
      XYSeries s = new XYSeries("观点群体" + ReportDraft.GROUP_NAMES[g % ReportDraft.GROUP_NAMES.length], false, true);
      series.add(s);
      data.addSeries(s);
    }
    map.getJsonArray("points").forEach(o -> {
      JsonArray p = (JsonArray) o;
      int g = p.getInteger(2);
      if (g >= 0 && g < k) {
        series.get(g).add(p.getDouble(0), p.getDouble(1));
      }
    });
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
    XYPlot plot = new XYPlot(data, new NumberAxis("主成分一"), new NumberAxis("主成分二"), r);
    JFreeChart chart = themed(font).apply(new JFreeChart(null, font.awt(14), plot, true));
    plot.setBackgroundPaint(Color.WHITE);
    for (int g = 0; g < k; g++) {
      r.setSeriesPaint(g, GROUPS[g % GROUPS.length]);
      r.setSeriesShape(g, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    return png(chart, WIDTH, WIDTH * 2 / 3);
  }

  private static UnaryOperator<JFreeChart> themed(ChineseFont font) {
    StandardChartTheme theme = new StandardChartTheme("xieshang");
    theme.setExtraLargeFont(font.awt(20));
    theme.setLargeFont(font.awt(17));
    theme.setRegularFont(font.awt(15));
    theme.setSmallFont(font.awt(13));
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setChartBackgroundPaint(Color.WHITE);
    return chart -> {
      theme.apply(chart);
      return chart;
    };
  }

  private static byte[] png(JFreeChart chart, int width, int height) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
