package io.models.nonblocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.chapter.Trait;
import io.models.common.cli.Cli;
import io.models.common.testkit.ChildServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chapter's command line, as its descriptor declares it: {@code --idle-sleep-ms} is 0..10000,
 * default 0 (poll flat out, and so the descriptor says it polls while idle); the default port is
 * 8083. What the shared contract's main tests do not cover, through the real {@code main}.
 */
class NonBlockingChapterTest {

    private final NonBlockingChapter chapter = new NonBlockingChapter();

    @Test
    void defaultsPollFlatOutOnPort8083() {
        assertThat(chapter.port()).isEqualTo(8083);
        assertThat(chapter.options(List.of()).number("--idle-sleep-ms")).isZero();
        assertThat(chapter.traits()).containsExactly(Trait.POLLS_WHILE_IDLE);
        assertThat(chapter.traits(chapter.options(List.of("--idle-sleep-ms", "5")))).isEmpty();
    }

    @Test
    void idleSleepAcceptsZeroToTenThousand() {
        for (String ok : new String[] {"0", "5", "10000"}) {
            assertThat(chapter.options(List.of("--idle-sleep-ms", ok)).number("--idle-sleep-ms")).isEqualTo(Integer.parseInt(ok));
        }
    }

    @Test
    void idleSleepOutOfRangeIsOneClearMessage() {
        for (String bad : new String[] {"-1", "10001", "abc", ""}) {
            assertThatThrownBy(() -> chapter.options(List.of("--idle-sleep-ms", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not a pause from 0 to 10000 ms");
        }
    }

    @Test
    void theMainSaysSoInOneLineThenTheUsage() throws Exception {
        ChildServer.Run run = ChildServer.of(chapter).args("--idle-sleep-ms", "10001").run();
        assertThat(run.exitCode()).isEqualTo(Cli.USAGE);
        assertThat(run.lines()).first().asString().contains("'10001' is not a pause from 0 to 10000 ms")
                .doesNotContain("Exception");
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).contains("Usage: 03-nonblocking"));
    }

    @Test
    void theMainsHelpNamesTheFlagItsDefaultAndThePort() throws Exception {
        ChildServer.Run run = ChildServer.of(chapter).args("--help").run();
        assertThat(run.exitCode()).isZero();
        String help = String.join(" ", run.lines()).replaceAll("\\s+", " "); // as one line, however it wrapped
        assertThat(help).contains("One thread asks every socket in turn", "--idle-sleep-ms=N",
                "the note's time.sleep", "Default: 0.", "(default: 8083)");
    }

    @Test
    void theModelRefusesAnIdleSleepOutOfRange() {
        assertThatThrownBy(() -> new NonBlockingModel(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonBlockingModel(10_001)).isInstanceOf(IllegalArgumentException.class);
    }
}
