package io.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Every bad value of every flag, tried as a new user would: one line that says what is wrong, then
 * the usage, exit code 2, no stack trace, and nothing measured.
 */
class MainFlagsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --models 99                              | '99' is not a model; one of 01-blocking
            --models 0                               | '0' is more than one model
            --models ,                               | an empty one selects nothing
            --shapes zigzag                          | 'zigzag' is not a shape; one of pingpong
            --connections 7                          | --connections 7: no point has that count; they have 1, 10, 20, 100, 1000, 5000, 10000
            --quick --connections 10                 | --connections 10: no point has that count; they have 1, 100, 1000
            --connections many                       | Invalid value for option '--connections'
            --models 01 --shapes stream --connections 10 | --connections 10: no point of these --models and --shapes has that count; they have 1
            --models 01 --shapes mixed               | no point matches --models, --connections and --shapes together
            --client-threads 3                       | --client-threads is 1 or 2, not 3
            --heap lots                              | --heap 'lots' is not a size such as 64m
            --heap 1m                                | --heap 1m is too small
            --heap 99999t                            | --heap 99999t is more than this machine's memory
            --warmup-ms -1                           | --warmup-ms is 0 to 600000 (10 minutes), not -1
            --window-ms 50                           | --window-ms is 100 to 600000 (10 minutes), not 50
            --name ../x                              | --name '../x' is not a plain file name
            --root /proc                             | --root /proc is not the repository
            --out /proc/nope                         | --out /proc/nope: cannot create that folder
            --pid 1                                  | --pid goes with --target
            --target nohostport                      | --target 'nohostport' is not HOST:PORT (for example 127.0.0.1:8088)
            --target 127.0.0.1:                      | --target '127.0.0.1:' is not HOST:PORT
            --target :8088                           | --target ':8088' is not HOST:PORT
            --target 127.0.0.1:0                     | the port is 1 to 65535, not 0
            --target 127.0.0.1:99999                 | the port is 1 to 65535, not 99999
            --target 127.0.0.1:http                  | the port 'http' is not a number
            --target nosuchhost.invalid:8088         | the host 'nosuchhost.invalid' does not resolve
            --target 127.0.0.1:1 --pid 0             | --pid 0: no such process
            --target 127.0.0.1:1 --models 06         | --models picks chapters: one or the other
            --target 127.0.0.1:1 --heap 128m         | --heap is the chapters' JVM heap
            --target 127.0.0.1:1 --shapes pool       | --shapes pool is 02-threadpool's own (its --pool 8); with --target: pingpong, stream
            --frobnicate                             | Unknown option: '--frobnicate'
            quick                                    | Unmatched argument at index 0: 'quick'
            """)
    void aBadValueIsOneLineThenTheUsageAndExitCodeTwo(String args, String says) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main(new PrintStream(out, true, StandardCharsets.UTF_8), false));
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter()));

        int code = cl.execute(args.trim().split("\\s+"));

        List<String> lines = err.toString().lines().toList();
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(lines.get(0)).contains(says.trim());
        assertThat(lines.get(1)).startsWith("Usage: bench");
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty(); // nothing ran
    }

    @Test
    void aRepositoryWithoutTheChaptersJarsIsOneLineAndExitCodeOne(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("common"));
        Files.createDirectories(repo.resolve("bench"));
        Files.writeString(repo.resolve("bench").resolve("pom.xml"), "<project/>");
        for (String module : List.of("04-select", "06-selectors")) { // chapters by their sources, not built
            Path services = repo.resolve(module).resolve("src/main/resources/META-INF/services");
            Files.createDirectories(services);
            Files.writeString(services.resolve("io.models.common.chapter.Chapter"), "io.models.x.XChapter\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main(new PrintStream(out, true, StandardCharsets.UTF_8), false));
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute("--root", repo.toString(), "--quick", "--models", "04,06", "--out", repo.resolve("r").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly("bench: no 04-select/target/04-select.jar, "
                + "06-selectors/target/06-selectors.jar: build the chapters first (./mvnw -q package -DskipTests)");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void listPrintsThePointsAndRunsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new Main(new PrintStream(out, true, StandardCharsets.UTF_8), false));
        assertThat(cl.execute("--list", "--quick", "--models", "06")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("06-selectors", "points, about");
        // A target is listed without being reached: nothing listens on port 1.
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        cl = new CommandLine(new Main(new PrintStream(target, true, StandardCharsets.UTF_8), false));
        assertThat(cl.execute("--list", "--target", "127.0.0.1:1")).isZero();
        assertThat(target.toString(StandardCharsets.UTF_8).lines()).filteredOn(l -> l.startsWith("127.0.0.1:1 ")).hasSize(15);
    }

    @Test
    void theHelpNamesTheChaptersTheirDescriptorsDeclare() {
        StringWriter help = new StringWriter();
        CommandLine cl = new CommandLine(new Main(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false));
        cl.setOut(new PrintWriter(help, true));
        assertThat(cl.execute("--help")).isZero();
        String text = help.toString().replaceAll("\\s+", " ");
        assertThat(text).contains("Only these models: " + String.join(", ",
                Chapters.onClassPath().stream().map(Chapter::name).toList()) + " (or their numbers");
    }
}
