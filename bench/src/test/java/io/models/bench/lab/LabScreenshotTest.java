package io.models.bench.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root README's screenshot, from a real run, as a newcomer makes it: the page in English, "Set
 * it up" (03 against 06 with 1000 idle connections), Start, and half a minute of curves. Run only
 * when asked, with the file to write:
 * {@code ./mvnw -q -pl bench -am verify -Dtest=LabScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Djacoco.skip=true -Dlab.screenshot=$PWD/bench/results/lab.png}
 */
@EnabledIfSystemProperty(named = "lab.screenshot", matches = ".+")
class LabScreenshotTest {

    private static final int SECONDS = 30;

    @Test
    void the03Against06ScreenshotFromARealRun(@TempDir Path work) throws Exception {
        Path out = Path.of(System.getProperty("lab.screenshot"));
        Path binary = Chromium.find();
        assertThat(binary).as("chromium on the PATH").isNotNull();
        try (LabFixture lab = new LabFixture(); Chromium browser = Chromium.start(binary, work, 1280, 1000)) {
            Chromium.Page page = browser.open(lab.uri() + "?lang=en");
            await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(page.eval("window.lab !== undefined && window.lab.ready === true")));
            page.eval("document.getElementById('try-first').click(); document.getElementById('start').click(); true");

            await("two runs").atMost(Duration.ofSeconds(30)).until(() -> lab.runs.all().size() == 2);
            List<LabRun> runs = lab.runs.all();
            await(SECONDS + " s of both with 1000 open").atMost(Duration.ofSeconds(SECONDS + 90)).until(() ->
                    runs.stream().allMatch(r -> r.samples(0).stream().filter(s -> s.open() == 1000).count() >= SECONDS));
            // The page has drawn every second the runs have (its next poll brings the last one).
            int[] have = runs.stream().mapToInt(LabRun::sampleCount).toArray();
            await("the page has the last second").atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(page.eval(
                    "window.lab.runs.a.samples.length >= " + have[0] + " && window.lab.runs.b.samples.length >= " + have[1])));

            double cpu03 = cpu(runs.get(0));
            double cpu06 = cpu(runs.get(1));
            assertThat(runs.get(0).subject.name()).isEqualTo("03-nonblocking");
            assertThat(runs.get(1).subject.name()).isEqualTo("06-selectors");
            assertThat(cpu03).as("03 %.1f%% against 06 %.1f%%", cpu03, cpu06).isGreaterThan(5 * cpu06 + 5);
            Files.write(out, page.screenshot(1280, "chart-cpu"));
            System.out.printf("lab screenshot: %s (%d bytes): 03 at %.1f%% of a core, 06 at %.1f%%%n", out, Files.size(out), cpu03, cpu06);
        }
    }

    /** The mean CPU (% of a core) over the seconds with 1000 open. */
    private static double cpu(LabRun run) {
        return run.samples(0).stream().filter(s -> s.open() == 1000).mapToDouble(LabSample::cpuPercent).average().orElseThrow();
    }
}
