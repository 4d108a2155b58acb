package io.models.conformance.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The verdict from samples made up to the letter: each rule of {@link ModelVerdict}, what it cannot
 * tell apart (said, with every model it may be), and how a thread's state, {@code wchan} and system
 * call become a {@link Wait} (with the system call, and without: {@code --pid}).
 */
class ModelVerdictTest {

    /** {@code n} samples of the same threads: {@code threads} is (name, wait) pairs, one per thread. */
    static ModelVerdict.Phase phase(int sockets, double cpu, Map<String, Integer> fds, List<Object[]> threads) {
        List<List<ModelVerdict.Seen>> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<ModelVerdict.Seen> sample = new ArrayList<>();
            long tid = 100;
            for (Object[] t : threads) {
                sample.add(new ModelVerdict.Seen(1, tid++, (String) t[0], (Wait) t[1]));
            }
            samples.add(sample);
        }
        Map<String, Integer> all = new java.util.LinkedHashMap<>(fds);
        all.put("socket", sockets);
        return new ModelVerdict.Phase(samples, all, cpu);
    }

    static List<Object[]> threads(int n, String name, Wait wait) {
        List<Object[]> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(new Object[] {name, wait});
        }
        return t;
    }

    static List<Object[]> plus(List<Object[]> a, List<Object[]> b) {
        List<Object[]> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static final List<Object[]> RUNTIME = threads(18, "GC Thread#0", Wait.LOCK); // a JVM's own, waiting on locks

    static ModelVerdict verdict(int held, int sockets, double cpu, Map<String, Integer> fds, List<Object[]> threads) {
        return ModelVerdict.of(held, phase(sockets, cpu, fds, threads), null);
    }

    @Test
    void aThreadPerConnection() {
        ModelVerdict v = verdict(1000, 1002, 0, Map.of(), plus(RUNTIME, threads(1000, "worker", Wait.READ)));
        assertThat(v.models()).containsExactly("threads");
        assertThat(v.saw()).startsWith("1000 threads each wait in a read: a thread per connection (二、一个简单的解决方案)");
    }

    @Test
    void aFixedPoolAndOneAtATime() {
        assertThat(verdict(1000, 1002, 0, Map.of(), plus(RUNTIME, threads(8, "pool", Wait.READ))).models())
                .containsExactly("pool");
        ModelVerdict blocking = verdict(1000, 2, 0, Map.of(), plus(RUNTIME, threads(1, "main", Wait.READ)));
        assertThat(blocking.models()).containsExactly("blocking");
        assertThat(blocking.saw()).contains("999 other connections wait").contains("one client at a time (二、阻塞IO)");
    }

    @Test
    void theMultiplexersEachByName() {
        ModelVerdict epoll = verdict(1000, 1001, 0, Map.of("anon_inode:[eventpoll]", 1),
                plus(RUNTIME, threads(1, "selectors", Wait.EPOLL)));
        assertThat(epoll.models()).containsExactly("epoll");
        assertThat(epoll.saw()).isEqualTo("one thread waits in epoll_wait for 1001 sockets: 多路复用IO (epoll), like 06-selectors");
        assertThat(epoll.evidence()).anyMatch(l -> l.contains("cannot tell this from NIO.2 (05-aio) or asyncio"))
                .anyMatch(l -> l.equals("the threads it rests on: 'selectors' (in epoll_wait)"));
        assertThat(verdict(1000, 1001, 0, Map.of(), threads(3, "loop", Wait.EPOLL)).saw())
                .startsWith("3 threads wait in epoll_wait, one per event loop");
        assertThat(verdict(1000, 1001, 0, Map.of(), threads(1, "select", Wait.POLL)).models()).containsExactly("poll");
        assertThat(verdict(1000, 1001, 0, Map.of(), threads(1, "select", Wait.SELECT)).models()).containsExactly("select");
        assertThat(verdict(1000, 1001, 0, Map.of("anon_inode:[io_uring]", 3), threads(3, "uring", Wait.IO_URING)).models())
                .containsExactly("io_uring");
    }

    /** Without the system call (--pid), poll and select sleep in the same place: both, and it says why. */
    @Test
    void pollOrSelectWhenTheSystemCallIsNotReadable() {
        ModelVerdict v = verdict(1000, 1001, 0, Map.of(), threads(1, "python3", Wait.POLL_OR_SELECT));
        assertThat(v.models()).containsExactlyInAnyOrder("poll", "select");
        assertThat(v.evidence()).anyMatch(l -> l.contains("run it with --exec to see which"));
    }

    @Test
    void pollingFlatOutWithAPauseOrThroughASelectorThatNeverSleeps() {
        ModelVerdict flat = verdict(1000, 1001, 98, Map.of(), threads(1, "loop", Wait.RUNNING));
        assertThat(flat.models()).containsExactly("nonblocking");
        assertThat(flat.saw()).contains("runs flat out").contains("非阻塞IO");
        assertThat(verdict(1000, 1001, 3, Map.of(), threads(1, "loop", Wait.SLEEP)).models()).containsExactly("nonblocking");
        assertThat(verdict(1000, 1001, 20, Map.of(), RUNTIME).models()).as("a sleep that is a timed lock, busy while idle")
                .containsExactly("nonblocking");
        assertThat(verdict(1000, 1001, 0, Map.of(), RUNTIME).models()).as("nothing to go on").isEmpty();
    }

    /** A thread that runs in 9 samples of 10 and sleeps in epoll_wait in one: a selector that returns at once. */
    @Test
    void aLoopThatSpinsThroughItsSelector() {
        List<List<ModelVerdict.Seen>> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(List.of(new ModelVerdict.Seen(1, 7, "loop", i == 0 ? Wait.EPOLL : Wait.RUNNING)));
        }
        ModelVerdict v = ModelVerdict.of(1000, new ModelVerdict.Phase(samples, Map.of("socket", 1001), 97), null);
        assertThat(v.models()).containsExactly("epoll");
        assertThat(v.saw()).contains("runs flat out").contains("writing left on after a reply?");
    }

    @Test
    void aThreadsWaitFromItsStateWchanAndSystemCall() {
        Map<Integer, Wait> x86 = Wait.syscalls("amd64");
        assertThat(x86.get(7)).isEqualTo(Wait.POLL);
        assertThat(x86.get(270)).isEqualTo(Wait.SELECT);
        assertThat(x86.get(232)).isEqualTo(Wait.EPOLL);
        assertThat(x86.get(426)).isEqualTo(Wait.IO_URING);
        assertThat(Wait.syscalls("aarch64").get(73)).isEqualTo(Wait.POLL);
        assertThat(Wait.syscalls("sparc")).isEmpty();
        assertThat(Wait.of('R', "0", -1)).isEqualTo(Wait.RUNNING);
        assertThat(Wait.of('S', "do_epoll_wait", -1)).isEqualTo(Wait.EPOLL);
        assertThat(Wait.of('S', "poll_schedule_timeout.constprop.0", -1)).isEqualTo(Wait.POLL_OR_SELECT);
        assertThat(Wait.of('S', "inet_csk_accept", -1)).isEqualTo(Wait.ACCEPT);
        assertThat(Wait.of('S', "wait_woken", -1)).isEqualTo(Wait.READ);
        assertThat(Wait.of('S', "io_cqring_wait", -1)).isEqualTo(Wait.IO_URING);
        assertThat(Wait.of('S', "futex_do_wait", -1)).isEqualTo(Wait.LOCK);
        assertThat(Wait.of('S', "sk_stream_wait_memory", -1)).isEqualTo(Wait.WRITE);
        assertThat(Wait.of('S', "0", -1)).isEqualTo(Wait.OTHER);
        if (!Wait.SYSCALLS.isEmpty()) { // on this machine's architecture, the system call decides
            int poll = Wait.SYSCALLS.entrySet().stream().filter(e -> e.getValue() == Wait.POLL).findFirst().orElseThrow().getKey();
            assertThat(Wait.of('S', "poll_schedule_timeout.constprop.0", poll)).isEqualTo(Wait.POLL);
            int read = Wait.SYSCALLS.entrySet().stream().filter(e -> e.getValue() == Wait.READ).findFirst().orElseThrow().getKey();
            assertThat(Wait.of('S', "anon_pipe_read", read)).as("a read on a pipe is not a client's").isEqualTo(Wait.OTHER);
        }
        assertThat(Set.copyOf(ModelVerdict.MODELS)).containsExactlyInAnyOrder("blocking", "threads", "pool", "nonblocking",
                "select", "poll", "epoll", "io_uring");
    }
}
