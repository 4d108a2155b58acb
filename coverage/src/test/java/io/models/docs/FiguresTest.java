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
                    "`stream,\"C epoll edge-triggered (reference)\",10,0`（饿死 {} 个）"));

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
