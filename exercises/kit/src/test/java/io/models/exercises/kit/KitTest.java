package io.models.exercises.kit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit every starter is given: flags, the "listening on" line, the protocol. */
class KitTest {

    @Test
    void defaultsAreLoopbackAndTheChaptersPort() throws Exception {
        assertThat(Kit.parse(8080, new String[0])).isEqualTo(new Kit.Flags("127.0.0.1", 8080));
        assertThat(Kit.parse(8080, new String[] {"--port", "0", "--host", "::1"}))
                .isEqualTo(new Kit.Flags("::1", 0));
        assertThat(Kit.parse(8080, new String[] {"--port", "9000"}).address())
                .isEqualTo(new InetSocketAddress("127.0.0.1", 9000));
    }

    @Test
    void helpIsNull() throws Exception {
        assertThat(Kit.parse(8080, new String[] {"--help"})).isNull();
        assertThat(Kit.parse(8080, new String[] {"-h"})).isNull();
        assertThat(Kit.usage("exercise-01-blocking", 8080)).startsWith("Usage: exercise-01-blocking")
                .contains("default: 8080");
    }

    @Test
    void aMistakeIsOneLine() {
        assertThatThrownBy(() -> Kit.parse(8080, new String[] {"--port", "70000"}))
                .isInstanceOf(Kit.BadFlag.class).hasMessage("--port: '70000' is not a port from 0 to 65535");
        assertThatThrownBy(() -> Kit.parse(8080, new String[] {"--port", "x"}))
                .hasMessage("--port: 'x' is not a port from 0 to 65535");
        assertThatThrownBy(() -> Kit.parse(8080, new String[] {"--port"})).hasMessage("missing value for --port");
        assertThatThrownBy(() -> Kit.parse(8080, new String[] {"--pool", "8"})).hasMessage("unknown option: '--pool'");
    }

    @Test
    void aMistakeExitsTwoWithOneLineAndTheUsageAndHelpExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Integer> exits = new ArrayList<>();
        Kit.flags("exercise-01-blocking", 8080, new String[] {"--port", "x"}, new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8), exits::add);
        assertThat(exits).containsExactly(2);
        assertThat(err.toString(UTF_8).lines().toList().get(0))
                .isEqualTo("exercise-01-blocking: --port: 'x' is not a port from 0 to 65535");
        assertThat(err.toString(UTF_8)).contains("Usage: exercise-01-blocking");

        Kit.flags("exercise-01-blocking", 8080, new String[] {"--help"}, new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8), exits::add);
        assertThat(exits).containsExactly(2, 0);
        assertThat(out.toString(UTF_8)).startsWith("Usage: exercise-01-blocking");

        assertThat(Kit.flags("exercise-01-blocking", 8080, new String[] {"--port", "9"}, System.out, System.err,
                exits::add)).isEqualTo(new Kit.Flags("127.0.0.1", 9));
        assertThat(exits).hasSize(2);
    }

    @Test
    void theListeningLineIsTheOneTheTestsRead() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Kit.listening(new PrintStream(bytes, true, StandardCharsets.UTF_8), "exercise-01-blocking", "二、阻塞IO",
                new InetSocketAddress("127.0.0.1", 8080));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("exercise-01-blocking: 二、阻塞IO", "listening on 127.0.0.1:8080",
                        "check it:  java -jar conformance/target/conformance.jar --port 8080");
    }

    @Test
    void theLoopRunsOnAThreadOfItsNameAndMainWaitsForIt() {
        List<String> ran = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Kit.loop("04-select", () -> ran.add(Thread.currentThread().getName()), new PrintStream(err, true, UTF_8),
                exits::add);
        assertThat(ran).as("the loop ran, on its own thread, before loop() returned").containsExactly("04-select");
        assertThat(exits).isEmpty();
        assertThat(err.toString(UTF_8)).isEmpty();
    }

    @Test
    void aLoopThatThrowsIsOneLineAndExitCodeOne() {
        List<Integer> exits = new ArrayList<>();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Kit.loop("01-blocking", () -> {
            throw new java.io.IOException("Bad file descriptor");
        }, new PrintStream(err, true, UTF_8), exits::add);
        assertThat(exits).containsExactly(Kit.FAILED);
        assertThat(err.toString(UTF_8).lines())
                .containsExactly("01-blocking: the loop failed: java.io.IOException: Bad file descriptor");
    }

    @Test
    void upperChangesAsciiLowercaseOnlyAndMovesNothing() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        ByteBuffer buf = ByteBuffer.wrap(all.clone());
        buf.position(1).limit(255);
        Kit.upper(buf);
        assertThat(buf.position()).isEqualTo(1);
        assertThat(buf.limit()).isEqualTo(255);
        for (int i = 0; i < 256; i++) {
            int expected = i >= 'a' && i <= 'z' ? i - 32 : i;
            assertThat(buf.array()[i] & 0xff).as("byte %d", i).isEqualTo(expected);
        }
    }
}
