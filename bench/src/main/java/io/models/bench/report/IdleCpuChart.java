package io.models.bench.report;

import static io.models.bench.report.ChartStyle.font;

import io.models.bench.sweep.Measurement;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/** The idle chart: a bar per model, its server's CPU with idle connections as a % of one core, against the 2% target. */
final class IdleCpuChart {

    private IdleCpuChart() {
    }

    static Charts.Chart draw(Path dir, String file, String title, List<Measurement> rows) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Measurement r : rows) {
            data.addValue(r.cpuPercent(), "CPU", r.step().subject().name());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, "", "% of one core", data,
                PlotOrientation.HORIZONTAL, false, false, false);
        ChartStyle.style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, ChartStyle.SERIES);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}%", new DecimalFormat("0.00")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(font(12));
        CategoryAxis cats = plot.getDomainAxis();
        cats.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        cats.setTickLabelFont(font(12));
        ValueAxis values = plot.getRangeAxis();
        values.setUpperMargin(0.15);
        plot.addRangeMarker(ChartStyle.limit(2.0, "2% target", 11, RectangleAnchor.BOTTOM_RIGHT, TextAnchor.BOTTOM_LEFT));
        return ChartStyle.save(chart, dir, file, title, ChartStyle.HEIGHT);
    }
}
