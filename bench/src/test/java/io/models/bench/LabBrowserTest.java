package io.models.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's page in a real browser (Debian's headless Chromium, driven over DevTools): it starts
 * 06-selectors with 100 active connections from the page's own controls, and the requests/s chart
 * draws points above zero (its data, and side A's colour on its canvas above the zero line). Then
 * the browser is killed, as a closed laptop would, and the run stops by itself: no heartbeat.
 * Under CI ({@code CI=true}) a missing Chromium is a failure; elsewhere the test is skipped.
 */
class LabBrowserTest {

    /**
     * The points of the requests/s chart above zero, and the pixels of side A's colour (#1f6feb)
     * drawn in its plot above the bottom tenth: a line of zeros lies on the bottom edge.
     */
    private static final String DRAWN = """
            (() => {
              const u = window.lab && window.lab.charts.rps;
              if (!u || u.series.length < 2) return {points: 0, pixels: 0};
              const points = u.data[1].filter(v => v > 0).length;
              const b = u.bbox;
              const img = u.ctx.getImageData(b.left, b.top, b.width, Math.floor(b.height * 0.9)).data;
              let pixels = 0;
              for (let i = 0; i < img.length; i += 4) {
                if (img[i + 3] > 128 && Math.abs(img[i] - 31) + Math.abs(img[i + 1] - 111) + Math.abs(img[i + 2] - 235) < 90) pixels++;
              }
              return {points, pixels};
            })()""";

    static Path chromiumOrSkip() {
        Path chromium = Chromium.find();
        if (chromium == null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true and no chromium on the PATH: .ci/run installs it (apt-get install -y chromium)");
            }
            System.out.println("LabBrowserTest: skipped: no chromium on the PATH (apt-get install -y chromium)");
            Assumptions.abort("no chromium on the PATH");
        }
        return chromium;
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePageStarts06AndItsRequestsChartDrawsNonZeroPointsAndAClosedBrowserStopsTheRun(@TempDir Path work) throws Exception {
        Path binary = chromiumOrSkip();
        try (LabFixture lab = new LabFixture()) {
            Chromium browser = Chromium.start(binary, work, 1280, 1000);
            try {
                Chromium.Page page = browser.open(lab.uri() + "?lang=en");
                await("the page has loaded the models").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Boolean.TRUE.equals(page.eval("window.lab !== undefined && window.lab.ready === true")));

                // The page's own controls: model A 06-selectors, no model B, 0 idle, 100 active, 64 bytes; Start.
                page.eval("""
                        (() => {
                          const set = (id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change')); };
                          set('model-a', '06-selectors'); set('model-b', '');
                          set('idle', '0'); set('active', '100'); set('bytes', '64');
                          document.getElementById('start').click();
                          return true;
                        })()""");

                AtomicReference<Map<String, Object>> drawn = new AtomicReference<>();
                await("the requests/s chart has drawn points above zero").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500)).until(() -> {
                            drawn.set((Map<String, Object>) page.eval(DRAWN));
                            return ((Number) drawn.get().get("points")).intValue() >= 2 && ((Number) drawn.get().get("pixels")).intValue() >= 20;
                        });
                assertThat(page.eval("document.getElementById('message').hidden")).isEqualTo(true);
                assertThat((String) page.eval("document.getElementById('status-a').textContent"))
                        .contains("06-selectors", "running", "100 active");

                Path shot = Path.of("target", "lab-browser.png");
                Files.write(shot, page.screenshot(1280, 4000));
                assertThat(Files.size(shot)).isGreaterThan(10_000);

                List<LabRun> runs = lab.runs.all();
                assertThat(runs).hasSize(1);
                LabRun run = runs.get(0);
                assertThat(run.subject.name()).isEqualTo("06-selectors");
                assertThat(run.state()).isEqualTo(LabRun.State.RUNNING);
                long pid = run.pid();

                // The page goes away without a word (no pagehide): only the missing heartbeat can stop its run.
                browser.kill();
                assertThat(browser.alive()).isFalse();
                await("the run of the closed page has stopped").atMost(Lab.HEARTBEAT.plusSeconds(30))
                        .until(() -> run.state().over());
                assertThat(run.state()).isEqualTo(LabRun.State.STOPPED);
                assertThat((String) run.json().get("reason")).contains("no word from its page");
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("its server process").isFalse();
            } finally {
                browser.close();
            }
        }
    }
}
