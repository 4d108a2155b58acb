package io.models.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.server.ServerConfig;
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

    private static Commands.Run run(Demo demo, String... args) {
        return Commands.execute(demo, args);
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
    void everyValueTakenUpToTheLimitsBothIncluded() {
        Demo demo = new Demo();
        assertThat(run(demo, "--port", "65535", "--max-connections", "1000000", "--idle-timeout", "86400").code())
                .isZero();
        assertThat(demo.parsed.port()).isEqualTo(65535);
        assertThat(demo.parsed.maxConnections()).isEqualTo(ServerOptions.MAX_CONNECTIONS_LIMIT);
        assertThat(demo.parsed.idleTimeout()).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(run(demo, "--port", " 8123 ", "--max-connections", "1", "--idle-timeout", "1").code()).isZero();
        assertThat(demo.parsed.port()).isEqualTo(8123);
        assertThat(demo.parsed.maxConnections()).isEqualTo(1);
        assertThat(demo.parsed.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(demo.parsed.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void theMainsOwnEntryGivesTheCodeToo() {
        // What every main calls: the command's exit code (its lines go to this JVM's own streams).
        assertThat(Cli.execute(new Demo(), new String[] {"--port", "70000"})).isEqualTo(Cli.USAGE);
        assertThat(Cli.execute(new Demo(), new String[] {"--port", "0"})).isZero();
    }

    @Test
    void helpShowsEveryFlagAndTheDefaultPort() {
        Commands.Run r = run(new Demo(), "--help");
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
        Commands.Run r = run(new Demo(), "--help");
        assertThat(r.out()).contains("--max-connections", "--idle-timeout", "reachable from other machines");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=70000", "--port=-1", "--port=abc", "--port=", "--bogus", "extra",
            "--max-connections=0", "--max-connections=-5", "--max-connections=1000001", "--max-connections=x",
            "--idle-timeout=0", "--idle-timeout=86401", "--idle-timeout=1.5", "--host=nosuchhost.invalid", "--host="})
    void aBadFlagOrValueIsOneLinePlusUsageAndExitCode2(String arg) {
        Commands.Run r = run(new Demo(), arg);
        assertThat(r.code()).isEqualTo(Cli.USAGE);
        String[] lines = r.err().split("\n");
        assertThat(lines[0]).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err()).contains("Usage: demo").doesNotContain("\tat ");
    }

    @Test
    void aHostThatDoesNotResolveSaysSoInOneLine() {
        Commands.Run r = run(new Demo(), "--host", "nosuchhost.invalid");
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
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ServerConfig("127.0.0.1", -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configTakesEveryValueUpToTheLimitsBothIncluded() {
        assertThat(new ServerConfig("127.0.0.1", 65535, 1).port()).isEqualTo(65535);
        assertThat(new ServerConfig("127.0.0.1", 0, 1).backlog()).isEqualTo(1);
        assertThat(ServerConfig.anyPort().withMaxConnections(0).full(Long.MAX_VALUE)).as("0: no limit").isFalse();
        assertThat(ServerConfig.anyPort().withIdleTimeout(java.time.Duration.ZERO).hasIdleTimeout()).isFalse();
    }
}
