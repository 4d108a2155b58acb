package io.models.bench.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.models.bench.LabCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's page in a real browser (Debian's headless Chromium, driven over DevTools). In English:
 * it starts 06-selectors from the page's own controls and the requests/s chart draws points above
 * zero; a refusal, a new load, a server that dies; then the browser is killed, as a closed laptop
 * would, and the run stops by itself after the lab's silence limit. In Chinese: every word of the
 * page has both languages, no English is left in what the page shows but names, a message shown
 * switches language with the page, an empty chart says why, two equal lines both stay visible and
 * the notes follow the set-up. And a slow page is not a closed page: a run outlives a page that is
 * busy or silent for longer than the lab's old 5 s limit, and stops at once when its page leaves or
 * its tab is closed. Under CI ({@code CI=true}) a missing Chromium is a failure; elsewhere the test
 * is skipped.
 */
class LabBrowserTest {

    /** Side A's colour (#1f6feb) and side B's (#d9480f), as lab.js draws them. */
    private static final int[] A = {31, 111, 235};
    private static final int[] B = {217, 72, 15};

    /**
     * The points of a chart above zero (in its first line), and the pixels of a colour drawn in its
     * plot above the bottom tenth: a line of zeros lies on the bottom edge.
     */
    private static final String DRAWN = """
            ((key, rgb) => {
              const u = window.lab && window.lab.charts[key];
              if (!u || u.series.length < 2) return {points: 0, pixels: 0};
              const points = u.data[1].filter(v => v > 0).length;
              const b = u.bbox;
              const img = u.ctx.getImageData(b.left, b.top, b.width, Math.floor(b.height * 0.9)).data;
              let pixels = 0;
              for (let i = 0; i < img.length; i += 4) {
                if (img[i + 3] > 128 && Math.abs(img[i] - rgb[0]) + Math.abs(img[i + 1] - rgb[1]) + Math.abs(img[i + 2] - rgb[2]) < 90) pixels++;
              }
              return {points, pixels};
            })""";

    /**
     * Every text the page shows: its visible text (not the language buttons, not a server's own output
     * lines), every model offered in the lists, the set-ups to try, each chart's axis and line names
     * (drawn on the canvas or in the legend) and the page's title.
     */
    private static final String SHOWN = """
            (() => {
              document.querySelector('.intro details').open = true;
              const out = [document.title];
              const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                const el = n.parentElement;
                if (!n.textContent.trim() || el.closest('[data-lang], pre, script, style, option')) continue;
                if (el.getClientRects().length === 0) continue;
                out.push(n.textContent);
              }
              document.querySelectorAll('option').forEach(o => out.push(o.textContent));
              for (const u of Object.values(window.lab.charts)) {
                u.axes.forEach(a => { if (a.label) out.push(a.label); });
                u.series.forEach(s => out.push(s.label));
              }
              return out;
            })()""";

