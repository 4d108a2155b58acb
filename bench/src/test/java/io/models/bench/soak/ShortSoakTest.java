package io.models.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.models.bench.Main;
import io.models.bench.server.Repository;
import io.models.common.linux.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The build's soak: {@code bench soak --model 06 --minutes 2}, as a person runs it, on 06-selectors'
 * real jar: no drift (the rule of {@link Drift}), every byte checked, the whole mix served to the
 * end, and the server gone afterwards. Two minutes: the shortest soak the command takes (a first
 * minute and one after it); the committed 30-minute ones are run by hand (bench/README.md).
 */
class ShortSoakTest {

    @TempDir
    Path out;

    @Test
    void twoMinutesOf06SelectorsUnderTheMixShowNoDriftAndEveryByteChecked() throws Exception {
        Path jar = Repository.jar(Repository.find(), "06-selectors");
        if (!Files.isRegularFile(jar)) {
            fail("the soak runs " + jar + ": build it first (./mvnw package -DskipTests builds the chapters before bench)");
        }
        List<Long> childrenBefore = Proc.self().children();

        int code = new CommandLine(new Main()).execute("soak", "--model", "06", "--minutes", "2", "--out", out.toString());

        Path md = out.resolve("soak-06-selectors.md");
        String report = Files.readString(md);
        assertThat(code).as(report).isZero();
        assertThat(report).contains("**no drift, every byte checked**")
                .contains("Connections of the mix that failed: 0.")
                .doesNotContain("**drift**");
        List<String> csv = Files.readAllLines(out.resolve("soak-06-selectors.csv"));
        assertThat(csv.get(0)).isEqualTo(Sample.CSV_HEADER);
        List<String[]> samples = csv.subList(1, csv.size()).stream().map(l -> l.split(",")).toList();
        assertThat(samples).hasSize(13); // 0:00, 0:10, ... 2:00
        for (String[] s : samples) {
            assertThat(Integer.parseInt(s[1])).as("descriptors at %s s", s[0]).isGreaterThan(Mix.STANDARD.held()); // it holds the whole mix
            assertThat(Long.parseLong(s[4])).as("heap after GC at %s s", s[0]).isPositive(); // jcmd read it every time
        }
        for (String[] s : samples.subList(1, samples.size())) {
            assertThat(Long.parseLong(s[5])).as("ping-pong requests in the 10 s before %s s", s[0]).isPositive();
            assertThat(Long.parseLong(s[6])).as("stream bytes in the 10 s before %s s", s[0]).isPositive();
            assertThat(Long.parseLong(s[7])).as("resets in the 10 s before %s s", s[0]).isPositive();
            assertThat(Long.parseLong(s[9])).as("starved connections in the 10 s before %s s", s[0]).isZero();
        }
        assertThat(samples.stream().mapToLong(s -> Long.parseLong(s[8])).sum()).as("slow reader bytes").isPositive();
        assertThat(report).containsPattern("stopped reading [1-9]\\d* times for 30 s");
        byte[] png = Files.readAllBytes(out.resolve("soak-06-selectors.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(Proc.self().children()).as("the server's process has ended").isSubsetOf(childrenBefore);
    }
}
