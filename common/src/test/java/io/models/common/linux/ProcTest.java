package io.models.common.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
                .anySatisfy(t -> assertThat(t.name()).isEqualTo("Reference Handl")); // comm: 15 characters at most
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
            await().atMost(Duration.ofSeconds(5)).until(() -> self.runnableNanos(n -> n.equals("proc-test-spin"))
                    >= 20_000_000L);
            assertThat(self.runnableNanos(n -> false)).as("no thread asked for").isZero();
        } finally {
            stop.set(true);
            spin.join();
        }
    }

    /**
     * Two threads parked (so their figures stand still): the sum for both is exactly what their own
     * {@code schedstat} files say, time on a core plus time waiting for one.
     */
    @Test
    void runnableTimeIsTheSumOfTheThreadsAskedFor() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> parked = new ArrayList<>();
        for (String name : List.of("test-parked-a", "test-parked-b")) {
            parked.add(Thread.ofPlatform().name(name).start(() -> {
                while (!stop.get()) {
                    LockSupport.park();
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> parked.stream().allMatch(t -> t.getState() == Thread.State.WAITING)
                    && schedstat("test-parked-a") + schedstat("test-parked-b") == self.runnableNanos(
                            n -> n.equals("test-parked-a") || n.equals("test-parked-b")));
            assertThat(schedstat("test-parked-a")).as("it has run").isPositive();
            assertThat(self.runnableNanos(n -> n.equals("test-parked-a"))).isEqualTo(schedstat("test-parked-a"));
        } finally {
            stop.set(true);
            parked.forEach(LockSupport::unpark);
            for (Thread t : parked) {
                t.join();
            }
        }
    }

    /** Time on a core plus time waiting for one, as the kernel writes it for the thread named {@code name}. */
    private long schedstat(String name) throws IOException {
        long tid = self.tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().tid();
        String[] f = Files.readString(Path.of("/proc/self/task", Long.toString(tid), "schedstat")).trim().split(" ");
        return Long.parseLong(f[0]) + Long.parseLong(f[1]);
    }

    @Test
    void itsCgroupsAreListed() throws IOException {
        assertThat(self.cgroups()).isNotEmpty().allSatisfy(line -> assertThat(line).matches("\\d+:[^:]*:/.*"));
    }

    @Test
    void aChildIsSeenBelowItsParentAndGoneWhenItEnds() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(self.children()).as("a child from the moment it is started").contains(sleep.pid());
            assertThat(self.tree()).contains(ProcessHandle.current().pid(), sleep.pid());
            Proc child = Proc.of(sleep.pid());
            await().atMost(Duration.ofSeconds(5)).until(() -> child.tasks().get(0).state() == 'S');
            assertThat(child.tasks().get(0).wchan()).isNotBlank();
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
        Proc gone = Proc.of(sleep.pid());
        await().atMost(Duration.ofSeconds(5)).until(() -> !gone.alive());
        assertThatThrownBy(gone::cpuTicks).isInstanceOf(NoSuchFileException.class);
        assertThat(gone.sample()).isNull();
        assertThatThrownBy(() -> Proc.open(sleep.pid())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no process " + sleep.pid());
    }

    @Test
    void aProcessThatCanBeReadIsOpenedAndOneThatIsNotThereIsNot() {
        Proc opened = Proc.open(ProcessHandle.current().pid());
        assertThat(opened.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(opened).hasToString("process " + ProcessHandle.current().pid());
        Proc none = Proc.of(Long.MAX_VALUE);
        assertThat(none.alive()).isFalse();
        assertThatThrownBy(() -> Proc.open(Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no process " + Long.MAX_VALUE + " (/proc/" + Long.MAX_VALUE + " does not exist)");
    }

    /** The figures /proc gives are the JDK's own: CPU time in ticks, between two readings of the JDK's. */
    @Test
    void cpuTicksAreUserPlusSystemTimeAsTheJdkReadsThem() throws IOException {
        ProcessHandle.Info info = ProcessHandle.current().info();
        long before = info.totalCpuDuration().orElseThrow().toNanos();
        long ticks = self.cpuTicks();
        long without = self.cpuTicksWithout(name -> false);
        long after = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
        long tick = TimeUnit.SECONDS.toNanos(1) / Proc.TICKS_PER_SECOND;
        assertThat(ticks * tick).isBetween(before, after);
        assertThat(without).as("without no thread: all of it").isBetween(ticks, after / tick);
        assertThat(self.cpuTicksWithout(name -> true)).as("without every thread alive")
                .isLessThan(ticks);
    }

    @Test
    void theThreadReadingIsRunning() throws IOException {
        // /proc/thread-self is this very thread: "PID/task/TID".
        long tid = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        assertThat(self.tasks()).filteredOn(t -> t.tid() == tid).singleElement()
                .satisfies(t -> assertThat(t.state()).isEqualTo('R'));
    }

    /**
     * A child that sleeps: it sleeps in a system call (its number is there to read: we started it),
     * and it does not listen on a port this JVM listens on.
     */
    @Test
    void aSleepingChildSleepsInASystemCallAndDoesNotHoldOurListener() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Proc child = Proc.of(sleep.pid());
            await().atMost(Duration.ofSeconds(5)).until(() -> child.tasks().get(0).state() == 'S');
            Proc.Task task = child.tasks().get(0);
            assertThat(task.name()).isEqualTo("sleep");
            assertThat(task.syscall()).as("nanosleep's number").isPositive();
            assertThat(self.listensOn(listener.getLocalPort())).isTrue();
            assertThat(child.listensOn(listener.getLocalPort())).as("the listener is ours, not the child's").isFalse();
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A child that has exited and that its parent has not waited for (a zombie) is not alive. */
    @Test
    void aZombieIsNotAlive() throws Exception {
        // The shell starts a child that exits at once, then becomes a sleep that never waits for it.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 30").start();
        try {
            Proc p = Proc.of(parent.pid());
            await().atMost(Duration.ofSeconds(5)).until(() -> p.children().size() == 1
                    && Proc.of(p.children().get(0)).tasks().get(0).state() == 'Z');
            Proc zombie = Proc.of(p.children().get(0));
            assertThat(zombie.alive()).isFalse();
            assertThat(p.alive()).isTrue();
        } finally {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A thread that runs (it spins) is in no system call: -1. Awaited, not read once: the JVM stops
     * every thread now and then (a safepoint), and a thread stopped there sleeps in a futex call.
     */
    @Test
    void aThreadThatRunsIsInNoSystemCall() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Thread spinner = Thread.ofPlatform().name("test-spinner").start(() -> {
            while (!stop.get()) {
                Thread.onSpinWait();
            }
        });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> self.tasks().stream()
                    .anyMatch(t -> t.name().equals("test-spinner") && t.state() == 'R' && t.syscall() == -1));
        } finally {
            stop.set(true);
        }
        spinner.join();
    }
}
