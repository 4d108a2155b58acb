package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import io.models.common.server.EchoServer;
import io.models.common.testkit.ChildServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The note's clients (notes/python) run under python3 as written: each sends a line typed at its
 * prompt and prints the reply, here from chapter 06's server. At the end of its input, input()
 * raises EOFError: the note's loop has no way out but that.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class NotesPythonClientsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2_client.py   | 接受的是:HELLO, 世界",
        "3_client.py   | HELLO, 世界",
        "4_client.py   | HELLO, 世界",
        "4_client_2.py | 接收的是:HELLO, 世界",
        "7_client.py   | HELLO, 世界"})
    void aClientSendsALineAndPrintsTheReply(String client, String printed) throws Exception {
        assumeTrue(NotesPythonTest.python3(), "python3 is not installed: the note's clients cannot run");
        try (EchoServer server = MainTest.correctServer()) {
            server.start();
            assertThat(oneLine(client, server.port())).contains(printed).contains("EOFError");
        }
    }

    /**
     * Each chapter's NoteServer (the note's Python in Java, line by line) answers the note's own
     * client of its section, the first client after it starts, as the note runs them.
     */
    @ParameterizedTest(name = "{0} against {1}")
    @CsvSource(delimiter = '|', value = {
        "2_client.py | io.models.blocking.NoteServer     | 接受的是:HELLO, 世界",
        "2_client.py | io.models.threadpool.NoteServer   | 接受的是:HELLO, 世界",
        "3_client.py | io.models.nonblocking.NoteServer  | HELLO, 世界",
        "4_client.py | io.models.select.NoteServer       | HELLO, 世界",
        "2_client.py | io.models.aio.NoteServer          | 接受的是:HELLO, 世界",
        "7_client.py | io.models.selectors.NoteServer    | HELLO, 世界_SB"})
    void theNotesClientTalksToTheNoteServerOfItsSection(String client, String noteServer, String printed) throws Exception {
        assumeTrue(NotesPythonTest.python3(), "python3 is not installed: the note's clients cannot run");
        Chapter chapter = Chapters.onClassPath().stream().filter(c -> noteServer.equals(c.noteServer())).findFirst()
                .orElseThrow(() -> new AssertionError("no chapter on the class path has " + noteServer));
        try (ChildServer server = ChildServer.of(noteServer).jvm(chapter.jvmFlags()).start()) {
            assertThat(oneLine(client, server.port())).as("what %s printed against %s", client, noteServer)
                    .contains(printed);
        }
    }

    /** What the note's {@code client} prints when one line is typed at its prompt, then its input ends. */
    private static String oneLine(String client, int port) throws Exception {
        Process p = new ProcessBuilder("python3", "-u", NotesPythonTest.NOTES.resolve(client).toString(),
                String.valueOf(port)).redirectErrorStream(true).start();
        p.getOutputStream().write("hello, 世界\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s ends at the end of its input", client).isTrue();
        return out;
    }
}
