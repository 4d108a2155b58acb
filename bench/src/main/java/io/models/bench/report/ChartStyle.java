package io.models.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;

/** What every chart the bench draws shares: its size, white background, grey grid, fonts and axes, and the PNG it is saved as. */
final class ChartStyle {

    static final int WIDTH = 900;
    static final int HEIGHT = 520;
    static final Color GRID = new Color(0xdddddd);
    /** The red of a target or a ceiling. */
    static final Color LIMIT = new Color(0xd62728);
    /** The blue of a chart's one series. */
    static final Color SERIES = new Color(0x1f77b4);

    private ChartStyle() {
    }

    static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(font(16).deriveFont(Font.BOLD));
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(font(12));
        }
        var plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            grid(xy);
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(GRID);
        }
    }

    static void grid(XYPlot plot) {
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
    }

    static Font font(int size) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, size);
    }

    /** A log axis of powers of ten, from {@code smallest}. */
    static LogAxis logAxis(String label, String format, double smallest) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setNumberFormatOverride(new DecimalFormat(format));
        axis.setSmallestValue(smallest);
        axis.setLabelFont(font(13));
        return axis;
    }

    static void fromZero(NumberAxis axis) {
        axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
        axis.setAutoRangeIncludesZero(true);
    }

    /** A dashed red line at a value a series must stay on the right side of, labelled. */
    static ValueMarker limit(double value, String label, int fontSize, RectangleAnchor anchor, TextAnchor textAnchor) {
        ValueMarker limit = new ValueMarker(value, LIMIT, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
        limit.setLabel(label);
        limit.setLabelFont(font(fontSize));
        limit.setLabelPaint(LIMIT);
        limit.setLabelAnchor(anchor);
        limit.setLabelTextAnchor(textAnchor);
        return limit;
    }

    /** Saves the chart as {@code dir/file}, {@link #WIDTH} wide. */
    static Charts.Chart save(JFreeChart chart, Path dir, String file, String title, int height) throws IOException {
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, WIDTH, height);
        return new Charts.Chart(file, title);
    }
}
