package io.models.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.cli.Cli;
import io.models.common.cli.ServerOptions;
import io.models.common.server.ServerConfig;
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

    @Test
    void limitsAreTaken() {
        Demo demo = new Demo();
        assertThat(run(demo, "--max-connections", "3", "--idle-timeout", "2").code()).isZero();
        assertThat(demo.parsed.maxConnections()).isEqualTo(3);
        assertThat(demo.parsed.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(demo.parsed.full(2)).isFalse();
        assertThat(demo.parsed.full(3)).isTrue();
        assertThat(demo.parsed.hasIdleTimeout()).isTrue();
    }

    @Test
    void noLimitsByDefault() {
        Demo demo = new Demo();
        assertThat(run(demo).code()).isZero();
        assertThat(demo.parsed.full(1_000_000)).isFalse();
        assertThat(demo.parsed.hasIdleTimeout()).isFalse();
    }

    @Test
    void helpShowsTheLimits() {
        Run r = run(new Demo(), "--help");
        assertThat(r.out()).contains("--max-connections", "--idle-timeout", "reachable from other machines");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=70000", "--port=-1", "--port=abc", "--port=", "--bogus", "extra",
            "--max-connections=0", "--max-connections=-5", "--max-connections=1000001", "--max-connections=x",
            "--idle-timeout=0", "--idle-timeout=86401", "--idle-timeout=1.5", "--host=nosuchhost.invalid", "--host="})
    void aBadFlagOrValueIsOneLinePlusUsageAndExitCode2(String arg) {
        Run r = run(new Demo(), arg);
        assertThat(r.code()).isEqualTo(Cli.USAGE);
        String[] lines = r.err().split("\n");
        assertThat(lines[0]).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err()).contains("Usage: demo").doesNotContain("\tat ");
    }

    @Test
    void aHostThatDoesNotResolveSaysSoInOneLine() {
        Run r = run(new Demo(), "--host", "nosuchhost.invalid");
        assertThat(r.code()).isEqualTo(Cli.USAGE);
        assertThat(r.err().split("\n")[0]).contains("'nosuchhost.invalid' does not resolve to an address");
    }

    @Test
    void configRejectsImpossibleValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ServerConfig("127.0.0.1", 65536, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ServerConfig("127.0.0.1", 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.anyPort().withMaxConnections(-1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.anyPort()
                        .withIdleTimeout(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
