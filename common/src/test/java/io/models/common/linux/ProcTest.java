package io.models.common.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.Selector;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** What /proc shows of this JVM, of a child it starts, and of a process that has gone. */
@EnabledOnOs(OS.LINUX)
class ProcTest {

    private final Proc self = Proc.self();

    @Test
    void thisJvmHasThreadsDescriptorsMemoryAndCpu() throws IOException {
        assertThat(Proc.available()).isTrue();
        assertThat(self.alive()).isTrue();
        assertThat(self.threads()).isGreaterThan(1);
        assertThat(self.tasks()).isNotEmpty().allSatisfy(t -> assertThat(t.name()).isNotEmpty())
                .anySatisfy(t -> assertThat(t.name()).startsWith("C2 CompilerThre")); // comm: 15 characters at most
        assertThat(self.fds()).isGreaterThan(2);
        assertThat(self.rssKiB()).isPositive();
        assertThat(self.cpuTicks()).isPositive();
        assertThat(self.cpuTicksWithout(name -> true)).as("without every thread").isLessThanOrEqualTo(self.cpuTicks());
        Proc.Sample s = self.sample();
        assertThat(s).isNotNull();
        assertThat(s.threads()).isPositive();
        assertThat(Proc.TICKS_PER_SECOND).isPositive();
    }

    @Test
    void aSelectorIsAnEpollDescriptorAndAListenerIsSeenOnItsPort() throws IOException {
        try (Selector selector = Selector.open();
             ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertThat(self.fdTargets()).contains("anon_inode:[eventpoll]");
            assertThat(self.listensOn(listener.getLocalPort())).isTrue();
            int other;
            try (ServerSocket probe = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                other = probe.getLocalPort();
            }
            assertThat(self.listensOn(other)).as("a port nobody listens on now").isFalse();
        }
    }

    @Test
    void aThreadThatNeverSleepsIsRunnableAndOnlyTheThreadsAskedForCount() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread spin = Thread.ofPlatform().name("proc-test-spin").start(() -> {
            while (!stop.get()) {
                Thread.onSpinWait();
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> self.runnableNanos(n -> n.equals("proc-test-spin"))
                    >= 20_000_000L);
            assertThat(self.runnableNanos(n -> false)).as("no thread asked for").isZero();
        } finally {
            stop.set(true);
            spin.join();
        }
    }

    @Test
    void itsCgroupsAreListed() throws IOException {
        assertThat(self.cgroups()).isNotEmpty().allSatisfy(line -> assertThat(line).matches("\\d+:[^:]*:/.*"));
    }

    @Test
    void aChildIsSeenBelowItsParentAndGoneWhenItEnds() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> self.children().contains(sleep.pid()));
            assertThat(self.tree()).contains(ProcessHandle.current().pid(), sleep.pid());
            Proc child = Proc.of(sleep.pid());
            await().atMost(Duration.ofSeconds(10)).until(() -> child.tasks().get(0).state() == 'S');
            assertThat(child.tasks().get(0).wchan()).isNotBlank();
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
        Proc gone = Proc.of(sleep.pid());
        await().atMost(Duration.ofSeconds(10)).until(() -> !gone.alive());
        assertThatThrownBy(gone::cpuTicks).isInstanceOf(NoSuchFileException.class);
        assertThat(gone.sample()).isNull();
        assertThatThrownBy(() -> Proc.open(sleep.pid())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no process " + sleep.pid());
    }
}
