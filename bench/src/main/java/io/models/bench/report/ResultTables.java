package io.models.bench.report;

import static io.models.bench.report.Figures.cpu;
import static io.models.bench.report.Figures.cpuPercent;
import static io.models.bench.report.Figures.errs;
import static io.models.bench.report.Figures.genCpu;
import static io.models.bench.report.Figures.mb;
import static io.models.bench.report.Figures.name;
import static io.models.bench.report.Figures.num;
import static io.models.bench.report.Figures.perMb;
import static io.models.bench.report.Figures.perRequest;
import static io.models.bench.report.Figures.rate;
import static io.models.bench.report.Figures.rss;
import static io.models.bench.report.Figures.starved;
import static io.models.bench.report.Figures.threads;
import static io.models.bench.report.Figures.us;

import io.models.bench.load.Shape;
import io.models.bench.sweep.Measurement;
import java.util.List;
import java.util.function.UnaryOperator;

/** The report's table of rows for one load shape: its columns, and a skipped row's cells. */
public final class ResultTables {

    /** What a cell read from the server's process says when its process was not known (a --target without --pid). */
    public static final String NOT_MEASURED = "not measured";

    private ResultTables() {
    }

    /** @param proc false if the server's process was not known: its CPU, threads and RSS say "not measured" */
    static void table(StringBuilder md, Shape shape, List<Measurement> rows, boolean proc) {
        UnaryOperator<String> p = cell -> proc ? cell : NOT_MEASURED; // a cell read from the server's process
        switch (shape) {
            case PING_PONG_64, PING_PONG_4K, POOL, HEAVY, HOLD -> {
                md.append("| model | connections | requests/s | MB/s | p50 µs | p99 µs | p99.9 µs | server CPU s "
                        + "| load generator CPU s | CPU µs/request | threads | RSS MiB | errors | starved |\n");
                md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
                for (Measurement r : rows) {
                    cells(md, r, name(r), num(r.connections()), rate(r), mb(r), us(r.p50Ns()), us(r.p99Ns()), us(r.p999Ns()),
                            p.apply(cpu(r)), genCpu(r), p.apply(perRequest(r)), p.apply(threads(r)), p.apply(rss(r)), errs(r),
                            starved(r));
                }
            }
            case MIXED -> {
                md.append("| model | idle | active | requests/s | p50 µs | p99 µs | p99.9 µs | server CPU s "
                        + "| CPU µs/request | threads | RSS MiB | errors | starved |\n");
                md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
                for (Measurement r : rows) {
                    cells(md, r, name(r), num(r.step().load().idle()), num(r.step().load().active()), rate(r), us(r.p50Ns()),
                            us(r.p99Ns()), us(r.p999Ns()), p.apply(cpu(r)), p.apply(perRequest(r)), p.apply(threads(r)),
                            p.apply(rss(r)), errs(r), starved(r));
                }
            }
            case STREAM -> {
                md.append("| model | connections | MB/s | server CPU s | load generator CPU s | CPU ms/MB | threads | RSS MiB | errors | starved |\n");
                md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
                for (Measurement r : rows) {
                    cells(md, r, name(r), num(r.connections()), mb(r), p.apply(cpu(r)), genCpu(r), p.apply(perMb(r)),
                            p.apply(threads(r)), p.apply(rss(r)), errs(r), starved(r));
                }
            }
            case IDLE -> {
                md.append("| model | idle connections | server CPU, % of one core | server CPU s | threads | RSS MiB | errors | unanswered |\n");
                md.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
                for (Measurement r : rows) {
                    cells(md, r, r.step().subject().name(), num(r.connections()), p.apply(cpuPercent(r)), p.apply(cpu(r)),
                            p.apply(threads(r)), p.apply(rss(r)), errs(r), starved(r));
                }
            }
        }
    }

    /** One row; a row that did not run says "skipped" after its name and connections, its other cells empty. */
    private static void cells(StringBuilder md, Measurement r, String... cells) {
        if (!r.ran()) {
            md.append("| ").append(cells[0]).append(" | ").append(cells[1]).append(" | skipped");
            for (int i = 3; i < cells.length; i++) {
                md.append(" | ");
            }
            md.append(" |\n");
            return;
        }
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
}
