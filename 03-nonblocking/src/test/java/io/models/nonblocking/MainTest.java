package io.models.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.server.ServerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The command line: --idle-sleep-ms is 0..10000, default 0; the default port is 8083. */
class MainTest {

    @Test
    void defaultsPollFlatOutOnPort8083() {
        Main main = new Main();
        new CommandLine(main).parseArgs();
        assertThat(main.idleSleepMs).isZero();
        assertThat(main.server.config().port()).isEqualTo(8083);
    }

    @Test
    void idleSleepAcceptsZeroToTenThousand() {
        for (String ok : new String[] {"0", "5", "10000"}) {
            Main main = new Main();
            new CommandLine(main).parseArgs("--idle-sleep-ms", ok);
            assertThat(main.idleSleepMs).isEqualTo(Integer.parseInt(ok));
        }
    }

    @Test
    void idleSleepOutOfRangeIsOneClearMessage() {
        for (String bad : new String[] {"-1", "10001", "abc", ""}) {
            assertThatThrownBy(() -> new CommandLine(new Main()).parseArgs("--idle-sleep-ms", bad))
                    .isInstanceOf(ParameterException.class)
                    .hasMessageContaining("is not a pause from 0 to 10000 ms");
        }
    }

    @Test
    void theServerRefusesAnIdleSleepOutOfRange() {
        assertThatThrownBy(() -> new NonBlockingServer(ServerConfig.anyPort(), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonBlockingServer(ServerConfig.anyPort(), 10_001))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
