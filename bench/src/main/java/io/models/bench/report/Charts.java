package io.models.bench.report;

import io.models.bench.load.Shape;
import io.models.bench.server.CReference;
import io.models.bench.sweep.Measurement;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The PNG charts: throughput and p99 against connections, RSS and threads, idle CPU, poll vs epoll. */
public final class Charts {

    /** A chart written: its file name (beside the report) and its title. */
    public record Chart(String file, String title) {
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    /** The models' colours, given by their order (the chapters' variants, then the C reference). */
    private static final List<Color> PALETTE = List.of(new Color(0x7f7f7f), new Color(0xd62728), new Color(0xff9896),
            new Color(0xff7f0e), new Color(0xffbb78), new Color(0x2ca02c), new Color(0x9467bd), new Color(0x1f77b4),
            new Color(0x393b79), new Color(0xaec7e8), new Color(0xc5b0d5), new Color(0xc49c94), new Color(0xe377c2),
            new Color(0x8c564b), new Color(0xbcbd22), new Color(0x17becf), new Color(0x98df8a), new Color(0xf7b6d2),
            new Color(0xdbdb8d), new Color(0x9edae5), new Color(0x637939), new Color(0x7b4173), new Color(0x843c39));

    private final Path dir;
    /** One colour per model, the same in every chart and every run. */
    private final Map<String, Color> colours = new LinkedHashMap<>();

    private Charts(Path dir, List<String> models) {
        this.dir = dir;
        for (String m : models) {
            colours.put(m, colour(models, m));
        }
    }

    /** A model's colour: the palette's by the model's place among every model (black for one not there, a --target). */
    public static Color colour(List<String> models, String model) {
        int at = models.indexOf(model);
        return at < 0 ? Color.BLACK : PALETTE.get(at % PALETTE.size());
    }

    /**
     * Draws every chart the results have data for, into {@code dir}.
     *
     * @param models every model the bench knows, in order: its colour is its place
     */
    public static List<Chart> write(Path dir, String name, List<Measurement> results, List<String> models) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Charts c = new Charts(dir, models);
        List<Chart> charts = new ArrayList<>();
        List<Measurement> small = ran(results, Shape.PING_PONG_64);
        if (!small.isEmpty()) {
            charts.add(c.xy(name + "-throughput.png", "Throughput: ping-pong 64 B, requests/s against connections",
                    "connections", "requests/s", small, r -> r.connections(), Measurement::requestsPerSecond, true, 0));
            charts.add(c.xy(name + "-p99.png", "Latency: ping-pong 64 B, p99 against connections",
                    "connections", "p99 latency, µs (log)", small.stream().filter(r -> r.p99Ns() > 0).toList(),
                    r -> r.connections(), r -> r.p99Ns() / 1e3, true, -1));
        }
        // Memory and threads: every point that held N connections (ping-pong, active + idle, the hold).
        List<Measurement> held = new ArrayList<>(small);
        held.addAll(ran(results, Shape.MIXED).stream().filter(r -> r.step().load().idle() > 0).toList());
        held.addAll(ran(results, Shape.HOLD));
        held.removeIf(r -> r.rssKiB() <= 0);
        if (!held.isEmpty()) {
            charts.add(c.xy(name + "-rss.png", "Server RSS against connections open (ping-pong 64 B, 100 active + idle, hold)",
                    "connections open", "RSS, MiB", held, r -> r.connections(), Measurement::rssMiB, true, 0));
            charts.add(c.xy(name + "-threads.png", "Server threads against connections open (ping-pong 64 B, 100 active + idle, hold)",
                    "connections open", "threads (log)", held, r -> r.connections(), Measurement::threads, true, 1));
        }
        // CPU per request means something only where every connection was served.
        List<Measurement> mixed = ran(results, Shape.MIXED).stream()
                .filter(r -> r.requests() > 0 && r.clean() && !Double.isNaN(r.cpuSeconds())).toList();
        if (!mixed.isEmpty()) {
            charts.add(c.xy(name + "-idle-beside-active.png",
                    "100 active connections beside idle ones: server CPU per request",
                    "idle connections beside the 100 active", "server CPU µs per request", mixed,
                    r -> r.step().load().idle(), Measurement::cpuPerRequestUs, false, 0));
        }
        List<Measurement> idle = ran(results, Shape.IDLE).stream().filter(r -> !Double.isNaN(r.cpuSeconds())).toList();
        if (!idle.isEmpty()) {
            charts.add(c.bars(name + "-idle-cpu.png", "1000 idle connections: server CPU, % of one core", idle));
        }
        return charts;
    }

    /**
     * One panel of {@link #overTime}: a series against time, with the level it is judged from and the
     * ceiling it must not end above (NaN for none).
     */
    public record Panel(String label, double[] x, double[] y, double level, double ceiling) {
    }

