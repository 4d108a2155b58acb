package io.models.bench.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.models.bench.LabCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void thePageRuns06ItsRequestsChartDrawsAndAClosedBrowserStopsTheRun(@TempDir Path work) throws Exception {
        Path binary = chromiumOrSkip();
        try (LabFixture lab = new LabFixture()) {
            Chromium browser = Chromium.start(binary, work, 1280, 1000);
            try {
                Chromium.Page page = browser.open(lab.uri() + "?lang=en");
                await("the page has loaded the models").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Boolean.TRUE.equals(page.eval("window.lab !== undefined && window.lab.ready === true")));

                // Bad input: a message on the page, nothing started.
                act(page, "set('model-a', '06-selectors'); set('model-b', ''); set('idle', '0'); set('active', '-5');"
                        + " document.getElementById('start').click();");
                await("the refusal on the page").atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(page.eval(
                        "document.getElementById('message').hidden")));
                assertThat(page.eval("document.getElementById('message').textContent"))
                        .isEqualTo("The lab refused: active connections cannot be negative (-5)");
                assertThat(lab.runs.all()).isEmpty();

                // The page's own controls: model A 06-selectors, no model B, 100 active connections of 64 bytes; Start.
                act(page, "set('active', '100'); set('bytes', '64'); document.getElementById('start').click();");
                AtomicReference<Map<String, Object>> drawn = new AtomicReference<>();
                await("the requests/s chart has drawn points above zero").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500)).until(() -> {
                            drawn.set((Map<String, Object>) page.eval(DRAWN));
                            return ((Number) drawn.get().get("points")).intValue() >= 2 && ((Number) drawn.get().get("pixels")).intValue() >= 20;
                        });
                assertThat(page.eval("document.getElementById('message').hidden")).isEqualTo(true);
                assertThat((String) page.eval("document.getElementById('status-a').textContent"))
                        .contains("06-selectors", "running", "0 idle + 100 active × 64 B");
                Path shot = Path.of("target", "lab-browser.png");
                Files.write(shot, page.screenshot(1280, null));
                assertThat(Files.size(shot)).isGreaterThan(10_000);

                // The language switch: the charts' words follow it, the note's quote is the note's own.
                page.eval("document.querySelector('[data-lang=zh]').click(); true");
                assertThat(page.eval("document.querySelector('#chart-cpu h2').textContent")).isEqualTo("服务器 CPU,占一个核的百分比");
                assertThat((String) page.eval("document.querySelector('#chart-cpu aside').textContent")).contains("循环调用recv()将大幅度推高CPU占用率");
                page.eval("document.querySelector('[data-lang=en]').click(); true");
                assertThat(page.eval("document.querySelector('#chart-cpu h2').textContent")).isEqualTo("Server CPU, % of one core");

                // A new load while it runs: the same server, 20 idle beside 10 active.
                LabRun run = lab.runs.all().get(0);
                long pid = run.pid();
                act(page, "set('idle', '20'); set('active', '10'); document.getElementById('apply').click();");
                await("the new load").atMost(Duration.ofSeconds(30)).until(() -> run.mix().equals(new LoadMix(20, 10, 64))
                        && ((String) page.eval("document.getElementById('status-a').textContent")).contains("30 open"));
                assertThat(run.pid()).isEqualTo(pid);

                // Its server dies: the page says so, with the server's last lines.
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                await("the page shows the death").atMost(Duration.ofSeconds(30)).until(() ->
                        ((String) page.eval("document.getElementById('status-a').textContent")).contains("DIED"));
                assertThat((String) page.eval("document.querySelector('#status-a .reason').textContent"))
                        .isEqualTo("the server process ended (exit code 137)");
                assertThat((String) page.eval("document.querySelector('#status-a pre').textContent")).contains("listening on 127.0.0.1:");

                // Start again, then the browser goes away without a word (no pagehide): only the missing
                // heartbeat can stop this run.
                page.eval("document.getElementById('start').click(); true");
                await("a second run").atMost(Duration.ofSeconds(60)).until(() -> lab.runs.all().size() == 2
                        && lab.runs.all().get(1).state() == LabRun.State.RUNNING);
                LabRun second = lab.runs.all().get(1);
                browser.kill();
                assertThat(browser.alive()).isFalse();
                await("the run of the closed page has stopped").atMost(LabCommand.HEARTBEAT.plusSeconds(30))
                        .until(() -> second.state().over());
                assertThat(second.state()).isEqualTo(LabRun.State.STOPPED);
                assertThat((String) second.json().get("reason")).contains("no word from its page");
                assertThat(ProcessHandle.of(second.pid()).map(ProcessHandle::isAlive).orElse(false)).as("its server process").isFalse();
            } finally {
                browser.close();
            }
        }
    }

    /**
     * Runs {@code body} in the page, with {@code set(id, value)}: a control set as a person would,
     * its change event fired.
     */
    private static void act(Chromium.Page page, String body) throws Exception {
        page.eval("(() => { const set = (id, v) => { const e = document.getElementById(id); e.value = v;"
                + " e.dispatchEvent(new Event('change')); }; " + body + " return true; })()");
    }
}
