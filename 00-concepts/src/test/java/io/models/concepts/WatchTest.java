package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The observer's instruments: the kernel's view is there on Linux, and each one says "unknown" honestly elsewhere. */
class WatchTest {

    private static final boolean LINUX = System.getProperty("os.name").startsWith("Linux");

    @Test
    void onLinuxTheKernelsViewIsVisible() {
        assertThat(Watch.KERNEL_VISIBLE).isEqualTo(LINUX);
        if (LINUX) {
            long me = Watched.kernelId();
            assertThat(me).isPositive();
            assertThat(Watch.kernelState(me)).as("a thread that looks at itself is running").isEqualTo('R');
            assertThat(Watch.readyNanos(me)).isNotNegative();
        }
    }

    @Test
    void whatCannotBeSeenIsSaidSo() {
        assertThat(Watch.kernelState(-1)).isEqualTo('?');
        assertThat(Watch.kernelState(Long.MAX_VALUE)).isEqualTo('?');
        assertThat(Watch.readyNanos(-1)).isEqualTo(-1);
        assertThat(Watch.readyNanos(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(Watch.meaning('?')).isEqualTo("not visible");
        assertThat(Watch.meaning('Z')).isEqualTo("state Z");
    }

    @Test
    void aWatchedThreadsFailureReachesWhoeverJoinsIt() {
        Watched failing = Watched.platform("failing", () -> {
            throw new IOException("boom");
        });
        assertThatThrownBy(failing::join).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failing failed").hasRootCauseMessage("boom");
    }

    @Test
    void aTimelineSaysWhichEventIsMissing() {
        Timeline t = new Timeline();
        t.mark("here", "something");
        assertThat(t.has("here")).isTrue();
        assertThatThrownBy(() -> t.before("here", "there")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no event 'there'");
    }
}
