package io.models.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.bench.server.Catalog;
import io.models.bench.server.Subject;
import io.models.common.chapter.Chapters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench soak --model M}: M names a model as {@code --models} does, then a benchmark row's
 * words or the chapter's own flags; and every bad command line is one line, the usage and exit code
 * 2, with nothing started and nothing written.
 */
class SoakCommandTest {

    private static final Catalog CHAPTERS = Catalog.of(Chapters.onClassPath());

    @TempDir
    Path out;

    private static Subject model(String... words) {
        return SoakModel.resolve(CHAPTERS, List.of(words));
    }

    @Test
    void aModelIsItsModuleOrNumberThenARowsWordsOrItsChaptersFlags() {
        assertThat(model("06")).extracting(Subject::name, Subject::args).containsExactly("06-selectors", List.of());
        assertThat(model("06-selectors").name()).isEqualTo("06-selectors");
        Subject epoll = model("09", "epoll");
        assertThat(epoll.name()).isEqualTo("09-netty epoll");
        assertThat(epoll.args()).containsExactly("--transport", "epoll");
        assertThat(epoll.jvmFlags()).containsExactly("--enable-native-access=ALL-UNNAMED"); // the descriptor's, as in the benchmark
        assertThat(model("09 io_uring")).isEqualTo(model("09-netty", "--transport", "io_uring"));
        assertThat(model("02 --pool 8")).extracting(Subject::name, Subject::args)
                .containsExactly("02-threadpool --pool 8", List.of("--pool", "8"));
        assertThat(model("09", "epoll", "--threads", "1").name()).isEqualTo("09-netty epoll --threads 1");
        assertThat(SoakReport.baseName(epoll.name())).isEqualTo("soak-09-netty-epoll");
        assertThat(SoakReport.baseName("02-threadpool --pool 8")).isEqualTo("soak-02-threadpool-pool-8");
        assertThat(SoakReport.baseName("09-netty io_uring")).isEqualTo("soak-09-netty-io_uring");
    }

    @Test
    void whatIsNotAModelIsSaidInOneLine() {
        assertThatThrownBy(() -> model("09", "kqueue")).hasMessage("--model 09 kqueue: 'kqueue' is not a value of a flag "
                + "of 09-netty; its flags: --transport nio|epoll|io_uring, --threads N");
        assertThatThrownBy(() -> model("02", "--pool", "x")).hasMessage("--model 02 --pool x: --pool 'x' is not a pool size "
                + "from 0 to 10000");
        assertThatThrownBy(() -> model("02", "--pool")).hasMessage("--model 02 --pool: --pool needs a value");
        assertThatThrownBy(() -> model("06", "--pool", "8")).hasMessageStartingWith("--model 06 --pool 8: '--pool' is not a flag of 06-selectors");
        assertThatThrownBy(() -> model("0")).hasMessageContaining("more than one model");
        assertThatThrownBy(() -> model("c")).hasMessageStartingWith("--model c: the C reference is not a chapter");
        assertThatThrownBy(() -> model("01")).hasMessageStartingWith("--model 01: 01-blocking serves one connection at a time");
    }

    private record Run(int code, String stdout, String stderr) {
    }

    private static Run soak(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter stderr = new StringWriter();
        CommandLine cl = new CommandLine(new SoakCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8), null, Mix.STANDARD));
        cl.setErr(new PrintWriter(stderr, true));
        int code = cl.execute(args);
        return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString());
    }

    @Test
    void aBadCommandLineIsOneLineTheUsageAndExitCodeTwoWithNothingStarted() throws Exception {
        String dir = out.toString();
        List<List<String>> bad = List.of(
                List.of("--model", "01", "--out", dir),
                List.of("--model", "c", "--out", dir),
                List.of("--model", "42", "--out", dir),
                List.of("--model", "09", "kqueue", "--out", dir),
                List.of("--model", "06", "--minutes", "1", "--out", dir),
                List.of("--model", "06", "--minutes", "1441", "--out", dir),
                List.of("--model", "06", "--minutes", "x", "--out", dir),
                List.of("--model", "06", "--heap", "1k", "--out", dir),
                List.of("--minutes", "2", "--out", dir));
        List<String> firstLines = List.of("01-blocking serves one connection at a time", "the C reference is not a chapter",
                "'42' is not a model", "'kqueue' is not a value of a flag", "--minutes is 2 to 1440 (a day), not 1",
                "--minutes is 2 to 1440 (a day), not 1441", "'x'", "--heap 1k is too small", "Missing required option: '--model");
        for (int i = 0; i < bad.size(); i++) {
            Run run = soak(bad.get(i).toArray(String[]::new));
            assertThat(run.code()).as("%s", bad.get(i)).isEqualTo(2);
            assertThat(run.stderr().lines().findFirst().orElse("")).as("%s", bad.get(i)).contains(firstLines.get(i));
            assertThat(run.stderr()).as("%s", bad.get(i)).contains("Usage: soak");
            assertThat(run.stdout()).as("%s", bad.get(i)).isEmpty();
        }
        try (var written = Files.list(out)) {
            assertThat(written).isEmpty();
        }
    }
}
