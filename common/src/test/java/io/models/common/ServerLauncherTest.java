package io.models.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.testkit.ReferenceServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerLauncherTest {

    @Test
    void aPortInUseIsOneLineAndExitCode1() throws IOException {
        try (ReferenceServer first = new ReferenceServer(ServerConfig.anyPort())) {
            first.start();
            ServerConfig same = ServerConfig.anyPort().withPort(first.port());
            PrintStream savedErr = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = ServerLauncher.serve(new ReferenceServer(same), same, "test");
            } finally {
                System.setErr(savedErr);
            }
            assertThat(code).isEqualTo(Cli.FAILED);
            String line = err.toString(StandardCharsets.UTF_8);
            assertThat(line.lines()).hasSize(1);
            assertThat(line).startsWith("reference: cannot listen on 127.0.0.1:" + first.port())
                    .contains("choose one with --port");
        }
    }

    @Test
    void loopbackIsRecognised() {
        assertThat(ServerLauncher.isLoopback("127.0.0.1")).isTrue();
        assertThat(ServerLauncher.isLoopback("::1")).isTrue();
        assertThat(ServerLauncher.isLoopback("0.0.0.0")).isFalse();
        assertThat(ServerLauncher.isLoopback("no-such-host.invalid")).isFalse();
    }
}
