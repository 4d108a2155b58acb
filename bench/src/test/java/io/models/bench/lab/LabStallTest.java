package io.models.bench.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.models.bench.LabCommand;
import io.models.bench.server.CReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurement behind the lab's silence limit ({@link LabCommand#HEARTBEAT}): the first set-up
 * (03, which burns a core, against 06, 1000 idle connections each), and full-page screenshots of the
 * page one after the other, as the run that once stopped did. For each it prints how long the
 * screenshot took, the page's main thread's longest gap and the longest silence each run heard from
 * its page, with the machine's load average. Run only when asked, with the number of screenshots:
 * {@code ./mvnw -q -pl bench -am verify -Dtest=LabStallTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Djacoco.skip=true -Dlab.stalls=10} (the lines are in
 * {@code bench/target/surefire-reports/io.models.bench.lab.LabStallTest-output.txt}).
 */
@EnabledIfSystemProperty(named = "lab.stalls", matches = "\\d+")
class LabStallTest {

    @Test
    void fullPageScreenshotsOfARunningComparison(@TempDir Path work) throws Exception {
        int shots = Integer.getInteger("lab.stalls");
        Path binary = Chromium.find();
        assertThat(binary).as("chromium on the PATH").isNotNull();
        // A limit no stall reaches, so that each is measured to its end.
        try (LabFixture lab = new LabFixture(CReference.absent("not built by this test"), Duration.ofMinutes(5));
                Chromium browser = Chromium.start(binary, work, 1280, 1000)) {
            Chromium.Page page = browser.open(lab.uri() + "?lang=en");
            await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(page.eval("window.lab !== undefined && window.lab.ready === true")));
            page.eval("document.getElementById('try-first').click(); document.getElementById('start').click(); true");
            await("two runs").atMost(Duration.ofSeconds(30)).until(() -> lab.runs.all().size() == 2);
            List<LabRun> runs = lab.runs.all();
            await("three seconds of both with 1000 open").atMost(Duration.ofSeconds(120)).until(() ->
                    runs.stream().allMatch(r -> r.samples(0).stream().filter(s -> s.open() == 1000).count() >= 3));
            // The main thread's longest gap: a tick every 100 ms, and how much later than that each came.
            page.eval("window.gap = 0; window.tick = performance.now(); setInterval(() => { const n = performance.now();"
                    + " window.gap = Math.max(window.gap, n - window.tick - 100); window.tick = n; }, 100); true");
            for (int i = 1; i <= shots; i++) {
                long t0 = System.nanoTime();
                byte[] png = page.screenshot(1280, null);
                double took = (System.nanoTime() - t0) / 1e9;
                int seen = runs.get(0).sampleCount();
                await().atMost(Duration.ofSeconds(30)).until(() -> runs.get(0).sampleCount() >= seen + 2); // two seconds more
                System.out.printf("LabStallTest: screenshot %d of %d (%d bytes) took %.1f s; the main thread's longest gap so far "
                        + "%.1f s; the runs' longest silence so far %s; load average %s%n", i, shots, png.length, took,
                        ((Number) page.eval("window.gap")).doubleValue() / 1000,
                        runs.stream().map(r -> "%.1f s".formatted(r.longestSilence().toMillis() / 1e3)).toList(),
                        Files.readString(Path.of("/proc/loadavg")).strip());
            }
            assertThat(runs).allSatisfy(r -> assertThat(r.state()).isEqualTo(RunState.RUNNING));
        }
    }
}
