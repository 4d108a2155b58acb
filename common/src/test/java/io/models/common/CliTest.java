package io.models.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class CliTest {

    @Command(name = "demo", mixinStandardHelpOptions = true)
    static final class Demo implements Callable<Integer> {
        @Mixin
        ServerOptions server = new ServerOptions(8099);
        ServerConfig parsed;

        @Override
        public Integer call() {
            parsed = server.config();
            return 0;
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(Demo demo, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(demo, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void defaultsAreLoopbackAndTheChaptersPort() {
        Demo demo = new Demo();
        assertThat(run(demo).code()).isZero();
        assertThat(demo.parsed).isEqualTo(new ServerConfig("127.0.0.1", 8099, ServerConfig.DEFAULT_BACKLOG));
    }

    @Test
    void hostAndPortAreTaken() {
        Demo demo = new Demo();
        assertThat(run(demo, "--host", "::1", "--port", "0").code()).isZero();
        assertThat(demo.parsed.host()).isEqualTo("::1");
        assertThat(demo.parsed.port()).isZero();
    }

    @Test
    void helpShowsEveryFlagAndTheDefaultPort() {
        Run r = run(new Demo(), "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--host", "--port", "127.0.0.1", "8099");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=70000", "--port=-1", "--port=abc", "--port=", "--bogus", "extra"})
    void aBadFlagOrValueIsOneLinePlusUsageAndExitCode2(String arg) {
        Run r = run(new Demo(), arg);
        assertThat(r.code()).isEqualTo(Cli.USAGE);
        String[] lines = r.err().split("\n");
        assertThat(lines[0]).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err()).contains("Usage: demo").doesNotContain("\tat ");
    }

    @Test
    void configRejectsImpossibleValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ServerConfig("127.0.0.1", 65536, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ServerConfig("127.0.0.1", 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