    /**
     * The names a Chinese page keeps as they are: programs, system calls and their parts, units,
     * formats and HTTP methods, the note's own Latin words, the sides A and B, the C reference ({@code c}). Model names
     * ({@code 06-selectors}), flags ({@code --pool}, {@code -n}) and what is quoted with ASCII quotes
     * (a field's name, what the reader typed) are taken out before the words are looked at.
     */
    private static final Set<String> NAMES = Set.of("A", "B", "C", "N", "IO", "CPU", "RSS", "MiB", "KiB", "s", "ms", "pid",
            "p50", "p99", "Linux", "proc", "epoll", "epoll_wait", "poll", "select", "selectors", "Selector", "recv", "read",
            "accept", "time", "sleep", "Reactor", "JDK", "JVM", "Doug", "Lea", "Netty", "nio", "io_uring", "socketserver",
            "MICROS", "gcc", "ulimit", "c", "JSON", "API", "HTTP", "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS");
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern MODULE_OR_FLAG = Pattern.compile("\\b\\d\\d-[a-z-]+|\\bc-epoll\\b|\\bio-models\\b|--[a-z][a-z-]*|(?<!\\w)-[a-z]\\b|'[^']*'|\"[^\"]*\"");

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
                Chromium.Page page = open(browser, lab, "en");

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
                            drawn.set((Map<String, Object>) page.eval(DRAWN + "('rps', [" + rgb(A) + "])"));
                            return ((Number) drawn.get().get("points")).intValue() >= 2 && ((Number) drawn.get().get("pixels")).intValue() >= 20;
                        });
                assertThat(page.eval("document.getElementById('message').hidden")).isEqualTo(true);
                assertThat((String) page.eval("document.getElementById('status-a').textContent"))
                        .contains("06-selectors", "running", "0 idle + 100 active × 64 B");
                Path shot = Path.of("target", "lab-browser.png");
                Files.write(shot, page.screenshot(1280, null));
                assertThat(Files.size(shot)).isGreaterThan(10_000);

                // A new load while it runs: the same server, 20 idle beside 10 active.
                LabRun run = lab.runs.all().get(0);
                long pid = run.pid();
                act(page, "set('idle', '20'); set('active', '10'); document.getElementById('apply').click();");
                await("the new load").atMost(Duration.ofSeconds(30)).until(() -> run.mix().equals(new LoadMix(20, 10, 64))
                        && ((String) page.eval("document.getElementById('status-a').textContent")).contains("30 open"));
                assertThat(run.pid()).isEqualTo(pid);

                // Its server dies: the page says so, with the server's last lines, in the page's language.
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                await("the page shows the death").atMost(Duration.ofSeconds(30)).until(() ->
                        ((String) page.eval("document.getElementById('status-a').textContent")).contains("DIED"));
                assertThat((String) page.eval("document.querySelector('#status-a .reason').textContent"))
                        .isEqualTo("the server process ended (exit code 137)");
                assertThat((String) page.eval("document.querySelector('#status-a pre').textContent")).contains("listening on 127.0.0.1:");
                click(page, "[data-lang=zh]");
                assertThat((String) page.eval("document.querySelector('#status-a .reason').textContent"))
                        .isEqualTo("服务端进程退出了（退出码 137）");
                click(page, "[data-lang=en]");

                // Start again, then the browser goes away without a word (no pagehide): only the
                // silence limit can stop this run.
                page.eval("document.getElementById('start').click(); true");
                await("a second run").atMost(Duration.ofSeconds(60)).until(() -> lab.runs.all().size() == 2
                        && lab.runs.all().get(1).state() == RunState.RUNNING);
                LabRun second = lab.runs.all().get(1);
                browser.kill();
                assertThat(browser.alive()).isFalse();
                await("the run of the vanished page has stopped").atMost(LabCommand.HEARTBEAT.plusSeconds(30))
                        .until(() -> second.state().over());
                assertThat(second.state()).isEqualTo(RunState.STOPPED);
                assertThat((String) second.json().get("reason")).startsWith("no word from its page for " + LabCommand.HEARTBEAT.toSeconds() + " s");
                assertThat(ProcessHandle.of(second.pid()).map(ProcessHandle::isAlive).orElse(false)).as("its server process").isFalse();
            } finally {
                browser.close();
            }
        }
    }

    /**
     * The page in Chinese, with the first set-up (03 against 06, 1000 idle connections each): the
     * words the page holds have both languages; the notes follow the set-up chosen; the latency
     * chart, empty for want of an active connection, says why; the lines A and B draw alike (the
     * connections, the threads) show both colours and a word that they overlap; a refusal shown
     * switches language with the page, and so does why a run ended; and, with all that on the page,
     * no English word is left in it but names.
     */
    @Test
    @SuppressWarnings("unchecked")
    void inChineseThePageSaysEverythingInChinese(@TempDir Path work) throws Exception {
        Path binary = chromiumOrSkip();
        try (LabFixture lab = new LabFixture(); Chromium browser = Chromium.start(binary, work, 1280, 1000)) {
            Chromium.Page page = open(browser, lab, "en");
            click(page, "[data-lang=zh]"); // everything below is said after a switch, as a reader makes it

            // Every word of the page has its two languages, of the same kind; every data-t names one.
            List<String> halves = (List<String>) page.eval("""
                    (() => {
                      const bad = [];
                      const walk = (words, path) => Object.entries(words).forEach(([k, v]) => {
                        if (!Array.isArray(v)) return walk(v, path + k + '.');
                        if (v.length !== 2 || typeof v[0] !== typeof v[1] || !v[0] || !v[1]) bad.push(path + k);
                        else if (typeof v[1] === 'string' && v[0] !== v[1] && !/[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]/.test(v[1])) bad.push(path + k + ' (no Chinese)');
                      });
                      walk(window.LAB_WORDS, '');
                      document.querySelectorAll('[data-t]').forEach(el => { if (!(el.dataset.t in window.LAB_TEXTS.zh)) bad.push('data-t ' + el.dataset.t); });
                      return bad;
                    })()""");
            assertThat(halves).as("words without both languages").isEmpty();
            assertThat((Number) page.eval("Object.keys(window.LAB_WORDS).length")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.INTEGER).isGreaterThan(40);

            // No run yet: each chart says so.
            assertThat(page.eval("document.querySelector('#chart-cpu .empty').textContent")).isEqualTo(zh(page, "empty.noRun"));

            // The notes follow the set-up: the general one, then the first set-up's, then another's.
            Map<String, Object> first = (Map<String, Object>) page.eval("window.lab.guide.presets[0]");
            Map<String, Object> pool = (Map<String, Object>) page.eval("window.lab.guide.presets.find(p => p.key === 'pool')");
            assertThat(note(page, "cpu")).isEqualTo(page.eval("window.lab.guide.notes.cpu.look.zh"));
            click(page, "#try-first");
            assertThat(note(page, "cpu")).isEqualTo(zh(page, "inSetup") + look(first, "cpu"));
            assertThat(note(page, "latency")).isEqualTo(zh(page, "notAbout") + page.eval("window.lab.guide.notes.latency.look.zh"));
            page.eval("[...document.querySelectorAll('#presets button')].find(b => b.textContent === '"
                    + ((Map<String, String>) pool.get("text")).get("zh") + "').click(); true");
            assertThat(note(page, "conns")).isEqualTo(zh(page, "inSetup") + look(pool, "conns"));
            act(page, "set('active', '21');"); // no set-up of the guide any more: the general words
            assertThat(note(page, "conns")).isEqualTo(page.eval("window.lab.guide.notes.conns.look.zh"));
            click(page, "#try-first");

            // The first set-up, run.
            click(page, "#start");
            await("both sides with 1000 open on the page, three seconds of each").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500)).until(() -> Boolean.TRUE.equals(page.eval(
                            "['a', 'b'].every(s => window.lab.runs[s] && window.lab.runs[s].samples.filter(x => x.open === 1000).length >= 3)")));
            assertThat(note(page, "cpu")).as("the notes follow the runs' set-up").isEqualTo(zh(page, "inSetup") + look(first, "cpu"));

            // The latency chart is empty, and says why; the CPU chart is not.
            assertThat(page.eval("document.querySelector('#chart-latency .empty').textContent")).isEqualTo(zh(page, "empty.noActive"));
            assertThat(page.eval("document.querySelector('#chart-cpu .empty').textContent")).isEqualTo("");

            // 1000 open on both sides, the same threads: both colours drawn, and the card says they overlap.
            for (String chart : List.of("conns", "threads")) {
                Map<String, Object> a = (Map<String, Object>) page.eval(DRAWN + "('" + chart + "', [" + rgb(A) + "])");
                Map<String, Object> b = (Map<String, Object>) page.eval(DRAWN + "('" + chart + "', [" + rgb(B) + "])");
                assertThat(((Number) a.get("pixels")).intValue()).as(chart + ": A's pixels").isGreaterThanOrEqualTo(100);
                assertThat(((Number) b.get("pixels")).intValue()).as(chart + ": B's pixels").isGreaterThanOrEqualTo(100);
                assertThat(page.eval("document.querySelector('#chart-" + chart + " .overlap').textContent"))
                        .isEqualTo(page.eval("window.LAB_TEXTS.zh.overlap('')"));
            }
            assertThat(page.eval("document.querySelector('#chart-cpu .overlap').textContent")).as("03 burns, 06 idles").isEqualTo("");

            // A refusal shown switches language with the page.
            act(page, "set('active', '-5'); document.getElementById('apply').click();");
            await("the refusal").atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(page.eval("document.getElementById('message').hidden")));
            assertThat(page.eval("document.getElementById('message').textContent")).isEqualTo("实验台拒绝了：活跃连接数不能是负数（-5）");
            click(page, "[data-lang=en]");
            assertThat(page.eval("document.getElementById('message').textContent"))
                    .isEqualTo("The lab refused: active connections cannot be negative (-5)");
            assertThat(page.eval("document.querySelector('#chart-latency .empty').textContent")).isEqualTo(
                    "No active connection: there is no request to time (an idle connection sends nothing after its first answer).");
            assertThat(page.eval("window.lab.charts.conns.axes[0].label")).isEqualTo("seconds");
            click(page, "[data-lang=zh]");
            assertThat(page.eval("window.lab.charts.conns.axes[0].label")).isEqualTo("秒");
            assertThat((List<String>) page.eval("window.lab.charts.conns.series.map(s => s.label)"))
                    .containsExactly("秒", "A 03-nonblocking 打开", "A 03-nonblocking 饿死", "B 06-selectors 打开", "B 06-selectors 饿死");
            assertThat((String) page.eval("document.getElementById('status-a').textContent")).contains("1000 个空闲 + 0 个活跃 × 64 B");

            // Nothing the page shows is English but names: the running page, with a message.
            assertThat(english((List<String>) page.eval(SHOWN))).as("English words left on the Chinese page").isEmpty();
            Files.write(Path.of("target", "lab-browser-zh.png"), page.screenshot(1280, null));

            // Why a run ended, in the page's language, then in the other.
            click(page, "#stop");
            await("stopped").atMost(Duration.ofSeconds(30)).until(() -> lab.runs.all().stream().allMatch(r -> r.state().over()));
            await("the page shows why").atMost(Duration.ofSeconds(10)).until(() -> "在页面上（或由脚本）停止".equals(
                    page.eval("(document.querySelector('#status-a .reason') || {}).textContent")));
            assertThat(english((List<String>) page.eval(SHOWN))).as("English words left on the Chinese page, stopped").isEmpty();
            click(page, "[data-lang=en]");
            assertThat(page.eval("document.querySelector('#status-a .reason').textContent")).isEqualTo("stopped from the page (or by a script)");
        }
    }

    /**
     * A slow page is not a closed page: a run outlives a page whose main thread is busy for 8 s and a
     * page that says nothing at all for 12 s (both longer than the lab's old limit of 5 s, under which
     * a full-page screenshot on a loaded machine once stopped a run). A page that leaves, for another
     * page or by closing its tab, says so: its run stops at once, long before the silence limit.
     */
    @Test
    void aSlowPageKeepsItsRunAndAPageThatLeavesStopsItAtOnce(@TempDir Path work) throws Exception {
        Path binary = chromiumOrSkip();
        Duration soon = Duration.ofSeconds(10); // a third of the silence limit: only the page's word stops it this fast
        assertThat(soon).isLessThan(LabCommand.HEARTBEAT);
        try (LabFixture lab = new LabFixture(); Chromium browser = Chromium.start(binary, work, 1280, 1000)) {
            Chromium.Page page = open(browser, lab, "en");
            LabRun run = startFromThePage(page, lab, 1);

            // Its main thread busy for 8 s: the worker's heartbeat goes on (without it the lab would hear
            // nothing for those 8 s).
            page.eval("(() => { const end = Date.now() + 8000; while (Date.now() < end) {} return true; })()");
            assertThat(run.state()).isEqualTo(RunState.RUNNING);
            assertThat(run.longestSilence()).as("the longest silence the lab heard").isLessThan(Duration.ofSeconds(8));
            System.out.printf("LabBrowserTest: with its main thread busy for 8 s, the page's longest silence was %.1f s%n",
                    run.longestSilence().toMillis() / 1e3);

            // Not a word for 12 s: no heartbeat, no samples asked for.
            page.eval("window.lab.quiet(12); true");
            await("12 s of silence, as the lab heard it").atMost(Duration.ofSeconds(40)).until(() -> run.longestSilence().toSeconds() >= 12);
            int before = ((Number) page.eval("window.lab.runs.a.samples.length")).intValue();
            await("the page speaks again").atMost(Duration.ofSeconds(20)).until(() ->
                    ((Number) page.eval("window.lab.runs.a.samples.length")).intValue() > before);
            assertThat(run.state()).as("after %s of silence", run.longestSilence()).isEqualTo(RunState.RUNNING);
            System.out.printf("LabBrowserTest: the run lived through a busy page and %.1f s of silence%n", run.longestSilence().toMillis() / 1e3);

            // The reader goes to another page: the run stops at once, and says why.
            long left = System.nanoTime();
            page.navigate("about:blank");
            await("stopped as its page left").atMost(soon).until(() -> run.state().over());
            assertThat(run.json().get("reason")).isEqualTo(LabReasons.LEFT.en());
            System.out.printf("LabBrowserTest: a page that left stopped its run in %.1f s%n", (System.nanoTime() - left) / 1e9);

            // The reader closes the tab: the same.
            Chromium.Page again = open(browser, lab, "en");
            LabRun next = startFromThePage(again, lab, 2);
            again.close();
            await("stopped as its tab closed").atMost(soon).until(() -> next.state().over());
            assertThat(next.json().get("reason")).isEqualTo(LabReasons.LEFT.en());
            assertThat(ProcessHandle.of(next.pid()).map(ProcessHandle::isAlive).orElse(false)).as("its server process").isFalse();
        }
    }

    /** The page at {@code lang}, once it has the models. */
    private static Chromium.Page open(Chromium browser, LabFixture lab, String lang) throws Exception {
        Chromium.Page page = browser.open(lab.uri() + "?lang=" + lang);
        await("the page has loaded the models").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Boolean.TRUE.equals(page.eval("window.lab !== undefined && window.lab.ready === true")));
        return page;
    }

    /** 06-selectors with 5 idle connections, started from the page: the lab's {@code n}th run, once it runs. */
    private static LabRun startFromThePage(Chromium.Page page, LabFixture lab, int n) throws Exception {
        act(page, "set('model-a', '06-selectors'); set('model-b', ''); set('idle', '5'); set('active', '0');"
                + " document.getElementById('start').click();");
        await("run " + n + " running").atMost(Duration.ofSeconds(60)).until(() -> lab.runs.all().size() == n
                && lab.runs.all().get(n - 1).state() == RunState.RUNNING);
        return lab.runs.all().get(n - 1);
    }

    /** The words of {@code texts} that are English: what is left once names, models and flags are taken out. */
    static List<String> english(List<String> texts) {
        List<String> found = new java.util.ArrayList<>();
        for (String text : texts) {
            Matcher m = WORD.matcher(MODULE_OR_FLAG.matcher(text).replaceAll(" "));
            while (m.find()) {
                if (!NAMES.contains(m.group())) {
                    found.add(m.group() + " in \"" + text.strip() + "\"");
                }
            }
        }
        return found;
    }

    /** The check itself catches English: a test of the test. */
    @Test
    void theCheckForEnglishFindsEnglish() {
        assertThat(english(List.of("1000 个空闲 + 0 个活跃 × 64 B", "A 06-selectors 打开", "--pool 8：池的上限", "p50（实线）",
                "'nope' 不是实验台的模型", "\"args\" 应当是对象", "ulimit -n"))).isEmpty();
        assertThat(english(List.of("1000 idle + 0 active × 64 B", "A 06-selectors open")))
                .containsExactly("idle in \"1000 idle + 0 active × 64 B\"", "active in \"1000 idle + 0 active × 64 B\"",
                        "open in \"A 06-selectors open\"");
    }

    private static String rgb(int[] c) {
        return c[0] + ", " + c[1] + ", " + c[2];
    }

    /** A word of the page in Chinese, by its key ({@code empty.noRun}). */
    private static String zh(Chromium.Page page, String key) throws Exception {
        return (String) page.eval("window.LAB_TEXTS.zh." + key);
    }

    /** The words beside a chart, after its section and quote: what to look at. */
    private static String note(Chromium.Page page, String chart) throws Exception {
        return (String) page.eval("document.querySelector('#chart-" + chart + " .note .look').textContent");
    }

    @SuppressWarnings("unchecked")
    private static String look(Map<String, Object> preset, String chart) {
        return ((Map<String, Map<String, String>>) preset.get("look")).get(chart).get("zh");
    }

    private static void click(Chromium.Page page, String selector) throws Exception {
        page.eval("document.querySelector('" + selector + "').click(); true");
    }

    /**
     * Runs {@code body} in the page, with {@code set(id, value)}: a control set as a person would,
     * its input and change events fired.
     */
    private static void act(Chromium.Page page, String body) throws Exception {
        page.eval("(() => { const set = (id, v) => { const e = document.getElementById(id); e.value = v;"
                + " e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); }; "
                + body + " return true; })()");
    }
}
