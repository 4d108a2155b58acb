package io.models.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
final class Charts {

    /** A chart written: its file name (beside the report) and its title. */
    record Chart(String file, String title) {
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    /** One colour per model, the same in every chart. */
    private static final Map<String, Color> COLOURS = new LinkedHashMap<>();

    static {
        COLOURS.put("01-blocking", new Color(0x7f7f7f));
        COLOURS.put("02-threadpool", new Color(0xd62728));
        COLOURS.put("02-threadpool --pool 8", new Color(0xff9896));
        COLOURS.put("03-nonblocking", new Color(0xff7f0e));
        COLOURS.put("03-nonblocking --idle-sleep-ms 1", new Color(0xffbb78));
        COLOURS.put("04-select", new Color(0x2ca02c));
        COLOURS.put("05-aio", new Color(0x9467bd));
        COLOURS.put("06-selectors", new Color(0x1f77b4));
        COLOURS.put("07-virtual-threads", new Color(0x393b79));
        COLOURS.put(Subject.REACTORS.name(), new Color(0xaec7e8));
        COLOURS.put(Subject.NETTY_NIO.name(), new Color(0xe377c2));
        COLOURS.put(Subject.NETTY_EPOLL.name(), new Color(0x8c564b));
        COLOURS.put(Subject.NETTY_IO_URING.name(), new Color(0xbcbd22));
        COLOURS.put(Subject.C.name(), new Color(0x17becf));
    }

    private Charts() {
    }

    static List<Chart> write(Path dir, String name, List<Result> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Chart> charts = new ArrayList<>();
        List<Result> small = ran(results, Shape.PING_PONG_64);
        if (!small.isEmpty()) {
            charts.add(xy(dir, name + "-throughput.png", "Throughput: ping-pong 64 B, requests/s against connections",
                    "connections", "requests/s", small, r -> r.connections(), Result::requestsPerSecond, true, 0));
            charts.add(xy(dir, name + "-p99.png", "Latency: ping-pong 64 B, p99 against connections",
                    "connections", "p99 latency, µs (log)", small.stream().filter(r -> r.p99Ns() > 0).toList(),
                    r -> r.connections(), r -> r.p99Ns() / 1e3, true, -1));
        }
        // Memory and threads: every point that held N connections (ping-pong, active + idle, the hold).
        List<Result> held = new ArrayList<>(small);
        held.addAll(ran(results, Shape.MIXED).stream().filter(r -> r.step().load().idle() > 0).toList());
        held.addAll(ran(results, Shape.HOLD));
        held.removeIf(r -> r.rssKiB() <= 0);
        if (!held.isEmpty()) {
            charts.add(xy(dir, name + "-rss.png", "Server RSS against connections open (ping-pong 64 B, 100 active + idle, hold)",
                    "connections open", "RSS, MiB", held, r -> r.connections(), Result::rssMiB, true, 0));
            charts.add(xy(dir, name + "-threads.png", "Server threads against connections open (ping-pong 64 B, 100 active + idle, hold)",
                    "connections open", "threads (log)", held, r -> r.connections(), Result::threads, true, -1, 1));
        }
        // CPU per request means something only where every connection was served.
        List<Result> mixed = ran(results, Shape.MIXED).stream().filter(r -> r.requests() > 0 && r.clean() && !Double.isNaN(r.cpuSeconds())).toList();
        if (!mixed.isEmpty()) {
            charts.add(xy(dir, name + "-idle-beside-active.png",
                    "100 active connections beside idle ones: server CPU per request",
                    "idle connections beside the 100 active", "server CPU µs per request", mixed,
                    r -> r.step().load().idle(), Result::cpuPerRequestUs, false, 0));
        }
        List<Result> idle = ran(results, Shape.IDLE).stream().filter(r -> !Double.isNaN(r.cpuSeconds())).toList();
        if (!idle.isEmpty()) {
            charts.add(bars(dir, name + "-idle-cpu.png", "1000 idle connections: server CPU, % of one core", idle));
        }
        return charts;
    }

    private static List<Result> ran(List<Result> results, Shape shape) {
        return results.stream().filter(r -> r.step().shape() == shape && r.ran()).toList();
    }

    /**
     * @param logX  a log connections axis (1, 10, 100, ...); else linear from 0
     * @param yLow  a linear y axis from 0 (0), or a log one (-1)
     * @param yFloor for a log y axis, its lowest value (0 for automatic)
     */
    private static Chart xy(Path dir, String file, String title, String xLabel, String yLabel, List<Result> rows,
                            ToDoubleFunction<Result> x, ToDoubleFunction<Result> y, boolean logX, int yLow) throws IOException {
        return xy(dir, file, title, xLabel, yLabel, rows, x, y, logX, yLow, 0);
    }

    private static Chart xy(Path dir, String file, String title, String xLabel, String yLabel, List<Result> rows,
                            ToDoubleFunction<Result> x, ToDoubleFunction<Result> y, boolean logX, int yLow,
                            double yFloor) throws IOException {
        boolean logY = yLow < 0;
        Map<String, XYSeries> bySubject = new LinkedHashMap<>();
        java.util.Set<String> models = new java.util.LinkedHashSet<>(COLOURS.keySet()); // the chapters in order,
        rows.forEach(r -> models.add(r.step().subject().name())); // then any other (a --target)
        for (String model : models) {
            for (Result r : rows) {
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
                .map(r -> r.step().subject().name() + " at " + String.format(java.util.Locale.ROOT, "%,d", r.connections()))
                .distinct().toList();
        if (!unclean.isEmpty()) {
            TextTitle note = new TextTitle("with errors or starved connections (see the tables): " + String.join(", ", unclean),
                    font(11));
            note.setPaint(new Color(0x555555));
            chart.addSubtitle(note);
        }
        if (logX) {
            LogAxis xAxis = new LogAxis(xLabel);
            xAxis.setBase(10);
            xAxis.setTickUnit(new NumberTickUnit(1));
            xAxis.setNumberFormatOverride(new DecimalFormat("#,##0"));
            xAxis.setSmallestValue(0.5);
            xAxis.setLabelFont(font(13));
            plot.setDomainAxis(xAxis);
        } else {
            NumberAxis xAxis = (NumberAxis) plot.getDomainAxis();
            xAxis.setNumberFormatOverride(new DecimalFormat("#,##0"));
            xAxis.setAutoRangeIncludesZero(true);
        }
        if (logY) {
            LogAxis yAxis = new LogAxis(yLabel);
            yAxis.setBase(10);
            yAxis.setTickUnit(new NumberTickUnit(1));
            yAxis.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
            yAxis.setSmallestValue(0.1);
            yAxis.setLabelFont(font(13));
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
            NumberAxis yAxis = (NumberAxis) plot.getRangeAxis();
            yAxis.setNumberFormatOverride(new DecimalFormat("#,##0"));
            yAxis.setAutoRangeIncludesZero(true);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = (String) data.getSeriesKey(i);
            renderer.setSeriesPaint(i, COLOURS.getOrDefault(key, Color.BLACK));
            renderer.setSeriesStroke(i, new BasicStroke(key.startsWith("C ") ? 2.0f : 2.5f,
                    BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                    key.startsWith("C ") ? new float[] {6f, 4f} : null, 0f));
        }
        plot.setRenderer(renderer);
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, WIDTH, HEIGHT);
        return new Chart(file, title);
    }

    private static Chart bars(Path dir, String file, String title, List<Result> rows) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Result r : rows) {
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
