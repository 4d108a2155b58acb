package io.models.bench.lab;

import static io.models.bench.lab.LabFixture.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.models.bench.LabCommand;
import io.models.bench.server.CReference;
import io.models.bench.server.ServerProcess;
import io.models.bench.server.Subject;
import io.models.bench.sweep.Runner;
import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import io.models.common.chapter.Flag;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lab's JSON API against the chapters' real jars, each run its own server process: the models
 * and their flags as their descriptors say them, the page's guide, a refusal for every kind of bad input (400 and one line, nothing started), a
 * run's samples and a change of its load, a page that stops asking (its run stops), a server that
 * dies (reported, with its last lines), and the page's files served from the jar.
 */
class LabApiTest {

    private LabFixture lab;

    @BeforeEach
    void start() throws IOException {
        lab = new LabFixture();
    }

    /** Every run ends and its server is gone: measured, not assumed. */
    @AfterEach
    void noServerOutlivesItsRun() {
        List<LabRun> runs = lab.runs.all();
        lab.close();
        for (LabRun r : runs) {
            assertThat(r.state().over()).as("run " + r.id).isTrue();
            assertThat(ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false)).as("run %d's server", r.id).isFalse();
        }
    }

    private static Duration deadline(int seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theModelsAreEveryChapterAsItsDescriptorSaysThenTheReference() throws Exception {
        LabFixture.Reply r = lab.get("/api/models");

        assertThat(r.status()).isEqualTo(200);
        List<Map<String, Object>> models = (List<Map<String, Object>>) r.json().get("models");
        List<Chapter> chapters = Chapters.onClassPath();
        List<String> modules = new ArrayList<>(chapters.stream().map(Chapter::name).toList());
        modules.add(CReference.MODULE);
        assertThat(models).extracting(m -> m.get("module")).containsExactlyElementsOf(modules);
        for (Chapter c : chapters) {
            Map<String, Object> m = models.stream().filter(x -> x.get("module").equals(c.name())).findFirst().orElseThrow();
            assertThat(m).as(c.name()).containsEntry("section", c.section()).containsEntry("available", true)
                    .containsEntry("about", Map.of("en", c.about().en(), "zh", c.about().zh()));
            List<Map<String, Object>> flags = (List<Map<String, Object>>) m.get("flags");
            assertThat(flags).as(c.name()).extracting(f -> f.get("name")).containsExactlyElementsOf(c.flags().stream().map(Flag::name).toList());
            for (int i = 0; i < flags.size(); i++) {
                Flag f = c.flags().get(i);
                Map<String, Object> j = flags.get(i);
                assertThat(j).as(f.name()).containsEntry("help", Map.of("en", f.help().en(), "zh", f.help().zh()));
                if (f.isChoice()) {
                    assertThat(j).as(f.name()).containsEntry("choices", f.choices()).containsEntry("default", f.byDefault());
                } else {
                    assertThat(j).as(f.name()).containsEntry("min", f.min()).containsEntry("max", f.max());
                }
            }
        }
        Map<String, Object> pool = models.stream().filter(m -> m.get("module").equals("02-threadpool")).findFirst().orElseThrow();
        assertThat((List<Map<String, Object>>) pool.get("flags")).singleElement().satisfies(f ->
                assertThat(f).containsEntry("name", "--pool").containsEntry("min", 0).containsEntry("max", 10_000).containsEntry("default", 0));
        // This fixture builds no C reference: it is offered, as not available, with the reason.
        assertThat(models.get(models.size() - 1)).containsEntry("module", CReference.MODULE).containsEntry("available", false)
                .containsEntry("missing", "not built by this test").containsEntry("section", CReference.SECTION);
        assertThat((Map<String, Object>) r.json().get("limits")).containsEntry("connections", 20_000).containsEntry("seconds", 600)
                .containsEntry("silenceSeconds", (int) LabCommand.HEARTBEAT.toSeconds());
    }

    /**
     * Whatever the page shows of a model, in Chinese, is Chinese but for names: its section (07's and
     * 08's go beyond the note and are said in English by their descriptors), what it does, each flag's
     * help, and why it cannot run here; and so is every word of the guide.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theModelsAndTheGuideAreInBothLanguages() throws Exception {
        Map<String, Object> json = lab.get("/api/models").json();
        List<String> zh = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) json.get("models")) {
            Map<String, String> section = (Map<String, String>) m.get("sectionText");
            assertThat(section.get("en")).isEqualTo(m.get("section"));
            zh.add(section.get("zh"));
            zh.add(((Map<String, String>) m.get("about")).get("zh"));
            for (Map<String, Object> f : (List<Map<String, Object>>) m.get("flags")) {
                zh.add(((Map<String, String>) f.get("help")).get("zh"));
            }
            if (m.containsKey("missing")) {
                Map<String, String> missing = (Map<String, String>) m.get("missingText");
                assertThat(missing.get("en")).isEqualTo(m.get("missing"));
                zh.add(missing.get("zh"));
            }
        }
        Map<String, Object> guide = (Map<String, Object>) json.get("guide");
        zh.add(((Map<String, String>) guide.get("tryFirst")).get("zh"));
        Map<String, Object> notes = (Map<String, Object>) guide.get("notes");
        for (Map<String, Object> p : (List<Map<String, Object>>) guide.get("presets")) {
            zh.add(((Map<String, String>) p.get("text")).get("zh"));
            Map<String, Map<String, String>> look = (Map<String, Map<String, String>>) p.get("look");
            assertThat(notes).as(p.get("key") + ": the charts it speaks of").containsKeys(look.keySet().toArray(String[]::new));
            look.values().forEach(t -> {
                assertThat(t.get("en")).isNotBlank();
                zh.add(t.get("zh"));
            });
        }
        notes.values().forEach(n -> zh.add(((Map<String, Map<String, String>>) n).get("look").get("zh")));
        assertThat(zh).allSatisfy(t -> assertThat(t).containsPattern("[\\u4e00-\\u9fff]"));
        assertThat(LabBrowserTest.english(zh)).as("English words in the Chinese").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGuideSetsUpModelsTheLabOffersAndHasANoteForEveryChart() throws Exception {
        Map<String, Object> json = lab.get("/api/models").json();
        List<Object> offered = ((List<Map<String, Object>>) json.get("models")).stream().map(m -> m.get("module")).toList();
        Map<String, Object> guide = (Map<String, Object>) json.get("guide");

        assertThat(offered).contains(guide.get("model"));
        List<Map<String, Object>> presets = (List<Map<String, Object>>) guide.get("presets");
        assertThat(presets).isNotEmpty().allSatisfy(p -> {
            for (String side : List.of("a", "b")) {
                Map<String, Object> s = (Map<String, Object>) p.get(side);
                if (s != null) {
                    assertThat(offered).as(p.get("key") + " " + side).contains(s.get("module"));
                    Map<String, Object> request = new java.util.LinkedHashMap<>();
                    request.putAll((Map<String, Object>) s.get("flags"));
                    // Each flag the set-up gives is one its model takes, in range: a run would start.
                    assertThat(lab.models.subject((String) s.get("module"), request).module()).isEqualTo(s.get("module"));
                }
            }
            assertThat((Map<String, Object>) p.get("text")).containsKeys("en", "zh");
        });
        assertThat((Map<String, Object>) guide.get("notes")).containsOnlyKeys("cpu", "rps", "latency", "threads", "rss", "fds", "conns");
    }

    @Test
    void thePageHoldsNoChaptersNameOrText() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder page = new StringBuilder();
        for (String path : List.of("/", "/lab.js", "/texts.js", "/charts.js", "/controls.js", "/heartbeat.js")) {
            page.append(http.send(HttpRequest.newBuilder(lab.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        for (Chapter c : Chapters.onClassPath()) {
            assertThat(page).as("the page").doesNotContain(c.name(), c.about().en(), c.about().zh(), c.section());
            for (Flag f : c.flags()) {
                assertThat(page).as("the page").doesNotContain(f.name(), f.help().en());
            }
        }
    }

    @Test
    void badInputIsA400WithOneLineAndStartsNothing() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"model\": \"06\", \"active\": -5}", "active connections cannot be negative (-5)"),
                Map.entry("{\"model\": \"06\", \"idle\": -1}", "idle connections cannot be negative (-1)"),
                Map.entry("{\"model\": \"nope\"}", "'nope' is not a model"),
                Map.entry("{\"model\": \"0\"}", "'0' is more than one model"),
                Map.entry("{}", "say which model"),
                Map.entry("{\"model\": \"02\", \"args\": {\"--pool\": 20000}}", "--pool is from 0 to 10000, not 20000"),
                Map.entry("{\"model\": \"02\", \"args\": {\"--pool\": \"eight\"}}", "--pool is a whole number from 0 to 10000, not 'eight'"),
                Map.entry("{\"model\": \"06\", \"args\": {\"--pool\": 8}}", "06-selectors has no flag --pool; its flags: --read-kib"),
                Map.entry("{\"model\": \"06\", \"args\": [1]}", "\"args\" is an object of flags"),
                Map.entry("{\"model\": \"06\", \"active\": 1.5}", "active connections: a whole number from 0 to 20,000, not '1.5'"),
                Map.entry("{\"model\": \"06\", \"active\": 20001}", "active connections: from 0 to 20,000, not 20,001"),
                Map.entry("{\"model\": \"06\", \"idle\": 15000, \"active\": 15000}", "at most 20,000 connections a run"),
                Map.entry("{\"model\": \"06\", \"bytes\": 0}", "the message size (bytes): from 1 to 65,536, not 0"),
                Map.entry("{\"model\": \"06\", \"seconds\": 601}", "seconds: from 1 to 600, not 601"),
                Map.entry("{\"model\": \"06\", \"colour\": \"red\"}", "unknown field \"colour\""),
                Map.entry("model=06&active=100", "the body is a JSON object"),
                Map.entry("{\"model\": \"06\",", "the body is not JSON"));
        for (var c : cases.entrySet()) {
            LabFixture.Reply r = lab.post("/api/runs", c.getKey());
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.error()).as(c.getKey()).contains(c.getValue()).doesNotContain("\n", "Exception", "\tat ");
            inBothLanguages(r);
        }
        assertThat(lab.get("/api/runs").json().get("runs")).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();

        assertThat(lab.get("/api/runs/99").status()).isEqualTo(404);
        assertThat(lab.get("/api/runs/99").error()).isEqualTo("no run 99");
        assertThat(inBothLanguages(lab.get("/api/runs/99"))).isEqualTo("没有编号为 99 的运行");
        assertThat(inBothLanguages(lab.post("/api/runs", "{\"model\": \"06\", \"active\": -5}"))).isEqualTo("活跃连接数不能是负数（-5）");
        assertThat(inBothLanguages(lab.post("/api/runs", "{\"model\": \"02\", \"args\": {\"--pool\": 20000}}")))
                .isEqualTo("--pool 应当在 0 到 10000 之间，不能是 20000");
        assertThat(lab.get("/api/nothing").status()).isEqualTo(404);
        LabFixture.Reply method = lab.send(HttpRequest.newBuilder(lab.uri().resolve("/api/models")).DELETE());
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.error()).isEqualTo("DELETE is not for this address: GET is");
        assertThat(inBothLanguages(method)).isEqualTo("这个地址不接受 DELETE，只接受 GET");
    }

    /**
     * A refusal says why in both languages: {@code error} (the English, for scripts) and
     * {@code errorText}, whose Chinese is Chinese but for names; returns the Chinese.
     */
    @SuppressWarnings("unchecked")
    private static String inBothLanguages(LabFixture.Reply r) {
        Map<String, String> text = (Map<String, String>) r.json().get("errorText");
        assertThat(text).as(r.body()).containsEntry("en", r.error());
        assertThat(text.get("zh")).as(r.body()).containsPattern("[\\u4e00-\\u9fff]");
        if (!r.error().startsWith("the body is not JSON")) { // the parser's own words follow
            assertThat(LabBrowserTest.english(List.of(text.get("zh")))).as(r.body()).isEmpty();
        }
        return text.get("zh");
    }

    @Test
    void anotherSitesPageAndAnotherHostNameAreRefused() throws Exception {
        LabFixture.Reply origin = lab.send(HttpRequest.newBuilder(lab.uri().resolve("/api/runs"))
                .header("Origin", "http://example.com").POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"06\"}")));
        assertThat(origin.status()).isEqualTo(403);
        assertThat(origin.error()).contains("http://example.com");
        assertThat(lab.runs.all()).isEmpty();

        // A page of another site that resolves its own name to 127.0.0.1 (DNS rebinding) still sends its own Host.
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), lab.server.port())) {
            raw.getOutputStream().write(("GET /api/models HTTP/1.1\r\nHost: evil.example:" + lab.server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 403").contains("{\"error\":\"the lab answers http://127.0.0.1:");
        }

        // Same origin (the page itself) is fine.
        LabFixture.Reply self = lab.send(HttpRequest.newBuilder(lab.uri().resolve("/api/models"))
                .header("Origin", "http://127.0.0.1:" + lab.server.port()).GET());
        assertThat(self.status()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunsSamplesComeOnceASecondItsLoadChangesAndItStops() throws Exception {
        int id = lab.start("{\"model\": \"06-selectors\", \"active\": 10, \"seconds\": 120}");

        await("three samples with replies").atMost(deadline(60)).until(() ->
                lab.samples(id, 0).stream().filter(s -> number(s, "requestsPerSecond") > 0).count() >= 3);
        Map<String, Object> run = lab.run(id);
        assertThat(run).containsEntry("state", "running").containsEntry("model", "06-selectors").containsEntry("watched", false)
                .containsEntry("longestSilenceSeconds", null);
        List<Map<String, Object>> all = lab.samples(id, 0);
        Map<String, Object> s = all.stream().filter(x -> number(x, "requestsPerSecond") > 0).reduce((a, b) -> b).orElseThrow();
        assertThat(number(s, "open")).isEqualTo(10);
        assertThat(number(s, "errors")).isZero();
        assertThat(number(s, "threads")).isPositive();
        assertThat(number(s, "rssMiB")).isPositive();
        assertThat(number(s, "cpuPercent")).isGreaterThanOrEqualTo(0);
        assertThat(number(s, "descriptors")).isGreaterThanOrEqualTo(10); // one per connection, and the server's own
        assertThat(number(s, "p50Us")).isPositive().isLessThanOrEqualTo(number(s, "p99Us"));
        assertThat(all).extracting(x -> number(x, "t")).isSorted();
        // from=N: only the samples from number N on
        List<Map<String, Object>> later = lab.samples(id, all.size() - 1);
        assertThat(later).isNotEmpty().first().isEqualTo(all.get(all.size() - 1));
        assertThat(lab.get("/api/runs/" + id + "/samples?from=-1").error()).isEqualTo("from cannot be negative (-1)");

        // A new load on the same server: 20 idle beside 5 active.
        long pid = (long) number(run, "pid");
        LabFixture.Reply changed = lab.post("/api/runs/" + id + "/load", "{\"idle\": 20, \"active\": 5}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat((Map<String, Object>) changed.json().get("load")).containsEntry("idle", 20).containsEntry("active", 5)
                .containsEntry("bytes", 64);
        await("25 open on the same server").atMost(deadline(60)).until(() -> {
            List<Map<String, Object>> ss = lab.samples(id, 0);
            Map<String, Object> last = ss.get(ss.size() - 1);
            return number(last, "open") == 25 && number(last, "requestsPerSecond") > 0;
        });
        assertThat(number(lab.run(id), "pid")).isEqualTo(pid);
        assertThat(lab.post("/api/runs/" + id + "/load", "{\"active\": -1}").status()).isEqualTo(400);

        LabFixture.Reply stop = lab.post("/api/runs/" + id + "/stop", "");
        assertThat(stop.status()).isEqualTo(200);
        await("stopped").atMost(deadline(30)).until(() -> "stopped".equals(lab.run(id).get("state")));
        assertThat(lab.run(id).get("reason")).isEqualTo("stopped from the page (or by a script)");
        assertThat(lab.run(id).get("reasonText")).isEqualTo(Map.of("en", "stopped from the page (or by a script)", "zh", "在页面上（或由脚本）停止"));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        // Its samples are still there; a change to a run that has ended is a conflict.
        assertThat(lab.samples(id, 0)).hasSizeGreaterThanOrEqualTo(all.size());
        LabFixture.Reply late = lab.post("/api/runs/" + id + "/load", "{\"active\": 1}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.error()).contains("has ended");
        assertThat(inBothLanguages(late)).isEqualTo("运行 " + id + " 已经结束（已停止）：请重新开始");
    }

    /**
     * The silence limit at work, made short here (3 s) so that the test is: the lab's own (30 s) is
     * waited out by the browser test, whose killed browser says nothing.
     */
    @Test
    void aPageThatStopsAskingHasItsRunStoppedWithinTheSilenceLimit() throws Exception {
        Duration limit = Duration.ofSeconds(3);
        lab.close();
        lab = new LabFixture(CReference.absent("not built by this test"), limit);
        int id = lab.start("{\"model\": \"06\", \"idle\": 5}"); // no "seconds": a page's run
        await("running").atMost(deadline(60)).until(() -> "running".equals(lab.run(id).get("state")));
        LabRun run = lab.runs.get(id);
        long asked = System.nanoTime();

        // Nobody asks any more (lab.run would be a heartbeat): the run must stop by itself.
        await("stopped for want of a heartbeat").atMost(limit.plusSeconds(30)).until(() -> run.state().over());
        double quietSeconds = (System.nanoTime() - asked) / 1e9;
        assertThat(run.state()).isEqualTo(RunState.STOPPED);
        assertThat((String) run.json().get("reason")).isEqualTo("no word from its page for 3 s: the page is gone");
        assertThat(run.json().get("reasonText")).isEqualTo(Map.of("en", "no word from its page for 3 s: the page is gone",
                "zh", "页面已经 3 秒没有任何消息：它已经不在了"));
        assertThat(quietSeconds).as("it waited for the limit").isGreaterThanOrEqualTo(limit.toSeconds() - 0.5);
        assertThat(run.longestSilence()).as("the longest silence, as the run saw it").isGreaterThanOrEqualTo(limit);
        assertThat(((Number) run.json().get("longestSilenceSeconds")).doubleValue()).isGreaterThanOrEqualTo(limit.toSeconds());
        assertThat(ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    /** A page that goes away says so ({@code {"left": true}}): its run stops at once, and says why. */
    @Test
    void aPageThatSaysItIsLeavingHasItsRunStoppedAtOnce() throws Exception {
        int id = lab.start("{\"model\": \"06\", \"idle\": 5}");
        await("running").atMost(deadline(60)).until(() -> "running".equals(lab.run(id).get("state")));
        assertThat(lab.post("/api/runs/" + id + "/stop", "{\"left\": 1}").status()).isEqualTo(400);
        assertThat(lab.post("/api/runs/" + id + "/stop", "{\"gone\": true}").error()).isEqualTo("unknown field \"gone\"; the fields are left");

        LabFixture.Reply r = lab.post("/api/runs/" + id + "/stop", "{\"left\": true}");

        assertThat(r.status()).isEqualTo(200);
        await("stopped").atMost(deadline(30)).until(() -> "stopped".equals(lab.run(id).get("state")));
        assertThat(lab.run(id).get("reasonText")).isEqualTo(Map.of("en", "its page was closed or left (it said so as it went)",
                "zh", "它的页面关闭或离开了（页面走之前发来了通知）"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aServerThatDiesIsReportedWithItsLastLines() throws Exception {
        int id = lab.start("{\"model\": \"06\", \"idle\": 5, \"active\": 2, \"seconds\": 120}");
        await("running with its connections").atMost(deadline(60)).until(() -> {
            List<Map<String, Object>> ss = lab.samples(id, 0);
            return !ss.isEmpty() && number(ss.get(ss.size() - 1), "open") == 7;
        });
        long pid = (long) number(lab.run(id), "pid");

        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9, as the OOM killer would

        await("reported dead").atMost(deadline(30)).until(() -> "died".equals(lab.run(id).get("state")));
        Map<String, Object> run = lab.run(id);
        assertThat((String) run.get("reason")).isEqualTo("the server process ended (exit code 137)");
        assertThat(run.get("reasonText")).isEqualTo(Map.of("en", "the server process ended (exit code 137)", "zh", "服务端进程退出了（退出码 137）"));
        assertThat((List<String>) run.get("tail")).anySatisfy(l -> assertThat(l).startsWith("listening on 127.0.0.1:"));
    }

    @Test
    void aServerThatCannotStartFailsWithItsOwnWords() throws Exception {
        // Past the lab's checks (they would refuse it): a chapter given a flag it does not know.
        LabRun run = new LabRun(1, Subject.of(Chapters.named("06-selectors"), List.of("--no-such-flag")), new LoadMix(0, 1, 64),
                false, Duration.ofSeconds(30), new LabRun.Setup(new Runner.Env(lab.root, ServerProcess.javaBinary(),
                ServerProcess.jvmFlags(ServerProcess.DEFAULT_HEAP), CReference.absent("-"), 1, Runner.Timing.DEFAULT),
                LabCommand.HEARTBEAT));
        run.start();
        assertThat(run.join(Duration.ofSeconds(60))).isTrue();

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat((String) run.json().get("reason"))
                .isEqualTo("the server did not start: 06-selectors --no-such-flag ended before it listened (exit code 2)");
        assertThat(run.json().get("reasonText")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("zh", "服务端没有启动：06-selectors --no-such-flag 还没开始监听就退出了（退出码 2）");
        // Its last lines are its own: the end of the usage picocli printed under "Unknown option".
        assertThat(run.json().get("tail")).asInstanceOf(InstanceOfAssertFactories.LIST).anySatisfy(l -> assertThat((String) l).contains("--idle-timeout"));
    }

    @Test
    void atMostTwoRunsGoAtOnce() throws Exception {
        int a = lab.start("{\"model\": \"06\", \"seconds\": 60}");
        int b = lab.start("{\"model\": \"04\", \"seconds\": 60}");

        LabFixture.Reply third = lab.post("/api/runs", "{\"model\": \"03\"}");

        assertThat(third.status()).isEqualTo(409);
        assertThat(third.error()).startsWith("2 runs are going already (run " + a + ": 06-selectors, run " + b + ": 04-select)");
        assertThat(inBothLanguages(third)).startsWith("已经有 2 个运行在进行（运行 " + a + "：06-selectors；运行 " + b + "：04-select）");
        lab.post("/api/runs/" + a + "/stop", "");
        await("a stopped").atMost(deadline(30)).until(() -> "stopped".equals(lab.run(a).get("state")));
        int c = lab.start("{\"model\": \"03\", \"args\": {\"--idle-sleep-ms\": 1}, \"seconds\": 60}");
        assertThat(lab.run(c).get("model")).isEqualTo("03-nonblocking --idle-sleep-ms 1");
    }

    /**
     * The lab's first lesson, as the page shows it: 03 and 06 side by side, 1000 idle connections
     * each. 03 polls every socket flat out and burns CPU with nothing to do; 06 waits in epoll. Two
     * figures of one run compared with a wide margin (the machine is shared: 03 gets what it can).
     */
    @Test
    void side03Burns06IdlesWith1000IdleConnections() throws Exception {
        int polling = lab.start("{\"model\": \"03\", \"idle\": 1000, \"seconds\": 120}");
        int epoll = lab.start("{\"model\": \"06\", \"idle\": 1000, \"seconds\": 120}");
        await("1000 open on both").atMost(deadline(90)).until(() -> allOpen(polling, 1000) >= 0 && allOpen(epoll, 1000) >= 0);
        int from03 = allOpen(polling, 1000);
        int from06 = allOpen(epoll, 1000);

        await("three more seconds of each").atMost(deadline(60)).until(() ->
                lab.samples(polling, from03).size() >= 3 && lab.samples(epoll, from06).size() >= 3);
        double cpu03 = lab.samples(polling, from03).stream().limit(3).mapToDouble(s -> number(s, "cpuPercent")).average().orElseThrow();
        double cpu06 = lab.samples(epoll, from06).stream().limit(3).mapToDouble(s -> number(s, "cpuPercent")).average().orElseThrow();

        assertThat(cpu03).as("03's CPU (%% of a core) against 06's %.1f%%", cpu06).isGreaterThan(5 * cpu06 + 5);
    }

    /** The number of the first sample with {@code n} connections open, or -1. */
    private int allOpen(int id, int n) throws IOException, InterruptedException {
        List<Map<String, Object>> ss = lab.samples(id, 0);
        for (int i = 0; i < ss.size(); i++) {
            if (number(ss.get(i), "open") == n) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void thePageAndUPlotComeFromTheJarAndNeedNoNetwork() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> pageFiles = List.of("/", "/lab.js", "/lab.css", "/texts.js", "/charts.js", "/controls.js", "/heartbeat.js");
        List<String> all = new ArrayList<>(pageFiles);
        all.addAll(List.of("/uplot/uPlot.iife.min.js", "/uplot/uPlot.min.css"));
        for (String path : all) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(lab.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css" : "text/html";
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue(type + "; charset=utf-8");
            if (pageFiles.contains(path)) {
                assertThat(r.body()).as(path + " fetches nothing from outside").doesNotContain("http://", "https://", "//cdn", "@import");
            }
        }
        // The uPlot served is the WebJar's (the version pinned in the root pom).
        try (InputStream in = LabServer.class.getResourceAsStream(LabServer.uplotDir() + "uPlot.iife.min.js")) {
            assertThat(in).isNotNull();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(lab.uri().resolve("/uplot/uPlot.iife.min.js")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.body()).isEqualTo(in.readAllBytes());
        }
        assertThat(LabServer.uplotDir()).isEqualTo("/META-INF/resources/webjars/uplot/1.6.30/dist/");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(lab.uri().resolve("/secret.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("the lab is at /");
        HttpResponse<String> host = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + lab.server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(host.statusCode()).as("localhost is this machine too").isEqualTo(200);
    }
}
