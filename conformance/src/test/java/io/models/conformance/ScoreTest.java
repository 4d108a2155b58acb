package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.models.common.protocol.Protocol;
import io.models.common.server.EchoServer;
import io.models.common.testkit.ChildServer;
import io.models.conformance.grading.Rubric;
import io.models.conformance.grading.Score;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The checker with a rubric: the score line, the exit code, one line for a rubric it cannot use,
 * and the score in the JUnit XML, the Markdown and Gradescope's results.json.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScoreTest {

    @Test
    void withARubricItRunsItsCasesPrintsTheScoreAndExitsZeroOnlyForFullMarks(@TempDir Path tmp) throws Exception {
        Path rubric = Files.writeString(tmp.resolve("r.txt"), "half-close 30\nevery-byte 70\n");
        try (EchoServer server = MainTest.correctServer()) {
            server.start();
            CheckRun run = CheckRun.against(server.port(), null, List.of("--rubric", rubric.toString()));
            assertThat(run.out()).as(run.printed()).containsExactly("PASS every-byte", "PASS half-close",
                    "2 passed, 0 failed", "score: 100/100");
            assertThat(run.exitCode()).isZero();

            Path withPid = Files.writeString(tmp.resolve("pid.txt"), "every-byte 70\ncleanup 30\n");
            run = CheckRun.against(server.port(), null, List.of("--rubric", withPid.toString()));
            assertThat(run.out()).as("a case skipped for want of --pid earns nothing").containsExactly("PASS every-byte",
                    "SKIP cleanup: needs --pid or --exec (it reads the server's process in /proc)",
                    "1 passed, 0 failed, 1 skipped", "score: 70/100");
            assertThat(run.exitCode()).as("not full marks").isEqualTo(1);
        }
    }

    @Test
    void anExpectedFailureCostsNothingAndTheExitCodeSaysFullMarks(@TempDir Path tmp) throws Exception {
        Path rubric = Files.writeString(tmp.resolve("r.txt"), "every-byte 10\nhalf-close expect-fail\n  note never closes\n");
        try (WrongServer server = WrongServer.start(ScoreTest::echoAndNeverClose)) {
            CheckRun run = CheckRun.against(server.port(), null, List.of("--rubric", rubric.toString(), "--wait", "1",
                    "--report-dir", tmp.toString(), "--gradescope", tmp.resolve("gs/results.json").toString()));
            assertThat(run.out()).as(run.printed()).hasSize(4);
            assertThat(run.out().get(1)).startsWith("FAIL half-close: ");
            assertThat(run.out().get(3)).isEqualTo("score: 10/10");
            assertThat(run.exitCode()).isZero();

            Element suite = xml(tmp.resolve(Reports.JUNIT_FILE)).getDocumentElement();
            assertThat(suite.getAttribute("failures")).isEqualTo("0");
            assertThat(suite.getAttribute("skipped")).isEqualTo("1");
            Element skipped = (Element) suite.getElementsByTagName("skipped").item(0);
            assertThat(skipped.getAttribute("type")).isEqualTo("conformance.ExpectedFailure");
            assertThat(skipped.getAttribute("message")).startsWith("failed, as this model does by design");
            assertThat(properties(suite)).containsEntry("score", "10").containsEntry("max-score", "10")
                    .containsEntry("points.every-byte", "10/10")
                    .containsEntry("points.half-close", "0/0 FAILED_AS_EXPECTED");

            Map<String, Object> gs = JSON.std.mapFrom(Files.readString(tmp.resolve("gs/results.json")));
            assertThat(gs).containsEntry("score", 10);
            assertThat(Files.readString(tmp.resolve(Reports.MARKDOWN_FILE))).contains("## score: 10/10")
                    .contains("| `every-byte` | 10/10 | passed |")
                    .contains("| `half-close` | – | failed, as this model does by design");
        }
    }

    @Test
    void gradescopeWithoutARubricGivesEachCaseOnePoint(@TempDir Path tmp) throws Exception {
        try (EchoServer server = MainTest.correctServer()) {
            server.start();
            Path file = tmp.resolve("results.json");
            CheckRun run = CheckRun.against(server.port(), null, List.of("--cases", "every-byte,idle-cpu",
                    "--gradescope", file.toString()));
            assertThat(run.out()).as("no score line without a rubric").containsExactly("PASS every-byte",
                    "SKIP idle-cpu: needs --pid or --exec (it reads the server's process in /proc)", "1 passed, 0 failed, 1 skipped");
            assertThat(run.exitCode()).isZero();
            Map<String, Object> gs = JSON.std.mapFrom(Files.readString(file));
            assertThat(gs).containsEntry("score", 1);
            assertThat((List<?>) gs.get("tests")).hasSize(2);
        }
    }

    @Test
    void aRubricNamingACaseTheCheckerDoesNotHaveIsOneLineAndExitsTwo(@TempDir Path tmp) throws IOException {
        Path rubric = Files.writeString(tmp.resolve("r.txt"), "every-byte 10\n\nevery-bite 5\n");
        CheckRun run = CheckRun.of("--port", "1", "--rubric", rubric.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasSize(1);
        assertThat(run.err().get(0)).startsWith("conformance: " + rubric + ":3: 'every-bite' is not a case; the cases are: "
                + "every-byte, one-byte-writes");
    }

    @Test
    void aLanguageThatIsNotOneIsABadFlag() {
        CheckRun run = CheckRun.of("--port", "1", "--lang", "fr");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().get(0)).contains("'fr' is not a language: en or zh");
    }

    @Test
    void inChineseTheScoreLineIsChinese(@TempDir Path tmp) throws Exception {
        Path rubric = Files.writeString(tmp.resolve("r.txt"), "every-byte 10\nhalf-close 5\n");
        try (EchoServer server = MainTest.correctServer()) {
            server.start();
            // A JVM of its own: the language is the process's, and other tests run alongside in this one.
            ChildServer.Run run = ChildServer.of(Main.class).args("--port", String.valueOf(server.port()), "--rubric",
                    rubric.toString(), "--lang", "zh", "--gradescope", tmp.resolve("results.json").toString()).run();
            assertThat(run.lines()).as(String.join("\n", run.lines())).endsWith("得分：15/15");
            assertThat(run.exitCode()).isZero();
            assertThat(Files.readString(tmp.resolve("results.json"))).contains("通过说明：");
        }
    }

    @Test
    void theReportsWithoutARubricAreWhatTheyWere() {
        assertThat(Reports.junit(ReportsTest.RUN)).isEqualTo(Reports.junit(ReportsTest.RUN, null));
        assertThat(Reports.markdown(ReportsTest.RUN)).doesNotContain("score");
    }

    @Test
    void theMarkdownOfAScoredRunListsEveryCaseOfTheRubric(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("rubric.txt"),
                "every-byte 10\nidle-client-blocks-others expect-fail\n  note one at a time\nidle-cpu 5\nmodel 5 select\n");
        Score score = Score.of(Rubric.read(file), ReportsTest.RUN.results());
        String md = Reports.markdown(ReportsTest.RUN, score);
        assertThat(md).contains("## score: 10/20\n")
                .contains("Scored with the rubric " + file)
                .contains("| `every-byte` | 10/10 | passed |")
                .contains("| `idle-client-blocks-others` | – | failed, as this model does by design")
                .contains("(why this model fails it: one at a time) |")
                .contains("| `idle-cpu` | 0/5 | skipped, no points: needs --pid (it reads /proc/PID) |")
                .contains("| `model` | 0/5 | not run, no points: ");
    }

    /** The mistake of a server that answers everything but never closes once its client has finished. */
    static void echoAndNeverClose(SocketChannel conn) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (conn.read(buf) >= 0) {
            buf.flip();
            Protocol.upper(buf);
            while (buf.hasRemaining()) {
                conn.write(buf);
            }
            buf.clear();
        }
    }

    static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    static Map<String, String> properties(Element suite) {
        Map<String, String> p = new LinkedHashMap<>();
        NodeList list = suite.getElementsByTagName("property");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            p.put(e.getAttribute("name"), e.getAttribute("value"));
        }
        return p;
    }

}
