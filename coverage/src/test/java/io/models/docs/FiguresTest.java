package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark figure the pages quote is read here from the committed run it cites,
 * bench/results/latest.csv (the data behind latest.md), or from latest.md's own tables. A figure is
 * registered below with its page and the text around it in each language ({} marks the figure):
 * {@link #FIGURES} for the root README, {@link #PAGES} for every other page that cites the run (a
 * page's Chinese twin is its path with {@code .zh.md}). A one-off measurement is not registered. The test
 * computes the figure from the results file, formats it as the page does, and looks for the text.
 * When the benchmark is rerun and a figure moves, the failure names the page, the figure, the row
 * and what the results file now says, so the page can be updated at once.
 */
class FiguresTest {

    /** One row of latest.csv, by its columns' names. */
    record Row(Map<String, String> cells) {
        double num(String column) {
            String v = cells.get(column);
            if (v == null || v.isEmpty()) {
                throw new IllegalStateException("no " + column + " in " + cells);
            }
            return Double.parseDouble(v);
        }
    }

    /** Where a figure comes from, what it is, and how the pages write it. */
    record Source(String what, Function<Results, String> value) {}

    /** A figure as each page writes it: page, text with {} for the figure. */
    record Figure(Source source, Map<String, String> texts) {}

    /** The committed results: latest.csv's rows and latest.md's lines. */
    record Results(List<Row> rows, List<String> md) {
        static Results of(Path root) throws IOException {
            List<String> lines = Files.readAllLines(root.resolve("bench/results/latest.csv"));
            String[] head = lines.get(0).split(",");
            List<Row> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> cells = splitCsv(line);
                Map<String, String> m = new java.util.HashMap<>();
                for (int i = 0; i < head.length && i < cells.size(); i++) {
                    m.put(head[i], cells.get(i));
                }
                rows.add(new Row(m));
            }
            return new Results(rows, Files.readAllLines(root.resolve("bench/results/latest.md")));
        }

        Row row(String shape, String model, int active, int idle) {
            return rows.stream().filter(r -> r.cells().get("shape").equals(shape) && r.cells().get("model").equals(model)
                            && Integer.parseInt(r.cells().get("active")) == active && Integer.parseInt(r.cells().get("idle")) == idle)
                    .findFirst().orElseThrow(() -> new AssertionError("latest.csv has no row " + shape + ", " + model
                            + ", " + active + " active, " + idle + " idle"));
        }

        Row rowBy(String shape, String model, int active, String generator) {
            return rows.stream().filter(r -> r.cells().get("shape").equals(shape) && r.cells().get("model").equals(model)
                            && Integer.parseInt(r.cells().get("active")) == active && generator.equals(r.cells().get("generator")))
                    .findFirst().orElseThrow(() -> new AssertionError("latest.csv has no row " + shape + ", " + model
                            + ", " + active + " active, load generator " + generator));
        }

        /** Some cells of a row of a table of latest.md, joined with " | ": the row whose first two cells are given. */
        String cells(String section, String first, String second, int... columns) {
            boolean in = false;
            for (String l : md) {
                if (l.startsWith("## ")) {
                    in = l.substring(3).strip().equals(section);
                } else if (in && l.startsWith("| " + first + " | " + second + " |")) {
                    String[] c = l.split("\\|");
                    return java.util.Arrays.stream(columns).mapToObj(i -> c[i + 1].strip())
                            .collect(java.util.stream.Collectors.joining(" | "));
                }
            }
            throw new AssertionError("latest.md has no row '" + first + " | " + second + "' under '## " + section + "'");
        }

        /** A cell of a table of latest.md: the section's heading, the row's first cell, the column (0 = first). */
        String cell(String section, String first, int column) {
            boolean in = false;
            for (String l : md) {
                if (l.startsWith("## ")) {
                    in = l.substring(3).strip().equals(section);
                } else if (in && l.startsWith("| " + first + " |")) {
                    return l.split("\\|")[column + 1].strip();
                }
            }
            throw new AssertionError("latest.md has no row '" + first + "' under '## " + section + "'");
        }
    }

    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    // ---- sources ---------------------------------------------------------------------------

    static Source csv(String shape, String model, int active, int idle, String column, String format) {
        return csv(shape, model, active, idle, column, 1, format);
    }

    static Source csv(String shape, String model, int active, int idle, String column, double divide, String format) {
        return new Source("latest.csv, %s, %s, %d active, %d idle: %s%s".formatted(shape, model, active, idle, column,
                divide == 1 ? "" : " / " + (long) divide),
                r -> String.format(Locale.ROOT, format, r.row(shape, model, active, idle).num(column) / divide));
    }

    static Source ratio(String shape, String a, String b, int active, String column, String format) {
        return new Source("latest.csv, %s, %d active: %s of %s over %s's".formatted(shape, active, column, a, b),
                r -> String.format(Locale.ROOT, format,
                        r.row(shape, a, active, 0).num(column) / r.row(shape, b, active, 0).num(column)));
    }

    /** The n-th (from 0) of the runs a median was taken from, in latest.csv's order. */
    static Source run(String shape, String model, int active, int idle, int n, String format) {
        return new Source("latest.csv, %s, %s, %d active, %d idle: run %d of its runs".formatted(shape, model, active, idle, n + 1),
                r -> String.format(Locale.ROOT, format,
                        Double.parseDouble(r.row(shape, model, active, idle).cells().get("runs").strip().split(" ")[n])));
    }

    /** The ratio of two rows measured by the C load generator (latest.csv's generator column "c"). */
    static Source ratioC(String shape, String a, String b, int active, String column, String format) {
        return new Source("latest.csv, %s, %d active, C load generator: %s of %s over %s's".formatted(shape, active, column, a, b),
                r -> String.format(Locale.ROOT, format, r.rowBy(shape, a, active, "c").num(column) / r.rowBy(shape, b, active, "c").num(column)));
    }

    /** The smallest or largest of the runs a median was taken from (latest.csv's runs column). */
    static Source runs(String shape, String model, int active, int idle, boolean largest, String format) {
        return new Source("latest.csv, %s, %s, %d active, %d idle: the %s of its runs".formatted(shape, model, active, idle,
                largest ? "largest" : "smallest"),
                r -> {
                    var values = java.util.Arrays.stream(r.row(shape, model, active, idle).cells().get("runs").strip().split(" "))
                            .filter(v -> !v.isEmpty()).mapToDouble(Double::parseDouble).summaryStatistics();
                    if (values.getCount() == 0) {
                        throw new AssertionError("latest.csv's row " + shape + ", " + model + " has no runs");
                    }
                    return String.format(Locale.ROOT, format, largest ? values.getMax() : values.getMin());
                });
    }

    static Source ratio(String shape, String a, String b, int active, int idle, String column, String format) {
        return new Source("latest.csv, %s, %d active, %d idle: %s of %s over %s's".formatted(shape, active, idle, column, a, b),
                r -> String.format(Locale.ROOT, format,
                        r.row(shape, a, active, idle).num(column) / r.row(shape, b, active, idle).num(column)));
    }

    static Source md(String section, String first, int column) {
        return new Source("latest.md, '## %s', row '%s', column %d".formatted(section, first, column + 1),
                r -> r.cell(section, first, column));
    }

    /** Cells of a row of latest.md's table (see {@link Results#cells}). */
    static Source mdRow(String section, String first, String second, int... columns) {
        return new Source("latest.md, '## %s', row '%s | %s', columns %s".formatted(section, first, second,
                java.util.Arrays.toString(java.util.Arrays.stream(columns).map(c -> c + 1).toArray())),
                r -> r.cells(section, first, second, columns));
    }

    static Figure fig(Source s, String en, String zh) {
        return on("README.md", s, en, zh);
    }

    /** A figure on a page (its English path from the repository's root) and on its Chinese twin. */
    static Figure on(String page, Source s, String en, String zh) {
        if (!page.endsWith(".md") || page.endsWith(".zh.md")) {
            throw new IllegalArgumentException("an English page: " + page);
        }
        return new Figure(s, Map.of(page, en, page.substring(0, page.length() - 3) + ".zh.md", zh));
    }

    /** The figures of the root README, in both languages. */
    static final List<Figure> FIGURES = List.of(
            fig(csv("ping_pong_64", "06-selectors", 1, 0, "requests_per_s", "%,.0f"),
                    "06-selectors did {} requests/s and", "06-selectors 每秒 {} 次请求，"),
            fig(csv("ping_pong_64", "01-blocking", 1, 0, "requests_per_s", "%,.0f"),
                    "01-blocking {}: no faster", "01-blocking 每秒 {} 次，并不更快"),
            fig(csv("ping_pong_64", "03-nonblocking", 1, 0, "requests_per_s", "%,.0f"),
                    "(03-nonblocking did {}, though", "03-nonblocking 达到每秒 {} 次，"),
            fig(csv("ping_pong_64", "06-selectors", 1000, 0, "requests_per_s", "%,.0f"),
                    "06-selectors did {} requests/s with one thread", "只用一个线程就达到每秒 {} 次请求"),
            fig(csv("hold", "06-selectors", 10000, 0, "requests_per_s", "%,.0f"),
                    "64 MiB heap: {} requests/s", "每秒 {} 次请求，RSS"),
            fig(csv("hold", "06-selectors", 10000, 0, "rss_kib", 1024, "%.0f"),
                    "requests/s, {} MiB RSS", "RSS {} MiB，"),
            fig(csv("hold", "06-selectors", 10000, 0, "threads", "%.0f"),
                    "MiB RSS, {} threads.", "MiB，{} 个线程。"),
            fig(md("1000 idle connections", "03-nonblocking", 2),
                    "03-nonblocking uses {} of a core", "03-nonblocking 占用一个 CPU 核的 {}。"),
            fig(md("1000 idle connections", "03-nonblocking --idle-sleep-ms 1", 2),
                    "it still uses {}, since", "仍然占用 {}，"),
            fig(csv("pool", "02-threadpool --pool 8", 1000, 0, "starved", "%.0f"),
                    "{} got nothing in the whole window", "有 {} 个在整个测量窗口内什么都没收到"),
            fig(csv("ping_pong_64", "02-threadpool", 1000, 0, "threads", "%.0f"),
                    "02-threadpool runs {} threads in", "02-threadpool 运行 {} 个线程"),
            fig(csv("ping_pong_64", "02-threadpool", 1000, 0, "rss_kib", 1024, "%.0f"),
                    "threads in {} MiB, at", "个线程，占用 {} MiB"),
            fig(csv("ping_pong_64", "02-threadpool", 1000, 0, "cpu_us_per_request", "%.1f"),
                    "MiB, at {} µs of CPU per request", "每个请求耗费 {} µs"),
            fig(csv("ping_pong_64", "06-selectors", 1000, 0, "threads", "%.0f"),
                    "06-selectors runs {} threads in", "06-selectors 只有 {} 个线程"),
            fig(csv("ping_pong_64", "06-selectors", 1000, 0, "rss_kib", 1024, "%.0f"),
                    "threads in {} MiB, at", "个线程，{} MiB，"),
            fig(csv("ping_pong_64", "06-selectors", 1000, 0, "cpu_us_per_request", "%.1f"),
                    "MiB, at {} µs.", "每个请求 {} µs。"),
            fig(csv("mixed", "04-select", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "04-select (poll) needs {} µs", "04-select（poll）每个请求需要 {} µs"),
            fig(csv("mixed", "04-select", 100, 0, "cpu_us_per_request", "%.1f"),
                    "against {} with none", "没有空闲连接时只要 {}；"),
            fig(csv("mixed", "06-selectors", 100, 0, "cpu_us_per_request", "%.1f"),
                    "needs {} with none and", "则是没有空闲连接时 {}，"),
            fig(csv("mixed", "06-selectors", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "and {} beside them", "旁边有 5000 个时 {}。"),
            fig(ratio("ping_pong_64", "07-virtual-threads", "06-selectors", 1000, "requests_per_s", "%.2f"),
                    "It did {}× 06-selectors' requests/s", "达到 06-selectors 每秒请求数的 {}×"),
            fig(csv("stream", "07-virtual-threads", 1, 0, "mb_per_s", "%,.0f"),
                    "one connection at {} MB/s", "只有 {} MB/s"),
            fig(csv("stream", "06-selectors", 1, 0, "mb_per_s", "%,.0f"),
                    "against 06-selectors' {}.", "06-selectors 是 {}。"),
            fig(csv("heavy", "08-reactors --workers 0 --work-us 2000", 20, 0, "p99_us", 1000, "%.1f"),
                    "p99 is {} ms when", "p99 为 {} ms；"),
            fig(csv("heavy", "08-reactors --workers 2 --work-us 2000", 20, 0, "p99_us", 1000, "%.1f"),
                    "and {} ms with two workers", "p99 为 {} ms。"),
            fig(ratio("ping_pong_64", "09-netty io_uring", "09-netty epoll", 100, "requests_per_s", "%.2f"),
                    "transport did {}× and", "分别达到其 epoll 传输每秒请求数的 {}×"),
            fig(ratio("ping_pong_64", "09-netty io_uring", "09-netty epoll", 1000, "requests_per_s", "%.2f"),
                    "and {}× its epoll transport's", "× 和 {}×。"));

    static final String FAQ = "docs/faq.md";
    static final String C = "C epoll (reference)";
    static final String C_ET = "C epoll edge-triggered (reference)";
    static final String VT_PAGE = "07-virtual-threads/README.md";
    static final String VT = "07-virtual-threads";
    static final String SEL = "06-selectors";

    /** The figures of the other pages that cite the committed run, in both languages. */
    static final List<Figure> PAGES = List.of(
            // docs/faq.md, question 1: edge-triggered against level-triggered
            on(FAQ, csv("mixed", C, 100, 5000, "cpu_us_per_request", "%.1f"),
                    "beside none ({} µs against", "（{} µs 对"),
            on(FAQ, csv("mixed", C, 100, 0, "cpu_us_per_request", "%.1f"),
                    "µs against {}).", "µs 对 {} µs）。"),
            on(FAQ, ratio("ping_pong_64", C_ET, C, 100, 0, "requests_per_s", "%.3f"),
                    "edge-triggered did {}× level-triggered's", "水平触发的 {}×"),
            on(FAQ, csv("ping_pong_64", C_ET, 100, 0, "requests_per_s", "%,.0f"),
                    "(medians of 3 runs: {} against", "（3 次运行的中位数：{} 对"),
            on(FAQ, csv("ping_pong_64", C, 100, 0, "requests_per_s", "%,.0f"),
                    "against {}). At 1000", "对 {}）；1000 个连接时"),
            on(FAQ, csv("ping_pong_64", C_ET, 1000, 0, "requests_per_s", "%,.0f"),
                    "At 1000 it did {} against", "1000 个连接时则是 {} 对"),
            on(FAQ, csv("ping_pong_64", C, 1000, 0, "requests_per_s", "%,.0f"),
                    "against {}. Its CPU", "对 {}。无论"),
            on(FAQ, csv("ping_pong_64", C_ET, 100, 0, "cpu_us_per_request", "%.1f"),
                    "1 µs of level-triggered's at every connection count: {} µs", "100 个连接时 {} µs"),
            on(FAQ, csv("ping_pong_64", C, 100, 0, "cpu_us_per_request", "%.1f"),
                    "µs against {} at 100 connections", "µs 对 {} µs，1000"),
            on(FAQ, csv("ping_pong_64", C_ET, 1000, 0, "cpu_us_per_request", "%.1f"),
                    "connections, {} against", "1000 个连接时 {} µs"),
            on(FAQ, csv("ping_pong_64", C, 1000, 0, "cpu_us_per_request", "%.1f"),
                    "against {} at 1000.", "µs 对 {} µs。"),
            on(FAQ, ratio("stream", C_ET, C, 1, 0, "mb_per_s", "%.3f"),
                    "edge-triggered moved {}× the bytes", "水平触发的 {}×"),
            on(FAQ, csv("stream", C_ET, 1, 0, "mb_per_s", "%,.0f"),
                    "(medians of 3 runs: {} against", "（3 次运行的中位数：{} 对"),
            on(FAQ, csv("stream", C, 1, 0, "mb_per_s", "%,.0f"),
                    "against {} MB/s). Its", "对 {} MB/s）"),
            on(FAQ, runs("stream", C_ET, 1, 0, false, "%,.0f"),
                    "from {} to", "从 {} 到"),
            on(FAQ, runs("stream", C_ET, 1, 0, true, "%,.0f"),
                    "to {} MB/s.", "到 {} MB/s 不等"),
            on(FAQ, csv("stream", C_ET, 10, 0, "starved", "%.0f"),
                    "connections, {} of its 10 got nothing", "10 个连接里有 {} 个饿死"),
            on(FAQ, csv("stream", C, 10, 0, "starved", "%.0f"),
                    "`stream,\"C epoll (reference)\",10,0` ({} starved)", "`stream,\"C epoll (reference)\",10,0`（饿死 {} 个）"),
            on(FAQ, csv("stream", C_ET, 10, 0, "starved", "%.0f"),
                    "`stream,\"C epoll edge-triggered (reference)\",10,0` ({} starved)",
                    "`stream,\"C epoll edge-triggered (reference)\",10,0`（饿死 {} 个）"),
            // 07-virtual-threads/README.md: the TCP_NODELAY line, the table and what the rows say
            on(VT_PAGE, csv("ping_pong_4k", VT, 1, 0, "requests_per_s", "%,.0f"),
                    "the committed run ([`bench/results/latest.md`](../bench/results/latest.md)) has {} requests/s", "是每秒 {} 个请求，p50 为"),
            on(VT_PAGE, csv("ping_pong_4k", VT, 1, 0, "p50_us", "%.1f"),
                    "requests/s, p50 {} µs.", "p50 为 {} µs。"),
            on(VT_PAGE, csv("ping_pong_64", SEL, 1, 0, "requests_per_s", "%,.0f"),
                    "| ping-pong 64 B, 1 connection | {} requests/s", "| 乒乓 64 B，1 个连接 | 每秒 {} 个请求"),
            on(VT_PAGE, csv("ping_pong_64", SEL, 1, 0, "p50_us", "%.0f"),
                    "p50 {} µs, 19.5", "p50 {} µs，每个请求的 CPU 时间 19.5"),
            on(VT_PAGE, csv("ping_pong_64", SEL, 1, 0, "cpu_us_per_request", "%.1f"),
                    "µs, {} µs CPU/request | 17,994", "每个请求的 CPU 时间 {} µs | 每秒 17,994"),
            on(VT_PAGE, csv("ping_pong_64", VT, 1, 0, "requests_per_s", "%,.0f"),
                    "CPU/request | {} requests/s", "| 每秒 {} 个请求，p50 51"),
            on(VT_PAGE, csv("ping_pong_64", VT, 1, 0, "p50_us", "%.0f"),
                    "p50 {} µs, 41.9", "p50 {} µs，每个请求的 CPU 时间 41.9"),
            on(VT_PAGE, csv("ping_pong_64", VT, 1, 0, "cpu_us_per_request", "%.1f"),
                    "µs, {} µs CPU/request | 0.89", "每个请求的 CPU 时间 {} µs | 0.89"),
            on(VT_PAGE, ratio("ping_pong_64", VT, SEL, 1, 0, "requests_per_s", "%.2f"),
                    "CPU/request | {}× |", "µs | {}× |"),
            on(VT_PAGE, csv("ping_pong_64", SEL, 10, 0, "requests_per_s", "%,.0f"),
                    "| ping-pong 64 B, 10 connections | {} |", "| 乒乓 64 B，10 个连接 | {} |"),
            on(VT_PAGE, csv("ping_pong_64", VT, 10, 0, "requests_per_s", "%,.0f"),
                    "64 B, 10 connections | 106,054 | {} |", "64 B，10 个连接 | 106,054 | {} |"),
            on(VT_PAGE, ratio("ping_pong_64", VT, SEL, 10, 0, "requests_per_s", "%.2f"),
                    "64 B, 10 connections | 106,054 | 58,966 | {}× |", "64 B，10 个连接 | 106,054 | 58,966 | {}× |"),
            on(VT_PAGE, csv("ping_pong_64", SEL, 100, 0, "requests_per_s", "%,.0f"),
                    "| ping-pong 64 B, 100 connections | {} |", "| 乒乓 64 B，100 个连接 | {} |"),
            on(VT_PAGE, csv("ping_pong_64", VT, 100, 0, "requests_per_s", "%,.0f"),
                    "64 B, 100 connections | 107,923 | {} |", "64 B，100 个连接 | 107,923 | {} |"),
            on(VT_PAGE, ratio("ping_pong_64", VT, SEL, 100, 0, "requests_per_s", "%.2f"),
                    "64 B, 100 connections | 107,923 | 60,775 | {}× |", "64 B，100 个连接 | 107,923 | 60,775 | {}× |"),
            on(VT_PAGE, csv("ping_pong_64", SEL, 1000, 0, "requests_per_s", "%,.0f"),
                    "(target ≥ 0.6×) | {},", "（目标 ≥ 0.6×） | {}，"),
            on(VT_PAGE, csv("ping_pong_64", SEL, 1000, 0, "cpu_us_per_request", "%.1f"),
                    "| 95,467, {} µs CPU/request", "| 95,467，每个请求 {} µs CPU"),
            on(VT_PAGE, csv("ping_pong_64", VT, 1000, 0, "requests_per_s", "%,.0f"),
                    "CPU/request | {}, 20.4", "CPU | {}，每个请求 20.4"),
            on(VT_PAGE, csv("ping_pong_64", VT, 1000, 0, "cpu_us_per_request", "%.1f"),
                    "| 49,173, {} µs CPU/request", "| 49,173，每个请求 {} µs CPU"),
            on(VT_PAGE, ratio("ping_pong_64", VT, SEL, 1000, 0, "requests_per_s", "%.3f"),
                    "**{}×, missed**", "**{}×，未达成**"),
            on(VT_PAGE, csv("ping_pong_4k", SEL, 100, 0, "requests_per_s", "%,.0f"),
                    "| ping-pong 4 KiB, 100 connections | {} |", "| 乒乓 4 KiB，100 个连接 | {} |"),
            on(VT_PAGE, csv("ping_pong_4k", VT, 100, 0, "requests_per_s", "%,.0f"),
                    "4 KiB, 100 connections | 95,510 | {} |", "4 KiB，100 个连接 | 95,510 | {} |"),
            on(VT_PAGE, ratio("ping_pong_4k", VT, SEL, 100, 0, "requests_per_s", "%.2f"),
                    "4 KiB, 100 connections | 95,510 | 21,832 | {}× |", "4 KiB，100 个连接 | 95,510 | 21,832 | {}× |"),
            on(VT_PAGE, csv("ping_pong_4k", SEL, 1000, 0, "requests_per_s", "%,.0f"),
                    "| ping-pong 4 KiB, 1000 connections | {} |", "| 乒乓 4 KiB，1000 个连接 | {} |"),
            on(VT_PAGE, csv("ping_pong_4k", VT, 1000, 0, "requests_per_s", "%,.0f"),
                    "4 KiB, 1000 connections | 83,916 | {} |", "4 KiB，1000 个连接 | 83,916 | {} |"),
            on(VT_PAGE, ratio("ping_pong_4k", VT, SEL, 1000, 0, "requests_per_s", "%.2f"),
                    "4 KiB, 1000 connections | 83,916 | 19,775 | {}× |", "4 KiB，1000 个连接 | 83,916 | 19,775 | {}× |"),
            on(VT_PAGE, csv("hold", SEL, 10000, 0, "requests_per_s", "%,.0f"),
                    "(target: all answered) | {} requests/s", "（目标：全部得到应答） | 每秒 {} 个请求"),
            on(VT_PAGE, csv("hold", SEL, 10000, 0, "rss_kib", 1024, "%.0f"),
                    "requests/s, RSS {} MiB, 14 threads", "RSS {} MiB，14 个线程"),
            on(VT_PAGE, csv("hold", SEL, 10000, 0, "threads", "%.0f"),
                    "MiB, {} threads |", "MiB，{} 个线程 |"),
            on(VT_PAGE, csv("hold", VT, 10000, 0, "requests_per_s", "%,.0f"),
                    "threads | {} requests/s, p50", "个线程 | 每秒 {} 个请求，p50"),
            on(VT_PAGE, csv("hold", VT, 10000, 0, "p50_us", 1000, "%.0f"),
                    "requests/s, p50 {} ms, RSS", "p50 {} ms，RSS"),
            on(VT_PAGE, csv("hold", VT, 10000, 0, "rss_kib", 1024, "%.0f"),
                    "ms, RSS {} MiB,", "ms，RSS {} MiB，"),
            on(VT_PAGE, csv("hold", VT, 10000, 0, "threads", "%.0f"),
                    "MiB, {} threads, 0 starved", "MiB，{} 个线程，0 个饿死"),
            on(VT_PAGE, csv("hold", VT, 10000, 0, "starved", "%.0f"),
                    "threads, {} starved,", "个线程，{} 个饿死"),
            on(VT_PAGE, csv("hold", VT, 10000, 0, "errors", "%.0f"),
                    "starved, {} errors |", "饿死，{} 个错误 |"),
            on(VT_PAGE, ratio("hold", VT, SEL, 10000, 0, "requests_per_s", "%.2f"),
                    "**met** ({}×)", "**达成**（{}×）"),
            on(VT_PAGE, ratio("hold", VT, SEL, 10000, 0, "requests_per_s", "%.2f"),
                    "hold, at {}× of 06's rate.", "速率是 06 的 {} 倍。"),
            on(VT_PAGE, csv("hold", VT, 10000, 0, "p50_us", 1000, "%.0f"),
                    "full collections (p50 {} ms)", "Full GC 上（p50 {} ms）"),
            on(VT_PAGE, csv("stream", SEL, 1, 0, "mb_per_s", "%,.0f"),
                    "| stream of 64 KiB writes, 1 connection | {} MB/s", "| 64 KiB 写入组成的流，1 个连接 | {} MB/s"),
            on(VT_PAGE, csv("stream", VT, 1, 0, "mb_per_s", "%,.0f"),
                    "1 connection | 700 MB/s | {} MB/s", "1 个连接 | 700 MB/s | {} MB/s"),
            on(VT_PAGE, ratio("stream", VT, SEL, 1, 0, "mb_per_s", "%.2f"),
                    "| 111 MB/s | {}× |", "| 111 MB/s | {}× |"),
            on(VT_PAGE, csv("stream", SEL, 10, 0, "mb_per_s", "%,.0f"),
                    "| stream, 10 connections | {} MB/s", "| 流，10 个连接 | {} MB/s"),
            on(VT_PAGE, csv("stream", VT, 10, 0, "mb_per_s", "%,.0f"),
                    "| 603 MB/s | {} MB/s,", "| 603 MB/s | {} MB/s，"),
            on(VT_PAGE, csv("stream", VT, 10, 0, "starved", "%.0f"),
                    "MB/s, {} of 10 connections starved", "10 个连接中 {} 个饿死"),
            on(VT_PAGE, csv("stream", VT, 10, 0, "starved", "%.0f"),
                    "10-connection stream, {} of the 10", "10 个连接中有 {} 个在整个窗口内"),
            on(VT_PAGE, csv("stream", VT, 10, 0, "starved", "%.0f"),
                    "starved {} of 10 streaming", "10 个流式连接中的 {} 个"),
            on(VT_PAGE, csv("ping_pong_64", VT, 1, 0, "cpu_us_per_request", "%.1f"),
                    "CPU: {} against 19.5 µs", "1 个连接时 {} µs 对 19.5"),
            on(VT_PAGE, csv("ping_pong_64", SEL, 1, 0, "cpu_us_per_request", "%.1f"),
                    "against {} µs at one", "µs 对 {} µs，1000"),
            on(VT_PAGE, csv("ping_pong_64", VT, 1000, 0, "cpu_us_per_request", "%.1f"),
                    "connection, {} against 10.4", "1000 个连接时 {} µs 对"),
            on(VT_PAGE, csv("ping_pong_64", SEL, 1000, 0, "cpu_us_per_request", "%.1f"),
                    "against {} at 1000.", "µs 对 {} µs。07 每等"),
            on(VT_PAGE, ratio("ping_pong_64", VT, SEL, 1000, 0, "requests_per_s", "%.2f"),
                    "made between {}× and", "06 的 {} 到"),
            on(VT_PAGE, ratio("ping_pong_64", VT, SEL, 1, 0, "requests_per_s", "%.2f"),
                    "× and {}× of 06's requests/s", "到 {} 倍，"),
            // 08-reactors/README.md: the heavy handler and --reactors 2
            on("08-reactors/README.md", csv("heavy", "08-reactors --workers 0 --work-us 2000", 20, 0, "p99_us", 1000, "%.1f"),
                    "p99 was {} ms with the work on the reactor", "Reactor 上做时 p99 为 {} ms"),
            on("08-reactors/README.md", csv("heavy", "08-reactors --workers 2 --work-us 2000", 20, 0, "p99_us", 1000, "%.1f"),
                    "and **{} ms** with two workers", "时为 **{} ms**"),
            on("08-reactors/README.md", new Source("latest.csv, heavy, 20 active: p99_us of --workers 2 over --workers 0's", r -> String.format(Locale.ROOT, "%.2f", r.row("heavy", "08-reactors --workers 2 --work-us 2000", 20, 0).num("p99_us") / r.row("heavy", "08-reactors --workers 0 --work-us 2000", 20, 0).num("p99_us"))),
                    "with two workers ({}×)", "（{} 倍）"),
            on("08-reactors/README.md", csv("heavy", "08-reactors --workers 0 --work-us 2000", 20, 0, "requests_per_s", "%,.0f"),
                    "The throughput was {} requests/s on the reactor", "Reactor 上是每秒 {} 个请求"),
            on("08-reactors/README.md", csv("heavy", "08-reactors --workers 2 --work-us 2000", 20, 0, "requests_per_s", "%,.0f"),
                    "requests/s on the reactor and {} with two workers", "也是每秒 {} 个"),
            on("08-reactors/README.md", csv("ping_pong_64", "08-reactors --reactors 2", 100, 0, "requests_per_s", "%,.0f"),
                    "`--reactors 2` made {} requests/s", "达到每秒 {} 个请求，每个请求的 CPU 时间"),
            on("08-reactors/README.md", csv("ping_pong_64", "08-reactors --reactors 2", 100, 0, "cpu_us_per_request", "%.1f"),
                    "at {} µs of CPU per request. That", "每个请求的 CPU 时间 {} µs，"),
            on("08-reactors/README.md", csv("ping_pong_64", SEL, 100, 0, "requests_per_s", "%,.0f"),
                    "06-selectors' one thread ({})", "06-selectors 的单线程（{}）"),
            on("08-reactors/README.md", csv("ping_pong_64", "09-netty epoll", 100, 0, "requests_per_s", "%,.0f"),
                    "Netty epoll's two event loops ({})", "Netty epoll 的两个事件循环（{}）"),
            // exercises/*/teacher.md: the figures the answers cite
            on("exercises/00-concepts/teacher.md", md("1000 idle connections", "03-nonblocking", 2),
                    "03-nonblocking {} of a core", "03-nonblocking 占单核的 {}"),
            on("exercises/00-concepts/teacher.md", md("1000 idle connections", "04-select", 2),
                    "of a core, 04-select {}.", "04-select 占 {}。"),
            on("exercises/00-concepts/teacher.md", md("1000 idle connections", "03-nonblocking --idle-sleep-ms 1", 2),
                    "still used {} of a core", "仍占单核的 {}"),
            on("exercises/00-concepts/teacher.md", csv("mixed", "04-select", 100, 0, "cpu_us_per_request", "%.1f"),
                    "04-select used {}, ", "04-select 每个请求用掉 {}、"),
            on("exercises/00-concepts/teacher.md", csv("mixed", "04-select", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "used 9.1, {} and", "用掉 9.1、{}、"),
            on("exercises/00-concepts/teacher.md", csv("mixed", "04-select", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "11.0 and {} µs of CPU per request;", "11.0、{} µs 的 CPU"),
            on("exercises/00-concepts/teacher.md", csv("mixed", "06-selectors", 100, 0, "cpu_us_per_request", "%.1f"),
                    "06-selectors {}, 9.0", "06-selectors 是 {}、9.0"),
            on("exercises/00-concepts/teacher.md", csv("mixed", "06-selectors", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "8.4, {} and 9.3.", "8.4、{}、9.3。"),
            on("exercises/00-concepts/teacher.md", csv("mixed", "06-selectors", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "9.0 and {}. The note", "9.0、{}。"),
            on("exercises/01-blocking/teacher.md", md("1000 idle connections", "01-blocking", 2),
                    "01-blocking with 1000 idle connections, {} of a core", "占一个核的 {}。"),
            on("exercises/02-threadpool/teacher.md", md("1000 idle connections", "02-threadpool", 4),
                    "02-threadpool {} threads and", "02-threadpool 有 {} 个线程"),
            on("exercises/02-threadpool/teacher.md", md("1000 idle connections", "02-threadpool", 5),
                    "threads and {} MiB RSS", "RSS {} MiB，而"),
            on("exercises/02-threadpool/teacher.md", md("1000 idle connections", "06-selectors", 4),
                    "against {} threads and", "06-selectors 是 {} 个线程"),
            on("exercises/02-threadpool/teacher.md", md("1000 idle connections", "06-selectors", 5),
                    "threads and {} MiB for 06-selectors.", "个线程、{} MiB。"),
            on("exercises/02-threadpool/teacher.md", csv("pool", "02-threadpool --pool 8", 1000, 0, "starved", "%.0f"),
                    "left {} of 1000 connections starved", "在 1000 个连接中有 {} 个饿死"),
            on("exercises/03-nonblocking/teacher.md", md("1000 idle connections", "03-nonblocking", 2),
                    "03-nonblocking {} of a core)", "03-nonblocking 占一个核的 {}）"),
            on("exercises/03-nonblocking/teacher.md", md("1000 idle connections", "03-nonblocking", 2),
                    "idle connections: {} of a core (`bench", "占一个核的 {}（`bench"),
            on("exercises/03-nonblocking/teacher.md", md("1000 idle connections", "03-nonblocking --idle-sleep-ms 1", 2),
                    "took {} of a core", "`--idle-sleep-ms 1` 占一个核的 {}"),
            on("exercises/04-select/teacher.md", csv("mixed", "04-select", 100, 0, "cpu_us_per_request", "%.1f"),
                    "04-select used {} µs of CPU per request with no idle connection", "没有空闲连接时是 {} µs"),
            on("exercises/04-select/teacher.md", csv("mixed", "04-select", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "connection, {} with 1000,", "1000 个时 {}，"),
            on("exercises/04-select/teacher.md", csv("mixed", "04-select", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "{} with 5000;", "5000 个时 {}；"),
            on("exercises/04-select/teacher.md", csv("mixed", "06-selectors", 100, 0, "cpu_us_per_request", "%.1f"),
                    "(epoll) {}, 9.0", "（epoll）是 {}、9.0"),
            on("exercises/04-select/teacher.md", csv("mixed", "06-selectors", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "8.4, {}, 9.3.", "8.4、{}、9.3。"),
            on("exercises/04-select/teacher.md", csv("mixed", "06-selectors", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "9.0, {}.", "9.0、{}。"),
            on("exercises/04-select/teacher.md", md("1000 idle connections", "04-select", 2),
                    "04-select {} of a core.", "04-select 占一个核的 {}。"),
            on("exercises/05-aio/teacher.md", csv("mixed", "05-aio", 100, 5000, "starved", "%,.0f"),
                    "and {} connections were starved", "有 {} 个连接饿死"),
            on("exercises/06-selectors/teacher.md", csv("mixed", "06-selectors", 100, 0, "cpu_us_per_request", "%.1f"),
                    "06-selectors used {}, 9.0", "每个请求的 CPU 时间是 {}、9.0"),
            on("exercises/06-selectors/teacher.md", csv("mixed", "06-selectors", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "8.4, {} and 9.3 µs", "8.4、{}、9.3 µs"),
            on("exercises/06-selectors/teacher.md", csv("mixed", "06-selectors", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "9.0 and {} µs of CPU", "9.0、{} µs；"),
            on("exercises/06-selectors/teacher.md", csv("mixed", "04-select", 100, 0, "cpu_us_per_request", "%.1f"),
                    "04-select {}, 11.0", "04-select 是 {}、11.0"),
            on("exercises/06-selectors/teacher.md", csv("mixed", "04-select", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "9.1, {} and 20.5.", "9.1、{}、20.5。"),
            on("exercises/06-selectors/teacher.md", csv("mixed", "04-select", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "11.0 and {}.", "11.0、{}。"),
            on("exercises/06-selectors/teacher.md", csv("hold", SEL, 10000, 0, "threads", "%.0f"),
                    "64 MiB heap, {} threads, RSS", "10,000 个连接，{} 个线程"),
            on("exercises/06-selectors/teacher.md", csv("hold", SEL, 10000, 0, "rss_kib", 1024, "%.0f"),
                    "threads, RSS {} MiB, 0 starved", "RSS {} MiB，0 个饿死"),
            on("exercises/06-selectors/teacher.md", csv("hold", SEL, 10000, 0, "starved", "%.0f"),
                    "MiB, {} starved.", "MiB，{} 个饿死"),
            // docs/faq.md, questions 2, 5, 6 and 7
            on(FAQ, csv("ping_pong_64", "08-reactors --reactors 2", 100, 0, "requests_per_s", "%,.0f"),
                    "`ping_pong_64,\"08-reactors --reactors 2\",100,0` ({} requests/s", "`ping_pong_64,\"08-reactors --reactors 2\",100,0`（每秒 {} 个请求"),
            on(FAQ, csv("ping_pong_64", "08-reactors --reactors 2", 100, 0, "cpu_us_per_request", "%.1f"),
                    "requests/s, {} µs of CPU per request), `ping_pong_64,\"05-aio\"", "个请求，每个请求 {} µs CPU）、`ping_pong_64,\"05-aio\""),
            on(FAQ, csv("ping_pong_64", "05-aio", 100, 0, "requests_per_s", "%,.0f"),
                    "`ping_pong_64,\"05-aio\",100,0` ({},", "`ping_pong_64,\"05-aio\",100,0`（{}，"),
            on(FAQ, csv("ping_pong_64", "05-aio", 100, 0, "cpu_us_per_request", "%.1f"),
                    "`ping_pong_64,\"05-aio\",100,0` (64,698, {} µs)", "`ping_pong_64,\"05-aio\",100,0`（64,698，{} µs）"),
            on(FAQ, csv("ping_pong_64", "09-netty io_uring", 100, 0, "requests_per_s", "%,.0f"),
                    "`ping_pong_64,\"09-netty io_uring\",100,0` ({},", "`ping_pong_64,\"09-netty io_uring\",100,0`（{}，"),
            on(FAQ, csv("ping_pong_64", "09-netty io_uring", 100, 0, "cpu_us_per_request", "%.1f"),
                    "`ping_pong_64,\"09-netty io_uring\",100,0` (96,983, {} µs)", "`ping_pong_64,\"09-netty io_uring\",100,0`（96,983，{} µs）"),
            on(FAQ, csv("ping_pong_64", "08-reactors --reactors 2", 1000, 0, "requests_per_s", "%,.0f"),
                    "`ping_pong_64,\"08-reactors --reactors 2\",1000,0` ({},", "`ping_pong_64,\"08-reactors --reactors 2\",1000,0`（{}，"),
            on(FAQ, csv("ping_pong_64", "08-reactors --reactors 2", 1000, 0, "cpu_us_per_request", "%.1f"),
                    "`ping_pong_64,\"08-reactors --reactors 2\",1000,0` (95,120, {} µs)", "`ping_pong_64,\"08-reactors --reactors 2\",1000,0`（95,120，{} µs）"),
            on(FAQ, csv("ping_pong_64", "05-aio", 1000, 0, "requests_per_s", "%,.0f"),
                    "`ping_pong_64,\"05-aio\",1000,0` ({},", "`ping_pong_64,\"05-aio\",1000,0`（{}，"),
            on(FAQ, csv("ping_pong_64", "05-aio", 1000, 0, "cpu_us_per_request", "%.1f"),
                    "`ping_pong_64,\"05-aio\",1000,0` (61,574, {} µs)", "`ping_pong_64,\"05-aio\",1000,0`（61,574，{} µs）"),
            on(FAQ, csv("ping_pong_64", "09-netty io_uring", 1000, 0, "requests_per_s", "%,.0f"),
                    "`ping_pong_64,\"09-netty io_uring\",1000,0` ({},", "`ping_pong_64,\"09-netty io_uring\",1000,0`（{}，"),
            on(FAQ, csv("ping_pong_64", "09-netty io_uring", 1000, 0, "cpu_us_per_request", "%.1f"),
                    "`ping_pong_64,\"09-netty io_uring\",1000,0` (96,593, {} µs)", "`ping_pong_64,\"09-netty io_uring\",1000,0`（96,593，{} µs）"),
            on(FAQ, csv("stream", "09-netty io_uring", 1, 0, "mb_per_s", "%,.0f"),
                    "`stream,\"09-netty io_uring\",1,0` ({} MB/s)", "`stream,\"09-netty io_uring\",1,0`（{} MB/s）"),
            on(FAQ, csv("stream", "08-reactors --reactors 2", 1, 0, "mb_per_s", "%,.0f"),
                    "`stream,\"08-reactors --reactors 2\",1,0` ({} MB/s)", "`stream,\"08-reactors --reactors 2\",1,0`（{} MB/s）"),
            on(FAQ, csv("stream", "05-aio", 1, 0, "mb_per_s", "%,.0f"),
                    "`stream,\"05-aio\",1,0` ({} MB/s)", "`stream,\"05-aio\",1,0`（{} MB/s）"),
            on(FAQ, md("Stream of 64 KiB writes", "09-netty io_uring", 5),
                    "({} ms of CPU per MB, against", "（每 MB {} ms CPU"),
            on(FAQ, md("Stream of 64 KiB writes", "08-reactors --reactors 2", 5),
                    "against {} for 08", "08 是 {}，"),
            on(FAQ, md("Stream of 64 KiB writes", "05-aio", 5),
                    "and {} for 05)", "05 是 {}）"),
            on(FAQ, run("ping_pong_64", SEL, 1000, 0, 0, "%,.0f"),
                    "06-selectors measured {},", "三次分别测得每秒 {}、"),
            on(FAQ, run("ping_pong_64", SEL, 1000, 0, 1, "%,.0f"),
                    "measured 95,727, {} and", "95,727、{} 和"),
            on(FAQ, run("ping_pong_64", SEL, 1000, 0, 2, "%,.0f"),
                    "93,189 and {} requests/s at 1000", "和 {} 个请求，所以"),
            on(FAQ, md("Not pinned, for comparison", "06-selectors", 2),
                    "06-selectors did {} requests/s at 100 connections, and", "100 个连接下 06-selectors 每秒 {} 个请求"),
            on(FAQ, md("Not pinned, for comparison", "C epoll (reference)", 2),
                    "and the C reference {} (pinned:", "C 参考实现 {}（绑核时"),
            on(FAQ, csv("ping_pong_64", SEL, 100, 0, "requests_per_s", "%,.0f"),
                    "(pinned: {} and", "（绑核时是 {} 和"),
            on(FAQ, csv("ping_pong_64", C, 100, 0, "requests_per_s", "%,.0f"),
                    "and {}). With a second", "和 {}）；换用"),
            on(FAQ, ratioC("stream", SEL, C, 1, "mb_per_s", "%.3f"),
                    "one connection at {}× the C reference's MB/s", "C 参考实现的 {}×"),
            on(FAQ, ratio("stream", SEL, C, 1, 0, "mb_per_s", "%.3f"),
                    "own load generator measured {}×", "负载生成器测得的是 {}×"),
            on(FAQ, csv("ping_pong_64", "08-reactors --reactors 2", 100, 0, "requests_per_s", "%,.0f"),
                    "epoll transport ({} against", "（每秒 {} 对"),
            on(FAQ, csv("ping_pong_64", "09-netty epoll", 100, 0, "requests_per_s", "%,.0f"),
                    "against {} requests/s), at", "对 {} 个请求），每个请求"),
            on(FAQ, csv("ping_pong_64", "08-reactors --reactors 2", 100, 0, "cpu_us_per_request", "%.1f"),
                    "at {} µs of CPU per request against", "个请求），每个请求 {} µs CPU，Netty"),
            on(FAQ, csv("ping_pong_64", "09-netty epoll", 100, 0, "cpu_us_per_request", "%.1f"),
                    "µs of CPU per request against {}.", "Netty 是 {} µs。"),
            on(FAQ, csv("mixed", "04-select", 100, 0, "cpu_us_per_request", "%.1f"),
                    "04-select (poll) needs {} µs of CPU per request with no idle connection", "在没有空闲连接时是 {} µs，1,000"),
            on(FAQ, csv("mixed", "04-select", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "connection, {} with 1,000", "1,000 个时 {} µs"),
            on(FAQ, csv("mixed", "04-select", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "and {} with 5,000:", "5,000 个时 {} µs："),
            on(FAQ, csv("mixed", "06-selectors", 100, 0, "cpu_us_per_request", "%.1f"),
                    "06-selectors (epoll) needs {}, 9.0", "06-selectors（epoll）则是 {}、9.0"),
            on(FAQ, csv("mixed", "06-selectors", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "needs 8.4, {} and 9.3 µs.", "则是 8.4、{}、9.3 µs。"),
            on(FAQ, csv("mixed", "06-selectors", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "needs 8.4, 9.0 and {} µs.", "则是 8.4、9.0、{} µs。"),
            on(FAQ, csv("mixed", "04-select", 100, 0, "cpu_us_per_request", "%.1f"),
                    "({}, 11.0, 20.5 µs per request)", "（每个请求 {}、11.0、20.5 µs）"),
            on(FAQ, csv("mixed", "04-select", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "(9.1, {}, 20.5 µs per request)", "（每个请求 9.1、{}、20.5 µs）"),
            on(FAQ, csv("mixed", "04-select", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "(9.1, 11.0, {} µs per request)", "（每个请求 9.1、11.0、{} µs）"),
            on(FAQ, csv("mixed", "06-selectors", 100, 0, "cpu_us_per_request", "%.1f"),
                    "({}, 9.0, 9.3 µs per request)", "（每个请求 {}、9.0、9.3 µs）"),
            on(FAQ, csv("mixed", "06-selectors", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "(8.4, {}, 9.3 µs per request)", "（每个请求 8.4、{}、9.3 µs）"),
            on(FAQ, csv("mixed", "06-selectors", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "(8.4, 9.0, {} µs per request)", "（每个请求 8.4、9.0、{} µs）"),
            on(FAQ, csv("mixed", "02-threadpool", 100, 5000, "threads", "%,.0f"),
                    "it started {} threads, ran out", "它启动了 {} 个线程"),
            on(FAQ, csv("mixed", "02-threadpool", 100, 5000, "starved", "%,.0f"),
                    "and left {} connections starved", "{} 个连接饿死"),
            on(FAQ, csv("mixed", "02-threadpool", 100, 5000, "threads", "%,.0f"),
                    "({} threads, 1,470 starved)", "（{} 个线程，1,470 个饿死）"),
            on(FAQ, csv("mixed", "02-threadpool", 100, 5000, "starved", "%,.0f"),
                    "threads, {} starved)", "个线程，{} 个饿死）"),
            on(FAQ, csv("mixed", SEL, 100, 5000, "threads", "%.0f"),
                    "`mixed,\"06-selectors\",100,5000` ({} threads, none starved)", "`mixed,\"06-selectors\",100,5000`（{} 个线程，没有饿死的）"),
            // bench/README.md: the latest results, what they say, the targets
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "01-blocking", "1", 2, 4, 5, 9, 10, 11, 13),
                    "| 01-blocking | 1 | {} |", "| 01-blocking | 1 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "02-threadpool", "1", 2, 4, 5, 9, 10, 11, 13),
                    "| 02-threadpool | 1 | {} |", "| 02-threadpool | 1 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "03-nonblocking", "1", 2, 4, 5, 9, 10, 11, 13),
                    "| 03-nonblocking | 1 | {} |", "| 03-nonblocking | 1 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "04-select", "1", 2, 4, 5, 9, 10, 11, 13),
                    "| 04-select | 1 | {} |", "| 04-select | 1 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "06-selectors", "1", 2, 4, 5, 9, 10, 11, 13),
                    "| 06-selectors | 1 | {} |", "| 06-selectors | 1 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "C epoll (reference)", "1", 2, 4, 5, 9, 10, 11, 13),
                    "| C epoll | 1 | {} |", "| C epoll | 1 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "02-threadpool", "100", 2, 4, 5, 9, 10, 11, 13),
                    "| 02-threadpool | 100 | {} |", "| 02-threadpool | 100 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "04-select", "100", 2, 4, 5, 9, 10, 11, 13),
                    "| 04-select | 100 | {} |", "| 04-select | 100 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "05-aio", "100", 2, 4, 5, 9, 10, 11, 13),
                    "| 05-aio | 100 | {} |", "| 05-aio | 100 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "06-selectors", "100", 2, 4, 5, 9, 10, 11, 13),
                    "| 06-selectors | 100 | {} |", "| 06-selectors | 100 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "07-virtual-threads", "100", 2, 4, 5, 9, 10, 11, 13),
                    "| 07-virtual-threads | 100 | {} |", "| 07-virtual-threads | 100 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "08-reactors --reactors 2", "100", 2, 4, 5, 9, 10, 11, 13),
                    "| 08-reactors --reactors 2 | 100 | {} |", "| 08-reactors --reactors 2 | 100 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "09-netty epoll", "100", 2, 4, 5, 9, 10, 11, 13),
                    "| 09-netty epoll | 100 | {} |", "| 09-netty epoll | 100 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "09-netty io_uring", "100", 2, 4, 5, 9, 10, 11, 13),
                    "| 09-netty io_uring | 100 | {} |", "| 09-netty io_uring | 100 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "C epoll (reference)", "100", 2, 4, 5, 9, 10, 11, 13),
                    "| C epoll | 100 | {} |", "| C epoll | 100 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "02-threadpool", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| 02-threadpool | 1,000 | {} |", "| 02-threadpool | 1,000 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "03-nonblocking", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| 03-nonblocking | 1,000 | {} |", "| 03-nonblocking | 1,000 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "04-select", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| 04-select | 1,000 | {} |", "| 04-select | 1,000 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "05-aio", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| 05-aio | 1,000 | {} |", "| 05-aio | 1,000 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "06-selectors", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| 06-selectors | 1,000 | {} |", "| 06-selectors | 1,000 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "07-virtual-threads", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| 07-virtual-threads | 1,000 | {} |", "| 07-virtual-threads | 1,000 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "08-reactors --reactors 2", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| 08-reactors --reactors 2 | 1,000 | {} |", "| 08-reactors --reactors 2 | 1,000 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "09-netty epoll", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| 09-netty epoll | 1,000 | {} |", "| 09-netty epoll | 1,000 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "09-netty io_uring", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| 09-netty io_uring | 1,000 | {} |", "| 09-netty io_uring | 1,000 | {} |"),
            on("bench/README.md", mdRow("Ping-pong, 64 B messages", "C epoll (reference)", "1,000", 2, 4, 5, 9, 10, 11, 13),
                    "| C epoll | 1,000 | {} |", "| C epoll | 1,000 | {} |"),
            on("bench/README.md", run("ping_pong_64", SEL, 1000, 0, 0, "%,.0f"),
                    "06-selectors measured {},", "06-selectors 在 1000 个连接时测得 {}、"),
            on("bench/README.md", run("ping_pong_64", SEL, 1000, 0, 1, "%,.0f"),
                    "measured 95,727, {} and", "95,727、{} 和"),
            on("bench/README.md", run("ping_pong_64", SEL, 1000, 0, 2, "%,.0f"),
                    "93,189 and {} requests/s at 1000 connections.", "和 {} 次请求/s。"),
            on("bench/README.md", csv("ping_pong_64", SEL, 1, 0, "requests_per_s", "%,.0f"),
                    "one connection 06-selectors did {} requests/s", "只有一个连接时，06-selectors 做到 {} 次请求/s"),
            on("bench/README.md", csv("ping_pong_64", "01-blocking", 1, 0, "requests_per_s", "%,.0f"),
                    "and 01-blocking {}: no faster", "01-blocking 为 {}，并不更快"),
            on("bench/README.md", csv("hold", SEL, 10000, 0, "requests_per_s", "%,.0f"),
                    "64 MiB heap ({} requests/s, 85 MiB RSS", "每一个都得到应答（{} 次请求/s"),
            on("bench/README.md", csv("hold", "04-select", 10000, 0, "requests_per_s", "%,.0f"),
                    "04-select holds them too ({} requests/s)", "04-select 也撑住了（{} 次请求/s）"),
            on("bench/README.md", md("1000 idle connections", "03-nonblocking", 2),
                    "03-nonblocking burns **{} of a core**", "03-nonblocking 烧掉**一个核的 {}**"),
            on("bench/README.md", md("1000 idle connections", "02-threadpool", 2),
                    "02-threadpool uses {}, every other", "02-threadpool 为 {}，其他"),
            on("bench/README.md", md("1000 idle connections", "03-nonblocking --idle-sleep-ms 1", 2),
                    "cuts it to {}, since", "把它降到 {}，"),
            on("bench/README.md", csv("mixed", "03-nonblocking", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "03 needs {} µs of CPU per request, against", "03 每个请求需要 {} µs 的 CPU"),
            on("bench/README.md", csv("mixed", "03-nonblocking", 100, 0, "cpu_us_per_request", "%.1f"),
                    "against {} with none.", "没有空闲连接时为 {}。"),
            on("bench/README.md", csv("ping_pong_64", "02-threadpool", 1000, 0, "rss_kib", 1024, "%.0f"),
                    "**1014 threads and {} MiB RSS**", "**1014 个线程，RSS {} MiB**"),
            on("bench/README.md", csv("ping_pong_64", "02-threadpool", 1000, 0, "starved", "%.0f"),
                    "and {} of its connections starved", "还有 {} 个连接饿死"),
            on("bench/README.md", csv("mixed", "02-threadpool", 100, 5000, "threads", "%,.0f"),
                    "{} threads started", "启动了 {} 个线程"),
            on("bench/README.md", csv("mixed", "02-threadpool", 100, 5000, "starved", "%,.0f"),
                    "{} connections starved, none served", "{} 个连接饿死，一个都没有"),
            on("bench/README.md", csv("mixed", "05-aio", 100, 5000, "starved", "%,.0f"),
                    "({} never answered)", "（{} 个从未得到应答）"),
            on("bench/README.md", csv("mixed", "07-virtual-threads", 100, 5000, "rss_kib", 1024, "%.0f"),
                    "17 threads and {} MiB", "17 个线程和 {} MiB"),
            on("bench/README.md", csv("mixed", "04-select", 100, 0, "cpu_us_per_request", "%.1f"),
                    "needs {} µs of CPU per request with no idle connection", "在没有空闲连接时每个请求需要 {} µs"),
            on("bench/README.md", csv("mixed", "04-select", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "connection, {} with 1000", "1000 个时 {}，"),
            on("bench/README.md", csv("mixed", "04-select", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "**{} with 5000**", "**5000 个时 {}**"),
            on("bench/README.md", csv("mixed", "04-select", 100, 0, "requests_per_s", "%,.0f"),
                    "falls from {} to", "吞吐量从 {} 降到"),
            on("bench/README.md", csv("mixed", "04-select", 100, 5000, "requests_per_s", "%,.0f"),
                    "to {} requests/s. 06", "降到 {} 次请求/s"),
            on("bench/README.md", csv("mixed", "06-selectors", 100, 0, "cpu_us_per_request", "%.1f"),
                    "needs {}, 9.0 and", "是 {}、9.0 和"),
            on("bench/README.md", csv("mixed", "06-selectors", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "8.4, {} and **9.3", "8.4、{} 和 **9.3"),
            on("bench/README.md", csv("mixed", "06-selectors", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "and **{} µs**", "和 **{} µs**"),
            on("bench/README.md", csv("mixed", "06-selectors", 100, 0, "requests_per_s", "%,.0f"),
                    "({} to 105,378 requests/s)", "（{} 到 105,378 次请求/s）"),
            on("bench/README.md", csv("mixed", "06-selectors", 100, 5000, "requests_per_s", "%,.0f"),
                    "(118,317 to {} requests/s)", "（118,317 到 {} 次请求/s）"),
            on("bench/README.md", csv("mixed", C, 100, 0, "cpu_us_per_request", "%.1f"),
                    "C reference ({}, 8.7", "C 参考服务端（{}、8.7"),
            on("bench/README.md", csv("mixed", C, 100, 1000, "cpu_us_per_request", "%.1f"),
                    "8.9, {}, 8.8)", "8.9、{}、8.8）"),
            on("bench/README.md", csv("mixed", C, 100, 5000, "cpu_us_per_request", "%.1f"),
                    "8.7, {})", "8.7、{}）"),
            on("bench/README.md", csv("mixed", "03-nonblocking", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "(12.5, {}, 119.5 µs)", "（12.5、{}、119.5 µs）"),
            on("bench/README.md", csv("hold", VT, 10000, 0, "requests_per_s", "%,.0f"),
                    "64 MiB heap ({} requests/s, 126 MiB RSS", "10,000 个连接（{} 次请求/s，RSS 126 MiB"),
            on("bench/README.md", ratio("ping_pong_64", VT, SEL, 1000, 0, "requests_per_s", "%.3f"),
                    "reaches only {}× 06-selectors", "只达到 06-selectors 的 {}×"),
            on("bench/README.md", csv("stream", VT, 1, 0, "mb_per_s", "%,.0f"),
                    "one connection gets {} MB/s against 06's 700", "一个连接上的流只有 {} MB/s，06 为 700"),
            on("bench/README.md", csv("stream", VT, 1, 0, "mb_per_s", "%,.0f"),
                    "({} MB/s on one connection, 9 of 10", "（一个连接上 {} MB/s，在 10 个连接"),
            on("bench/README.md", csv("stream", VT, 10, 0, "starved", "%.0f"),
                    "MB/s on one connection, {} of 10 connections starved", "10 个里有 {} 个饿死"),
            on("bench/README.md", csv("heavy", "08-reactors --workers 0 --work-us 2000", 20, 0, "p99_us", 1000, "%.1f"),
                    "gives p99 {} ms and", "p99 为 {} ms，"),
            on("bench/README.md", csv("heavy", "08-reactors --workers 2 --work-us 2000", 20, 0, "p99_us", 1000, "%.1f"),
                    "give **{} ms** (0.67×)", "时为 **{} ms**（0.67×）"),
            on("bench/README.md", csv("ping_pong_64", "08-reactors --reactors 2", 100, 0, "requests_per_s", "%,.0f"),
                    "does {} requests/s at 100 connections", "在 100 个连接时做到 {} 次请求/s"),
            on("bench/README.md", ratio("ping_pong_64", SEL, C, 100, 0, "requests_per_s", "%.3f"),
                    "100 connections | **{}×** (107,923", "100 个连接 | **{}×**（107,923"),
            on("bench/README.md", ratio("ping_pong_64", SEL, C, 1000, 0, "requests_per_s", "%.3f"),
                    "1000 connections | **{}×** (95,467", "1000 个连接 | **{}×**（95,467"),
            on("bench/README.md", ratio("ping_pong_64", SEL, "09-netty epoll --threads 1", 100, 0, "requests_per_s", "%.3f"),
                    "| **{}×** (107,923 vs 102,177)", "| **{}×**（107,923 对 102,177）"),
            on("bench/README.md", ratio("stream", SEL, C, 1, 0, "mb_per_s", "%.3f"),
                    "| **{}×** (700 vs 852 MB/s)", "| **{}×**（700 对 852 MB/s）"),
            on("bench/README.md", ratioC("stream", SEL, C, 1, "mb_per_s", "%.3f"),
                    "852 MB/s); C load generator **{}×**", "852 MB/s）；C 负载生成器 **{}×**"),
            on("bench/README.md", ratio("stream", SEL, C, 10, 0, "mb_per_s", "%.3f"),
                    "| **{}×** (603 vs 676 MB/s)", "| **{}×**（603 对 676 MB/s）"),
            on("bench/README.md", ratioC("stream", SEL, C, 10, "mb_per_s", "%.3f"),
                    "676 MB/s); C load generator **{}×**", "676 MB/s）；C 负载生成器 **{}×**"),
            on("bench/README.md", ratio("ping_pong_64", "05-aio", SEL, 100, 0, "requests_per_s", "%.3f"),
                    "| **{}×** (64 B)", "| **{}×**（64 B）"),
            on("bench/README.md", ratio("ping_pong_4k", "05-aio", SEL, 100, 0, "requests_per_s", "%.3f"),
                    "**{}×** (4 KiB) |", "**{}×**（4 KiB） |"),
            on("bench/README.md", ratio("ping_pong_64", SEL, "09-netty epoll", 100, 0, "requests_per_s", "%.3f"),
                    "| **{}×** and **1.184×**", "| **{}×** 和 **1.184×**"),
            on("bench/README.md", ratio("ping_pong_64", SEL, "09-netty epoll", 1000, 0, "requests_per_s", "%.3f"),
                    "and **{}×** | no target", "和 **{}×** | 无目标"),
            on("bench/README.md", ratio("ping_pong_64", "09-netty io_uring", "09-netty epoll", 100, 0, "requests_per_s", "%.3f"),
                    "| **{}×** and **1.198×**", "| **{}×** 和 **1.198×**"),
            on("bench/README.md", ratio("ping_pong_64", C_ET, C, 100, 0, "requests_per_s", "%.3f"),
                    "| **{}×** and **1.243×**", "| **{}×** 和 **1.243×**"),
            on("bench/README.md", csv("stream", "01-blocking", 1, 0, "mb_per_s", "%,.0f"),
                    "01-blocking, {} MB/s at", "01-blocking：{} MB/s"),
            on("bench/README.md", md("Stream of 64 KiB writes", "01-blocking", 5),
                    "MB/s at {} ms of CPU per MB", "每 MB {} ms CPU；"),
            on("bench/README.md", csv("stream", "09-netty io_uring", 1, 0, "mb_per_s", "%,.0f"),
                    "came next ({} MB/s,", "（{} MB/s，1.20 ms）"),
            on("bench/README.md", md("Ping-pong, 64 B messages", "03-nonblocking", 4),
                    "lowest p50 ({} µs) only", "p50 最低（{} µs）"),
            on("bench/README.md", csv("ping_pong_64", "03-nonblocking", 1, 0, "cpu_us_per_request", "%.1f"),
                    "sleeps, at {} µs of CPU per request", "每个请求要花 {} µs 的 CPU"),
            // exercises/questions.md, question 5's answer
            on("exercises/questions.md", csv("mixed", "04-select", 100, 0, "cpu_us_per_request", "%.1f"),
                    "04 used {}, 11.0", "04 每个请求用掉 {}、11.0"),
            on("exercises/questions.md", csv("mixed", "04-select", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "used 9.1, {} and 20.5", "9.1、{}、20.5 µs"),
            on("exercises/questions.md", csv("mixed", "04-select", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "11.0 and {} µs of CPU per request, 06", "11.0、{} µs 的 CPU，06"),
            on("exercises/questions.md", csv("mixed", "06-selectors", 100, 0, "cpu_us_per_request", "%.1f"),
                    "06 {}, 9.0 and", "06 是 {}、9.0"),
            on("exercises/questions.md", csv("mixed", "06-selectors", 100, 1000, "cpu_us_per_request", "%.1f"),
                    "06 8.4, {} and 9.3.", "06 是 8.4、{}、9.3。"),
            on("exercises/questions.md", csv("mixed", "06-selectors", 100, 5000, "cpu_us_per_request", "%.1f"),
                    "8.4, 9.0 and {}. (2)", "8.4、9.0、{}。（2）"));

    /** Each figure that its page does not show as the results file has it. */
    static List<String> mismatches(Path root, List<Figure> figures) throws IOException {
        Results results = Results.of(root);
        List<String> found = new ArrayList<>();
        for (Figure f : figures) {
            String value;
            try {
                value = f.source().value().apply(results);
            } catch (AssertionError | RuntimeException e) {
                found.add("%s: %s".formatted(f.source().what(), e.getMessage()));
                continue;
            }
            for (var t : new java.util.TreeMap<>(f.texts()).entrySet()) {
                if (!Files.exists(root.resolve(t.getKey()))) {
                    found.add("%s: no such page (%s)".formatted(t.getKey(), f.source().what()));
                    continue;
                }
                String page = String.join(" ", Files.readAllLines(root.resolve(t.getKey()))).replaceAll("\\s+", " ");
                String expected = t.getValue().replace("{}", value);
                if (!page.contains(expected)) {
                    found.add("%s: the figure in \"%s\" (%s): bench/results says %s, so the page should read \"%s\""
                            .formatted(t.getKey(), t.getValue(), f.source().what(), value, expected));
                }
            }
        }
        return found;
    }

    @Test
    void theReadmesFiguresAreTheCommittedRunsFigures() throws IOException {
        assertThat(mismatches(ReadmeTwinsTest.root(), FIGURES)).isEmpty();
    }

    @Test
    void theOtherPagesFiguresAreTheCommittedRunsFigures() throws IOException {
        assertThat(mismatches(ReadmeTwinsTest.root(), PAGES)).isEmpty();
    }

    @Test
    void aFigureOnAnyPageIsCheckedOnItsPageInBothLanguages(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bench/results"));
        Files.createDirectories(dir.resolve("07-virtual-threads"));
        Files.writeString(dir.resolve("bench/results/latest.csv"), """
                shape,model,active,idle,requests_per_s,runs
                ping_pong_64,"07-virtual-threads",1000,0,49172.9,"52312.9 48674.7 49172.9"
                ping_pong_64,"06-selectors",1000,0,95467.3,""
                """);
        Files.writeString(dir.resolve("bench/results/latest.md"), "# run\n");
        // the English page is right; its twin still has the old run's figure; the root README does not matter here
        Files.writeString(dir.resolve("07-virtual-threads/README.md"), "It did 0.52× 06-selectors' requests/s,\nfrom 48,675 up.\n");
        Files.writeString(dir.resolve("07-virtual-threads/README.zh.md"), "达到 0.82×，最少 48,675。\n");
        List<Figure> figures = List.of(
                on("07-virtual-threads/README.md", ratio("ping_pong_64", "07-virtual-threads", "06-selectors", 1000, 0,
                        "requests_per_s", "%.2f"), "did {}× 06-selectors'", "达到 {}×"),
                on("07-virtual-threads/README.md", runs("ping_pong_64", "07-virtual-threads", 1000, 0, false, "%,.0f"),
                        "from {} up", "最少 {}。"),
                on("08-reactors/README.md", csv("ping_pong_64", "06-selectors", 1000, 0, "requests_per_s", "%,.0f"), "{}", "{}"));
        assertThat(mismatches(dir, figures)).containsExactly(
                "07-virtual-threads/README.zh.md: the figure in \"达到 {}×\" (latest.csv, ping_pong_64, 1000 active, 0 idle: "
                        + "requests_per_s of 07-virtual-threads over 06-selectors's): bench/results says 0.52, so the page "
                        + "should read \"达到 0.52×\"",
                "08-reactors/README.md: no such page (latest.csv, ping_pong_64, 06-selectors, 1000 active, 0 idle: requests_per_s)",
                "08-reactors/README.zh.md: no such page (latest.csv, ping_pong_64, 06-selectors, 1000 active, 0 idle: requests_per_s)");
        assertThatThrownBy(() -> on("07-virtual-threads/README.zh.md", csv("ping_pong_64", "06-selectors", 1, 0,
                "requests_per_s", "%.0f"), "{}", "{}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFigureThatMovedIsNamedWithWhatTheResultsSay(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bench/results"));
        Files.writeString(dir.resolve("bench/results/latest.csv"), """
                shape,model,active,idle,requests_per_s
                ping_pong_64,"06-selectors",1,0,18612.4
                """);
        Files.writeString(dir.resolve("bench/results/latest.md"), "# run\n\n## 1000 idle connections\n\n| 03-nonblocking | 1,000 | 99.50% |\n");
        Files.writeString(dir.resolve("README.md"), "With one connection,\n06-selectors did 18,555 requests/s and 03 used 99.50% of a core.\n");
        Files.writeString(dir.resolve("README.zh.md"), "06-selectors 每秒 18,612 次请求，03 占用 99.50%。\n");
        List<Figure> figures = List.of(
                fig(csv("ping_pong_64", "06-selectors", 1, 0, "requests_per_s", "%,.0f"),
                        "06-selectors did {} requests/s and", "06-selectors 每秒 {} 次请求，"),
                fig(md("1000 idle connections", "03-nonblocking", 2), "used {} of a core", "占用 {}。"),
                fig(csv("ping_pong_64", "06-selectors", 10, 0, "requests_per_s", "%,.0f"), "{}", "{}"));
        assertThat(mismatches(dir, figures)).containsExactly(
                "README.md: the figure in \"06-selectors did {} requests/s and\" (latest.csv, ping_pong_64, 06-selectors, "
                        + "1 active, 0 idle: requests_per_s): bench/results says 18,612, so the page should read "
                        + "\"06-selectors did 18,612 requests/s and\"",
                "latest.csv, ping_pong_64, 06-selectors, 10 active, 0 idle: requests_per_s: latest.csv has no row "
                        + "ping_pong_64, 06-selectors, 10 active, 0 idle");
    }
}
