package io.models.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.models.bench.load.Load;
import io.models.bench.load.Shape;
import io.models.bench.report.Charts;
import io.models.bench.server.CReference;
import io.models.bench.server.Catalog;
import io.models.bench.server.Repository;
import io.models.bench.server.ServerProcess;
import io.models.bench.server.Subject;
import io.models.bench.sweep.Measurement;
import io.models.bench.sweep.Runner;
import io.models.bench.sweep.Step;
import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny sweep over every chapter's real jar, each variant its descriptor declares for ping-pong (and
 * the C reference where gcc is), and one row of every other shape: every row must be sane (it ran, no errors, nothing starved, replies counted, the server's CPU, threads and RSS read)
 * and the report and charts must be written. Never a timing: the machine may be busy.
 */
class BenchSmokeTest {

    private static final int SMALL = 64;
    private static Path root;
    private static Catalog catalog;

    @BeforeAll
    static void chaptersArePackaged() {
        root = Repository.find();
        List<String> missing = new ArrayList<>();
        for (Chapter c : Chapters.onClassPath()) {
            if (!Files.isRegularFile(Repository.jar(root, c.name()))) {
                missing.add(c.name() + "/target/" + c.name() + ".jar");
            }
        }
        catalog = Catalog.builtIn(root);
        if (!missing.isEmpty()) {
            fail("the bench runs the chapters' jars, and these are missing: " + missing
                    + ". Build them first: ./mvnw package -DskipTests (the reactor builds the chapters before bench)");
        }
    }

    @Test
    void aTinySweepGivesSaneRowsAReportAndCharts(@TempDir Path out) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (Subject s : catalog.subjects()) {
            if (s.in(Shape.PING_PONG_64.flag)) { // one connection at a time: one connection
                steps.add(new Step(Shape.PING_PONG_64, s, Load.pingPong(s.concurrent() ? 3 : 1, SMALL)));
            }
        }
        Subject selectors = subject("06-selectors");
        Subject blocking = subject("01-blocking");
        steps.add(new Step(Shape.PING_PONG_4K, selectors, Load.pingPong(2, 4096)));
        steps.add(new Step(Shape.POOL, subject("02-threadpool", "--pool", "8"), Load.pingPongAtOnce(10, SMALL)));
        steps.add(new Step(Shape.STREAM, selectors, Load.stream(1, 64 * 1024)));
        steps.add(new Step(Shape.MIXED, subject("04-select"), Load.mixed(3, SMALL, 20)));
        steps.add(new Step(Shape.IDLE, selectors, Load.idle(50, true)));
        steps.add(new Step(Shape.IDLE, blocking, Load.idle(5, false)));
        steps.add(new Step(Shape.HEAVY, subject("08-reactors", "--workers", "2", "--work-us", "2000"), Load.pingPong(3, SMALL)));

        Runner.Timing timing = new Runner.Timing(Duration.ofMillis(100), Duration.ofMillis(300),
                Duration.ofMillis(100), Duration.ofMillis(300));
        Runner.Env env = new Runner.Env(root, ServerProcess.javaBinary(), ServerProcess.jvmFlags("64m"), CReference.build(root), 2,
                timing);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Bench.Outcome outcome = Bench.run(steps, catalog.subjects(), env, out, "smoke", "smoke test", new PrintStream(console, true,
                StandardCharsets.UTF_8), false, true);

        assertThat(outcome.results()).hasSize(steps.size());
        for (Measurement r : outcome.results()) {
            String row = r.step().subject().name() + ", " + r.step().label() + ": " + r;
            if (r.step().subject().isC() && env.c().binary == null) {
                assertThat(r.ran()).as(row).isFalse(); // no gcc here: skipped, and said why
                assertThat(r.skipped()).as(row).isNotBlank();
                continue;
            }
            assertThat(r.ran()).as(row).isTrue();
            assertThat(r.errors()).as(row).isZero();
            assertThat(r.notes()).as(row).isEmpty();
            assertThat(r.seconds()).as(row).isPositive();
            assertThat(r.cpuSeconds()).as(row).isNotNaN().isGreaterThanOrEqualTo(0);
            assertThat(r.threads()).as(row).isPositive();
            assertThat(r.rssKiB()).as(row).isPositive();
            switch (r.step().shape()) {
                case POOL -> {
                    // The lesson: 8 threads serve 8 connections, the other 2 wait for the whole window.
                    assertThat(r.starved()).as(row).isEqualTo(2);
                    assertThat(r.requests()).as(row).isPositive();
                }
                case STREAM -> {
                    assertThat(r.starved()).as(row).isZero();
                    assertThat(r.replyBytes()).as(row).isPositive();
                    assertThat(r.p50Ns()).as(row).isEqualTo(-1);
                }
                case IDLE -> {
                    assertThat(r.starved()).as(row).isZero();
                    assertThat(r.requests()).as(row).isZero();
                }
                default -> {
                    assertThat(r.starved()).as(row).isZero();
                    assertThat(r.requests()).as(row).isPositive();
                    assertThat(r.replyBytes()).as(row).isEqualTo(r.requests() * r.step().load().messageBytes());
                    assertThat(r.p50Ns()).as(row).isPositive();
                    assertThat(r.p99Ns()).as(row).isGreaterThanOrEqualTo(r.p50Ns());
                    assertThat(r.p999Ns()).as(row).isGreaterThanOrEqualTo(r.p99Ns());
                }
            }
        }
        // One thread per connection (02), one thread for all of them (04, 06): seen from /proc.
        Measurement threads = row(outcome, Shape.PING_PONG_64, subject("02-threadpool"));
        Measurement oneThread = row(outcome, Shape.PING_PONG_64, selectors);
        assertThat(threads.threads()).isGreaterThan(oneThread.threads());

        String md = Files.readString(outcome.report());
        assertThat(md).contains("## The machine and the settings", "## Targets", "## Ping-pong, 64 B messages",
                "## 1000 idle connections", "-Xms64m -Xmx64m", "| 06-selectors | 3 |");
        List<String> csv = Files.readAllLines(out.resolve("smoke.csv"));
        assertThat(csv).hasSize(outcome.results().size() + 1);
        assertThat(csv.get(0)).startsWith("shape,model,");
        assertThat(outcome.charts()).isNotEmpty();
        for (Charts.Chart c : outcome.charts()) {
            byte[] png = Files.readAllBytes(out.resolve(c.file()));
            assertThat(png).as(c.file()).startsWith(0x89, 'P', 'N', 'G');
            assertThat(md).contains("](" + c.file() + ")");
        }
    }

    /** The catalog's row of {@code module} with these flags (one of its descriptor's variants). */
    private static Subject subject(String module, String... args) {
        return catalog.subjects().stream().filter(s -> s.is(module, List.of(args))).findFirst()
                .orElseThrow(() -> new AssertionError("no variant " + module + " " + List.of(args) + " in " + catalog.names()));
    }

    private static Measurement row(Bench.Outcome o, Shape shape, Subject s) {
        return o.results().stream().filter(r -> r.step().shape() == shape && r.step().subject().equals(s))
                .findFirst().orElseThrow();
    }
}
