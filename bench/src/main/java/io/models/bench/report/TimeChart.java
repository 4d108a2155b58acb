package io.models.bench.report;

import static io.models.bench.report.ChartStyle.font;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Series against time, stacked in one PNG on one time axis (the soak's four), each with its level and its ceiling. */
public final class TimeChart {

    /**
     * One panel of {@link #draw}: a series against time, with the level it is judged from and the
     * ceiling it must not end above (NaN for none).
     */
    public record Panel(String label, double[] x, double[] y, double level, double ceiling) {
    }

    private TimeChart() {
    }

    /**
     * Panels stacked on one time axis, in one PNG (the soak's four series): each with a dotted line at
     * its level and a dashed red one at its ceiling, and a vertical line at {@code mark} (the end of
     * the first minute).
     */
    public static Charts.Chart draw(Path dir, String file, String title, String xLabel, List<Panel> panels, double mark,
                                    String markLabel) throws IOException {
        System.setProperty("java.awt.headless", "true");
        NumberAxis time = new NumberAxis(xLabel);
        time.setLabelFont(font(13));
        time.setAutoRangeIncludesZero(true);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        for (Panel p : panels) {
            XYSeries series = new XYSeries(p.label());
            for (int i = 0; i < p.x().length; i++) {
                if (!Double.isNaN(p.y()[i]) && p.y()[i] >= 0) {
                    series.add(p.x()[i], p.y()[i]);
                }
            }
            NumberAxis values = new NumberAxis(p.label());
            values.setLabelFont(font(12));
            values.setAutoRangeIncludesZero(false); // the series' own range, the level and the ceiling: a growth of 2 shows
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, p.x().length <= 40);
            renderer.setSeriesPaint(0, ChartStyle.SERIES);
            renderer.setSeriesStroke(0, new BasicStroke(2.0f));
            XYPlot sub = new XYPlot(new XYSeriesCollection(series), null, values, renderer);
            sub.setBackgroundPaint(Color.WHITE);
            ChartStyle.grid(sub);
            if (!Double.isNaN(p.level())) {
                sub.addRangeMarker(new ValueMarker(p.level(), new Color(0x7f7f7f), new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 1f, new float[] {2f, 3f}, 0f)));
            }
            if (!Double.isNaN(p.ceiling())) {
                sub.addRangeMarker(ChartStyle.limit(p.ceiling(), "allowed", 10, RectangleAnchor.TOP_RIGHT, TextAnchor.BOTTOM_RIGHT));
            }
            if (!series.isEmpty()) {
                values.setRange(range(series, p));
            }
            ValueMarker first = new ValueMarker(mark, new Color(0x555555), new BasicStroke(1f));
            if (plot.getSubplots().isEmpty()) { // said once, on the top panel
                first.setLabel(markLabel);
                first.setLabelFont(font(10));
                first.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                first.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            }
            sub.addDomainMarker(first);
            plot.add(sub, 1);
        }
        JFreeChart chart = new JFreeChart(title, font(16).deriveFont(Font.BOLD), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return ChartStyle.save(chart, dir, file, title, 220 * Math.max(1, panels.size()));
    }

    /** The series' own range with its level and ceiling in it, padded, from 0 at the lowest. */
    private static Range range(XYSeries series, Panel p) {
        double low = series.getMinY();
        double high = series.getMaxY();
        for (double v : new double[] {p.level(), p.ceiling()}) {
            if (!Double.isNaN(v)) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        double pad = Math.max((high - low) * 0.15, Math.max(1, Math.abs(high) * 0.02));
        return new Range(Math.max(0, low - pad), high + pad);
    }
}
