package io.models.bench.report;

import static io.models.bench.report.ChartStyle.font;

import io.models.bench.server.CReference;
import io.models.bench.sweep.Measurement;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A chart of one line per model in its own colour (the C reference dashed), rows with errors or load-bound named under the title. */
final class LineChart {

    private final Path dir;
    /** One colour per model, the same in every chart and every run. */
    private final Map<String, Color> colours;

    LineChart(Path dir, Map<String, Color> colours) {
        this.dir = dir;
        this.colours = colours;
    }

    /**
     * @param logX   a log connections axis (1, 10, 100, ...); else linear from 0
     * @param yFloor 0 for a linear y axis from 0; else a log one: -1 for its automatic range, or its
     *               lowest value
     */
    Charts.Chart draw(String file, String title, String xLabel, String yLabel, List<Measurement> rows,
                      ToDoubleFunction<Measurement> x, ToDoubleFunction<Measurement> y, boolean logX, double yFloor)
            throws IOException {
        boolean logY = yFloor != 0;
        Map<String, XYSeries> bySubject = new LinkedHashMap<>();
        Set<String> models = new LinkedHashSet<>(colours.keySet()); // every model in order,
        rows.forEach(r -> models.add(r.step().subject().name())); // then any other (a --target)
        for (String model : models) {
            for (Measurement r : rows) {
                if (r.step().subject().name().equals(model)) {
                    double v = y.applyAsDouble(r);
                    if (!Double.isNaN(v) && (!logY || v > 0)) {
                        bySubject.computeIfAbsent(model, XYSeries::new).add(x.applyAsDouble(r), v);
                    }
                }
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        bySubject.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        ChartStyle.style(chart);
        note(chart, rows.stream().filter(r -> !r.clean()).toList(), new Color(0x555555),
                "with errors or starved connections (see the tables): ");
        note(chart, rows.stream().filter(Measurement::loadBound).toList(), new Color(0xAA3300),
                "load-bound (the load generator saturated, the server not: it measured the load generator): ");
        if (logX) {
            plot.setDomainAxis(ChartStyle.logAxis(xLabel, "#,##0", 0.5));
        } else {
            ChartStyle.fromZero((NumberAxis) plot.getDomainAxis());
        }
        if (logY) {
            LogAxis yAxis = ChartStyle.logAxis(yLabel, "#,##0.#", 0.1);
            plot.setRangeAxis(yAxis);
            if (yFloor > 0) {
                yAxis.setAutoRange(false);
                double max = 1;
                for (int i = 0; i < data.getSeriesCount(); i++) {
                    max = Math.max(max, data.getSeries(i).getMaxY());
                }
                yAxis.setRange(yFloor, max * 2);
            }
        } else {
            ChartStyle.fromZero((NumberAxis) plot.getRangeAxis());
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = (String) data.getSeriesKey(i);
            boolean reference = key.equals(CReference.SUBJECT.name());
            renderer.setSeriesPaint(i, colours.getOrDefault(key, Color.BLACK));
            renderer.setSeriesStroke(i, new BasicStroke(reference ? 2.0f : 2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
                    1f, reference ? new float[] {6f, 4f} : null, 0f));
        }
        plot.setRenderer(renderer);
        return ChartStyle.save(chart, dir, file, title, ChartStyle.HEIGHT);
    }

    /** A line under the title naming these rows (model at connections), if there are any. */
    private static void note(JFreeChart chart, List<Measurement> rows, Color colour, String what) {
        List<String> named = rows.stream()
                .map(r -> r.step().subject().name() + " at " + String.format(Locale.ROOT, "%,d", r.connections()))
                .distinct().toList();
        if (!named.isEmpty()) {
            TextTitle note = new TextTitle(what + String.join(", ", named), font(11));
            note.setPaint(colour);
            chart.addSubtitle(note);
        }
    }
}
