package io.models.virtualthreads;

import static io.models.common.testkit.Bytes.assertSameBytes;
import static io.models.common.testkit.Probes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.models.common.linux.Proc;
import io.models.common.protocol.Protocol;
import io.models.common.server.BaseServer;
import io.models.common.server.EchoServer;
import io.models.common.server.ServerConfig;
import io.models.common.testkit.Bytes;
import io.models.common.testkit.ChildServer;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Beyond the note: 二's thread per connection, on virtual threads. Each connection has a thread of
 * its own that blocks as in 02, yet the process runs a few platform threads whatever the number of
 * connections; the waiting is done by the JDK in epoll, as 06 does by hand; a parked connection's
 * stack is an object on the heap; and nothing pins a carrier.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class VirtualThreadsLessonTest {

    private static final String CONNECTION_THREADS = VirtualThreadsModel.NAME + "-";

    /**
     * 5000 clients connected at once, each answered, on a server in a JVM of its own (so that its
     * threads, descriptors and heap are its own, read from /proc and jcmd): its platform threads
     * (the acceptor, a carrier per core, the JDK's poller, the JVM's own) are as many at 5000
     * connections as at 100; the process holds epoll descriptors although the code never opens a
     * selector; and every parked connection's stack is a {@code StackChunk} on the heap.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void fiveThousandConnectionsOnAFewPlatformThreadsWaitingInTheJdksEpoll() throws Exception {
        try (ChildServer child = ChildServer.of(new VirtualThreadsChapter()).start()) {
            Server server = new Server(child.pid());
            // Before any client: the acceptor is a platform thread blocked in accept(2) itself, and no
            // virtual thread has waited on a socket yet, so the JDK has no poller yet.
            assertThat(server.epollDescriptors()).as("epoll descriptors before the first client").isZero();
            List<TestClient> clients = new ArrayList<>();
            try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
                connectAndServe(child.port(), clients, 100, each);
                Snapshot at100 = server.snapshot();
                connectAndServe(child.port(), clients, 5000, each);
                Snapshot at5000 = server.snapshot();
                System.out.printf("07-virtual-threads in its own JVM: %s at 100 connections, %s at 5000%n"
                        + "  heap per added connection: %,d B, of which its stack: %,d B%n", at100, at5000,
                        (at5000.liveBytes() - at100.liveBytes()) / 4900, (at5000.stackBytes() - at100.stackBytes()) / 4900);

                // A thread per connection, and yet: 4900 more connections, no more platform threads.
                assertThat(at5000.threads()).as("the server's platform threads at 5000 connections (at 100: %d, %s)",
                        at100.threads(), at5000.names()).isLessThanOrEqualTo(at100.threads() + 8).isLessThan(100);
                int cores = Runtime.getRuntime().availableProcessors();
                assertThat(at5000.carriers()).as("carrier threads (ForkJoinPool-*), %d cores: %s", cores, at5000.names())
                        .isPositive().isLessThanOrEqualTo(2 * cores);
                // The poller: on JDK 22+ Linux one platform MasterPoller (its sub-pollers are virtual
                // threads); on JDK 21 the Read-Poller and Write-Poller platform threads.
                assertThat(at5000.names()).as("the JDK's poller thread").containsAnyOf("MasterPoller", "Read-Poller");
                // The epoll instances came with the first parked socket, and stay as many.
                assertThat(at100.epoll()).as("epoll descriptors at 100 connections").isPositive();
                assertThat(at5000.epoll()).as("epoll descriptors at 5000 connections").isEqualTo(at100.epoll());
                // Each parked virtual thread's frames were copied to the heap, in a StackChunk of its own.
                assertThat(at5000.stackChunks() - at100.stackChunks()).as("StackChunks on the heap for 4900 more parked connections")
                        .isGreaterThanOrEqualTo(4900);
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            assertThat(child.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** Connects clients until there are {@code total}, then has each new one round-trip its own bytes, all at once. */
    private static void connectAndServe(int port, List<TestClient> clients, int total, ExecutorService each) throws Exception {
        int from = clients.size();
        for (int i = from; i < total; i++) {
            clients.add(TestClient.connect(port));
        }
        List<Future<?>> answered = new ArrayList<>();
        for (int i = from; i < total; i++) {
            TestClient client = clients.get(i);
            byte[] payload = Bytes.random(1 + i % 1000, i);
            answered.add(each.submit(() -> {
                client.send(payload); // small: fits the socket's buffer, does not block
                assertSameBytes(Protocol.upper(payload), client.readExactly(payload.length));
                return null;
            }));
        }
        for (Future<?> f : answered) {
            f.get(2, TimeUnit.MINUTES);
        }
    }

    /**
     * JDK Flight Recorder sees virtual threads start, end and pin (thread counts from
     * {@code Thread.getAllStackTraces()} do not list them): each connection runs on a virtual thread
     * of its own, the only platform thread the server starts is its acceptor, every virtual thread
     * ends with its connection or at close(), and none of them pins its carrier. The same
     * recording does see a pinned thread when there is one, and tells what JEP 491 changed.
     */
    @Test
    void eachConnectionIsAVirtualThreadThatEndsWithItAndNeverPinsItsCarrier() throws Exception {
        Set<String> started = ConcurrentHashMap.newKeySet();
        Set<String> ended = ConcurrentHashMap.newKeySet();
        Set<String> pinned = ConcurrentHashMap.newKeySet();
        int n = 200;
        try (RecordingStream jfr = new RecordingStream()) {
            jfr.enable("jdk.VirtualThreadStart");
            jfr.enable("jdk.VirtualThreadEnd");
            jfr.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO); // every pinned park, however short
            jfr.onEvent("jdk.VirtualThreadStart", e -> started.add(threadName(e)));
            jfr.onEvent("jdk.VirtualThreadEnd", e -> ended.add(threadName(e)));
            jfr.onEvent("jdk.VirtualThreadPinned", e -> pinned.add(threadName(e)));
            jfr.startAsync();

            EchoServer server = new BaseServer(ServerConfig.anyPort(), new VirtualThreadsModel());
            List<TestClient> clients = new ArrayList<>();
            try {
                server.start();
                for (int i = 0; i < n; i++) {
                    TestClient c = TestClient.connect(server.port());
                    clients.add(c);
                    byte[] hello = ("client " + i).getBytes(StandardCharsets.US_ASCII);
                    assertSameBytes(Protocol.upper(hello), c.roundTrip(hello));
                }
                eventually(() -> assertThat(serverThreads(started)).as("virtual threads started").hasSize(n));
                assertThat(serverThreads(ended)).as("virtual threads ended while their clients stay").isEmpty();
                assertThat(Probes.liveThreads(VirtualThreadsModel.NAME)).as("the server's platform threads: the acceptor")
                        .isOne();

                for (TestClient c : clients.subList(0, n / 2)) {
                    c.close(); // half leave: their threads end with their connections
                }
                eventually(() -> assertThat(serverThreads(ended)).as("virtual threads ended after half left").hasSize(n / 2));
            } finally {
                server.close(); // the other half are still connected
                for (TestClient c : clients) {
                    c.close();
                }
            }
            assertThat(Probes.liveThreads(VirtualThreadsModel.NAME)).as("the acceptor after close()").isZero();
            eventually(() -> assertThat(serverThreads(ended)).as("virtual threads ended after close()")
                    .isEqualTo(serverThreads(started)));

            // The control: a virtual thread that parks inside a class initializer cannot unmount (a VM
            // frame is on its stack), so it pins its carrier; the recording sees it.
            Thread.ofVirtual().name("pinned-on-purpose").start(ParksWhileInitialising::load).join();
            // JEP 491 (JDK 24): a virtual thread blocked on a socket inside synchronized unmounts; before, it pinned.
            Thread.ofVirtual().name("reads-inside-synchronized").start(VirtualThreadsLessonTest::readInsideSynchronized).join();
            eventually(() -> assertThat(pinned).as("pinned virtual threads").contains("pinned-on-purpose"));
            if (Runtime.version().feature() >= 24) {
                assertThat(pinned).as("pinned virtual threads, JDK %s", Runtime.version()).doesNotContain("reads-inside-synchronized");
            } else {
                eventually(() -> assertThat(pinned).as("pinned virtual threads, JDK %s", Runtime.version())
                        .contains("reads-inside-synchronized"));
            }
            assertThat(serverThreads(pinned)).as("the server's virtual threads that pinned their carrier").isEmpty();
        }
    }

    private static String threadName(RecordedEvent e) {
        RecordedThread t = e.getThread();
        return t == null || t.getJavaName() == null ? "" : t.getJavaName();
    }

    /** The names of the server's connection threads (07-virtual-threads-1, -2, ...) among {@code names}. */
    private static Set<String> serverThreads(Set<String> names) {
        Set<String> ours = new java.util.TreeSet<>();
        for (String name : names) {
            if (name.startsWith(CONNECTION_THREADS) && !name.equals(VirtualThreadsModel.NAME + "-acceptor")) {
                ours.add(name);
            }
        }
        return ours;
    }

    /** A class whose initialiser parks: whoever initialises it is pinned while it does. */
    private static final class ParksWhileInitialising {
        static {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }

        static void load() {
            // the first call runs the initialiser above
        }
    }

    private static final Object LOCK = new Object();

    /** A blocking read that has to wait (the peer writes 50 ms later), inside a synchronized block. */
    private static void readInsideSynchronized() {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel peer = SocketChannel.open(listener.getLocalAddress());
             SocketChannel conn = listener.accept()) {
            Thread writer = Thread.ofPlatform().start(() -> {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                try {
                    peer.write(ByteBuffer.wrap(new byte[] {1}));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            synchronized (LOCK) {
                conn.read(ByteBuffer.allocate(1)); // parks until the byte comes
            }
            writer.join();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * With 1000 idle connections the whole server process (its acceptor, carriers and poller, not
     * only the threads named after it) uses next to no CPU: each connection's virtual thread is
     * parked, and the one thread in epoll_wait sleeps. (The contract's idle case can only measure
     * the acceptor: the CPU time of a virtual thread is its carrier's.)
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aThousandIdleConnectionsCostTheWholeProcessNoCpu() throws Exception {
        try (ChildServer child = ChildServer.of(new VirtualThreadsChapter()).measured().start()) {
            List<TestClient> clients = new ArrayList<>();
            try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
                connectAndServe(child.port(), clients, 1000, each);
                // Once the JIT has finished with what the 1000 round trips made hot, a 2 s window of
                // silence costs under 5% of a core (ticks are 1/100 s).
                eventually(() -> {
                    long before = child.cpuTicks();
                    long start = System.nanoTime();
                    Probes.measureOver(Duration.ofSeconds(2));
                    long wallTicks = (System.nanoTime() - start) / 10_000_000L;
                    assertThat(child.cpuTicks() - before).as("CPU ticks of the server process over %d ticks with 1000 idle connections",
                            wallTicks).isLessThan(wallTicks / 20);
                });
            } finally {
                for (TestClient c : clients) {
                    c.close();
                }
            }
            assertThat(child.stop()).isIn(0, 143);
        }
    }

    /** What /proc and jcmd say about the server's process at one moment. */
    record Snapshot(int threads, List<String> names, int carriers, long epoll, long stackChunks, long stackBytes,
                    long liveBytes) {
        @Override
        public String toString() {
            return "%d platform threads (%d carriers), %d epoll descriptors, %,d StackChunks (%,d B), %,d B live heap"
                    .formatted(threads, carriers, epoll, stackChunks, stackBytes, liveBytes);
        }
    }

    /** The server in its own JVM, seen from outside. */
    private record Server(long pid) {

        private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)");
        private static final Pattern STACK_CHUNK = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+jdk\\.internal\\.vm\\.StackChunk\\b");

        Snapshot snapshot() throws Exception {
            List<String> names = threadNames();
            int carriers = (int) names.stream().filter(n -> n.startsWith("ForkJoinPool-")).count();
            String histogram = jcmd("GC.class_histogram"); // after a full GC: live objects only
            Matcher total = TOTAL.matcher(histogram);
            assertThat(total.find()).as("jcmd GC.class_histogram total in:%n%s", histogram).isTrue();
            Matcher chunks = STACK_CHUNK.matcher(histogram);
            boolean any = chunks.find();
            return new Snapshot(names.size(), names, carriers, epollDescriptors(),
                    any ? Long.parseLong(chunks.group(1)) : 0, any ? Long.parseLong(chunks.group(2)) : 0,
                    Long.parseLong(total.group(2)));
        }

        /** The process's threads by their kernel names (a Java name cut to 15 characters). */
        List<String> threadNames() throws IOException {
            return Proc.of(pid).tasks().stream().map(Proc.Task::name).toList();
        }

        /** Descriptors of epoll instances ({@code anon_inode:[eventpoll]}) the process holds. */
        long epollDescriptors() throws IOException {
            return Proc.of(pid).fdTargets().stream().filter(t -> t.equals("anon_inode:[eventpoll]")).count();
        }

        String jcmd(String command) throws Exception {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            assumeTrue(Files.isExecutable(jcmd), "jcmd is not in this Java (a JDK has it)");
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(Probes.DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("jcmd %s ended", command).isTrue();
            assertThat(p.exitValue()).as("jcmd %s: %s", command, out).isZero();
            return out;
        }
    }
}