    /**
     * Panels stacked on one time axis, in one PNG (the soak's four series): each with a dotted line at
     * its level and a dashed red one at its ceiling, and a vertical line at {@code mark} (the end of
     * the first minute).
     */
    public static Chart overTime(Path dir, String file, String title, String xLabel, List<Panel> panels, double mark,
                                 String markLabel) throws IOException {
        System.setProperty("java.awt.headless", "true");
        NumberAxis time = new NumberAxis(xLabel);
        time.setLabelFont(font(13));
        time.setAutoRangeIncludesZero(true);
        org.jfree.chart.plot.CombinedDomainXYPlot plot = new org.jfree.chart.plot.CombinedDomainXYPlot(time);
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
            renderer.setSeriesPaint(0, new Color(0x1f77b4));
            renderer.setSeriesStroke(0, new BasicStroke(2.0f));
            XYPlot sub = new XYPlot(new XYSeriesCollection(series), null, values, renderer);
            sub.setBackgroundPaint(Color.WHITE);
            sub.setDomainGridlinePaint(new Color(0xdddddd));
            sub.setRangeGridlinePaint(new Color(0xdddddd));
            if (!Double.isNaN(p.level())) {
                sub.addRangeMarker(new ValueMarker(p.level(), new Color(0x7f7f7f), new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 1f, new float[] {2f, 3f}, 0f)));
            }
            if (!Double.isNaN(p.ceiling())) {
                ValueMarker ceiling = new ValueMarker(p.ceiling(), new Color(0xd62728), new BasicStroke(1.5f,
                        BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
                ceiling.setLabel("allowed");
                ceiling.setLabelFont(font(10));
                ceiling.setLabelPaint(new Color(0xd62728));
                ceiling.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
                ceiling.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
                sub.addRangeMarker(ceiling);
            }
            if (!series.isEmpty()) {
                double low = series.getMinY();
                double high = series.getMaxY();
                for (double v : new double[] {p.level(), p.ceiling()}) {
                    if (!Double.isNaN(v)) {
                        low = Math.min(low, v);
                        high = Math.max(high, v);
                    }
                }
                double pad = Math.max((high - low) * 0.15, Math.max(1, Math.abs(high) * 0.02));
                values.setRange(Math.max(0, low - pad), high + pad);
            }
            ValueMarker first = new ValueMarker(mark, new Color(0x555555), new BasicStroke(1f));
            if (plot.getSubplots().isEmpty()) { // said once, on the top panel
                first.setLabel(markLabel);
                first.setLabelFont(font(10));
                first.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
                first.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
            }
            sub.addDomainMarker(first);
            plot.add(sub, 1);
        }
        JFreeChart chart = new JFreeChart(title, font(16).deriveFont(Font.BOLD), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, WIDTH, 220 * Math.max(1, panels.size()));
        return new Chart(file, title);
    }

    private static List<Measurement> ran(List<Measurement> results, Shape shape) {
        return results.stream().filter(r -> r.step().shape() == shape && r.ran() && r.step().main()).toList();
    }

    /**
     * @param logX   a log connections axis (1, 10, 100, ...); else linear from 0
     * @param yFloor 0 for a linear y axis from 0; else a log one: -1 for its automatic range, or its
     *               lowest value
     */
    private Chart xy(String file, String title, String xLabel, String yLabel, List<Measurement> rows,
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
        style(chart);
        List<String> unclean = rows.stream().filter(r -> !r.clean())
                .map(r -> r.step().subject().name() + " at " + String.format(Locale.ROOT, "%,d", r.connections()))
                .distinct().toList();
        if (!unclean.isEmpty()) {
            TextTitle note = new TextTitle("with errors or starved connections (see the tables): " + String.join(", ", unclean),
                    font(11));
            note.setPaint(new Color(0x555555));
            chart.addSubtitle(note);
        }
        List<String> bound = rows.stream().filter(Measurement::loadBound)
                .map(r -> r.step().subject().name() + " at " + String.format(Locale.ROOT, "%,d", r.connections()))
                .distinct().toList();
        if (!bound.isEmpty()) {
            TextTitle note = new TextTitle("load-bound (the load generator saturated, the server not: it measured the "
                    + "load generator): " + String.join(", ", bound), font(11));
            note.setPaint(new Color(0xAA3300));
            chart.addSubtitle(note);
        }
        if (logX) {
            plot.setDomainAxis(logAxis(xLabel, "#,##0", 0.5));
        } else {
            fromZero((NumberAxis) plot.getDomainAxis());
        }
        if (logY) {
            LogAxis yAxis = logAxis(yLabel, "#,##0.#", 0.1);
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
            fromZero((NumberAxis) plot.getRangeAxis());
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
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, WIDTH, HEIGHT);
        return new Chart(file, title);
    }

    /** A log axis of powers of ten, from {@code smallest}. */
    private static LogAxis logAxis(String label, String format, double smallest) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setNumberFormatOverride(new DecimalFormat(format));
        axis.setSmallestValue(smallest);
        axis.setLabelFont(font(13));
        return axis;
    }

    private static void fromZero(NumberAxis axis) {
        axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
        axis.setAutoRangeIncludesZero(true);
    }

    private Chart bars(String file, String title, List<Measurement> rows) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Measurement r : rows) {
            data.addValue(r.cpuPercent(), "CPU", r.step().subject().name());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, "", "% of one core", data,
                PlotOrientation.HORIZONTAL, false, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}%", new DecimalFormat("0.00")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(font(12));
        CategoryAxis cats = plot.getDomainAxis();
        cats.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        cats.setTickLabelFont(font(12));
        ValueAxis values = plot.getRangeAxis();
        values.setUpperMargin(0.15);
        ValueMarker target = new ValueMarker(2.0, new Color(0xd62728), new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
        target.setLabel("2% target");
        target.setLabelFont(font(11));
        target.setLabelPaint(new Color(0xd62728));
        target.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_RIGHT);
        target.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(target);
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, WIDTH, HEIGHT);
        return new Chart(file, title);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(font(16).deriveFont(Font.BOLD));
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(font(12));
        }
        var plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(new Color(0xdddddd));
            xy.setRangeGridlinePaint(new Color(0xdddddd));
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(new Color(0xdddddd));
        }
    }

    private static Font font(int size) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, size);
    }
}
