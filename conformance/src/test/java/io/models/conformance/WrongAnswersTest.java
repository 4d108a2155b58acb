package io.models.conformance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.protocol.Protocol;
import io.models.common.testkit.ChildServer;
import io.models.conformance.cases.Cases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bugs a student's server has, each as a small server with exactly that one mistake, and the
 * case that catches it, with the words its failure says: the table "the bugs each case catches" of
 * conformance/README.md (and the wrong answers of exercises/TEACHING.md), proven row by row, and the
 * table checked against this list. The mistakes of a blocking server run in this JVM ({@link
 * WrongServer}, with {@code --wait 2}: their failures are silences); those of a one-thread loop run as a
 * process the checker starts ({@link WrongLoops}, {@code --exec}), since what they cost shows there.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WrongAnswersTest {

    /** How a mistake's server is started: in this JVM, or as a process (a flaw of {@link WrongLoops}). */
    interface InThisJvm {
        WrongServer start() throws IOException;
    }

    /**
     * One mistake: its row in the README's table ({@code what}), its server, the cases run, the case
     * that catches it and words its reason says (and, if given, words it must not say); with
     * {@code restNotRun}, the cases after it fail as not run.
     */
    record Mistake(String what, InThisJvm server, WrongLoops.Flaw flaw, List<String> cases, String caughtBy,
                   String says, String neverSays, boolean restNotRun, Map<String, String> alsoFails) {

        static Mistake of(String what, InThisJvm server, String caughtBy, String says) {
            return new Mistake(what, server, null, List.of(caughtBy), caughtBy, says, null, false, Map.of());
        }

        static Mistake loop(String what, WrongLoops.Flaw flaw, String caughtBy, String says) {
            return new Mistake(what, null, flaw, List.of(caughtBy), caughtBy, says, null, false, Map.of());
        }

        Mistake never(String words) {
            return new Mistake(what, server, flaw, cases, caughtBy, says, words, restNotRun, alsoFails);
        }

        Mistake running(List<String> allCases, boolean thenTheRestNotRun) {
            return new Mistake(what, server, flaw, allCases, caughtBy, says, neverSays, thenTheRestNotRun, alsoFails);
        }

        /** {@code testCase} (run after the one that catches it) fails too, saying {@code words}. */
        Mistake andThen(String testCase, String words) {
            List<String> all = new ArrayList<>(cases);
            all.add(testCase);
            return new Mistake(what, server, flaw, all, caughtBy, says, neverSays, restNotRun, Map.of(testCase, words));
        }

        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                Mistake.of("upper-casing beyond ASCII (`toUpperCase` on the bytes as Latin-1 text)", () -> WrongServer.start(
                        conn -> echo(conn, b -> new String(b, ISO_8859_1).toUpperCase(Locale.ROOT).getBytes(ISO_8859_1))),
                        "every-byte", "only ASCII a-z may change"),
                Mistake.of("decoding each chunk as text (`new String(chunk, UTF_8).toUpperCase()`)", () -> WrongServer.start(
                        conn -> echo(conn, b -> new String(b, UTF_8).toUpperCase(Locale.ROOT).getBytes(UTF_8))),
                        "every-byte", "differs at byte 128"),
                Mistake.of("adding to the reply (the note's `_SB`, a newline)", () -> WrongServer.start(
                        conn -> echo(conn, b -> concat(Protocol.upper(b), "_SB".getBytes(UTF_8)))),
                        "every-byte", "longer than the request"),
                Mistake.of("reading lines: no reply until a newline comes", () -> WrongServer.start(WrongAnswersTest::readsLines),
                        "every-byte", "the reply stops after a newline: does your server read lines?")
                        // the probe after a failure is a line: such a server still answers it, so the next case
                        // runs, and fails for its own reason, not as "not run"
                        .andThen("half-close", "it ends early"),
                Mistake.of("one non-blocking `write()` and back to reading: the rest of the reply is lost",
                        () -> WrongServer.start(WrongAnswersTest::oneWriteDropsTheRest),
                        "slow-reader", "did write() take only part of the reply?"),
                Mistake.of("no `close()` after the client has finished", () -> WrongServer.start(WrongAnswersTest::neverCloses),
                        "half-close", "no end of stream"),
                Mistake.of("ignoring end of stream in a blocking loop (`recv()` returns `b''` for ever)",
                        () -> WrongServer.oneAtATime(WrongAnswersTest::spinsAtTheEnd),
                        "one-byte-writes", "0 of 1731 bytes came")
                        .running(List.of("every-byte", "one-byte-writes", "random-chunks"), true),
                Mistake.loop("ignoring end of stream in a select loop (the finished socket stays readable for ever)",
                        WrongLoops.Flaw.IGNORES_EOF, "half-close", "no end of stream"),
                Mistake.of("per-connection state in a field all connections share",
                        () -> WrongServer.start(WrongAnswersTest::writesToTheLatestClient),
                        "concurrent-100", "did not get their own reply"),
                Mistake.of("one client at a time (a blocking loop and no threads)",
                        () -> WrongServer.oneAtATime(conn -> echo(conn, Protocol::upper)),
                        "held-1000", "1 of 1000 held connections were answered"),
                Mistake.of("a fixed pool smaller than the clients", () -> WrongServer.pool(8, conn -> echo(conn, Protocol::upper)),
                        "held-1000", "8 of 1000 held connections were answered"),
                Mistake.of("a tiny `listen()` backlog with a slow accept loop",
                        () -> WrongServer.slowAccept(5, Duration.ofMillis(20), conn -> echo(conn, Protocol::upper)),
                        "held-1000", "took a second or more to connect"),
                Mistake.loop("a non-blocking loop that never waits (polling with no `select` or sleep)",
                        WrongLoops.Flaw.BUSY_POLLS, "idle-cpu", "busy polling"),
                Mistake.loop("`OP_WRITE` (`POLLOUT`) left on after the reply is sent", WrongLoops.Flaw.OP_WRITE_LEFT_ON,
                        "idle-cpu", "writing left on once the reply was sent?"),
                Mistake.loop("a blocking `send()` in a select loop (\"Hope it won't block\")", WrongLoops.Flaw.BLOCKING_SEND,
                        "slow-reader-blocks-others", "a send() that blocks the only thread"),
                Mistake.loop("a write loop that spins on `EAGAIN` in a select loop", WrongLoops.Flaw.SPINS_ON_EAGAIN,
                        "slow-reader-blocks-others", "spinning on EAGAIN instead of waiting for OP_WRITE / POLLOUT?")
                        .never("blocks the only thread"),
                Mistake.loop("accepted sockets left blocking in a non-blocking design", WrongLoops.Flaw.ACCEPTED_BLOCKING,
                        "idle-client-blocks-others", "served one client at a time"),
                Mistake.loop("an uncaught reset (`ConnectionResetError`, `EPIPE`) that ends the server",
                        WrongLoops.Flaw.DIES_ON_RESET, "resets-300", "the server died"),
                Mistake.of("idle connections closed too early (a read timeout taken for the end of the stream)",
                        () -> WrongServer.start(WrongAnswersTest::closesWhenIdle),
                        "idle-kept-open", "it closed idle connections too early"),
                Mistake.of("a sleep between polls (the note's `time.sleep`)", () -> WrongServer.start(WrongAnswersTest::sleepsBetweenPolls),
                        "latency", "replies wait, as behind a sleep between polls"));
    }

    /**
     * What each mistake's failure says in Chinese ({@code --lang zh}): words of the same message in
     * messages_zh.properties, by the mistake's row.
     */
    static final Map<String, String> SAYS_IN_CHINESE = Map.ofEntries(
            Map.entry("upper-casing beyond ASCII (`toUpperCase` on the bytes as Latin-1 text)", "只有 ASCII 的 a-z 可以变"),
            Map.entry("decoding each chunk as text (`new String(chunk, UTF_8).toUpperCase()`)", "在第 128 字节"),
            Map.entry("adding to the reply (the note's `_SB`, a newline)", "比请求长"),
            Map.entry("reading lines: no reply until a newline comes", "你的服务端是不是按行读取？"),
            Map.entry("one non-blocking `write()` and back to reading: the rest of the reply is lost",
                    "是不是 write() 只写出了回复的一部分？"),
            Map.entry("no `close()` after the client has finished", "没有等到流结束"),
            Map.entry("ignoring end of stream in a blocking loop (`recv()` returns `b''` for ever)", "1731 字节中收到了 0 字节"),
            Map.entry("ignoring end of stream in a select loop (the finished socket stays readable for ever)", "没有等到流结束"),
            Map.entry("per-connection state in a field all connections share", "没有收到自己的回复"),
            Map.entry("one client at a time (a blocking loop and no threads)", "1000 个保持着的连接中有 1 个得到了回复"),
            Map.entry("a fixed pool smaller than the clients", "1000 个保持着的连接中有 8 个得到了回复"),
            Map.entry("a tiny `listen()` backlog with a slow accept loop", "花了一秒以上才连上"),
            Map.entry("a non-blocking loop that never waits (polling with no `select` or sleep)", "忙轮询"),
            Map.entry("`OP_WRITE` (`POLLOUT`) left on after the reply is sent", "各往返一次后空闲"),
            Map.entry("a blocking `send()` in a select loop (\"Hope it won't block\")", "唯一的线程阻塞在 send() 上"),
            Map.entry("a write loop that spins on `EAGAIN` in a select loop", "没有等 OP_WRITE / POLLOUT"),
            Map.entry("accepted sockets left blocking in a non-blocking design", "一次只服务一个客户端"),
            Map.entry("an uncaught reset (`ConnectionResetError`, `EPIPE`) that ends the server", "服务端死掉了"),
            Map.entry("idle connections closed too early (a read timeout taken for the end of the stream)", "过早地关闭了空闲连接"),
            Map.entry("a sleep between polls (the note's `time.sleep`)", "回复在等待"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void theCaseThatCatchesIt(Mistake m) throws Exception {
        Expect expect = Expect.allPass().fails(m.caughtBy(), m.says(), m.what());
        m.alsoFails().forEach((c, words) -> expect.fails(c, words, m.what()));
        if (m.restNotRun()) {
            expect.restNotRun(m.caughtBy(), m.cases(), m.what());
        }
        CheckRun run = checked(m, List.of(), CheckRun::of);
        expect.assertMatches(m.what(), m.cases(), run);
        if (m.neverSays() != null) {
            assertThat(run.verdicts().get(m.caughtBy())).as(run.printed()).doesNotContain(m.neverSays());
        }
    }

    /**
     * The same mistake, checked in Chinese: the checker in a JVM of its own ({@code --lang zh} is one
     * language for a whole JVM), the same cases; the case that catches it fails, in the note's terms.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void theCaseThatCatchesItSaysSoInChinese(Mistake m) throws Exception {
        String says = SAYS_IN_CHINESE.get(m.what());
        assertThat(says).as("the Chinese words of: %s", m.what()).isNotNull();
        ChildServer.Run run = checked(m, List.of("--lang", "zh"), args -> ChildServer.of(Main.class).args(args).run());
        String printed = String.join("\n", run.lines());
        assertThat(run.lines()).as(printed).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL " + m.caughtBy() + ": ").contains(says));
        assertThat(run.exitCode()).as(printed).isEqualTo(1);
    }

    /** Runs the checker, in this JVM or another, on the arguments it is given. */
    @FunctionalInterface
    interface CheckerCall<R> {
        R check(List<String> args) throws Exception;
    }

    /**
     * The checker on {@code m}'s server with {@code first} and m's cases: a server in this JVM is
     * checked on its port ({@code --wait 2}: its failures are silences), a loop's flaw as a process
     * the checker starts ({@code --exec}).
     */
    static <R> R checked(Mistake m, List<String> first, CheckerCall<R> checker) throws Exception {
        List<String> args = new ArrayList<>(first);
        args.addAll(List.of("--cases", String.join(",", m.cases())));
        if (m.server() != null) {
            try (WrongServer server = m.server().start()) {
                args.addAll(List.of("--port", String.valueOf(server.port()), "--wait", "2"));
                return checker.check(args);
            }
        }
        List<String> argv = ChildServer.of(WrongLoops.class).args(m.flaw().name()).measured().commandLine();
        args.addAll(List.of("--exec", ModelsTest.shell(argv) + " {port}"));
        return checker.check(args);
    }

    /** The README's table of bugs is this list: each row a mistake proven here, with the case that catches it. */
    @Test
    void theReadmesTableOfBugsIsTheOneProvenHere() throws IOException {
        Map<String, String> table = bugTable(Files.readString(Path.of("README.md")));
        Map<String, String> proven = new LinkedHashMap<>();
        mistakes().forEach(m -> proven.put(m.what(), m.caughtBy()));
        assertThat(table.keySet()).as("the bugs in conformance/README.md's table, in order")
                .containsExactlyElementsOf(proven.keySet());
        proven.forEach((what, caughtBy) -> assertThat(table.get(what)).as("the case that catches: %s", what)
                .contains("`" + caughtBy + "`"));
        for (String c : table.values()) {
            Matcher named = Pattern.compile("`([a-z0-9-]+)`").matcher(c);
            assertThat(named.find()).as("a case named in %s", c).isTrue();
            assertThat(Cases.named(named.group(1))).as("a case called %s", named.group(1)).isNotNull();
        }
    }

    /** The rows of the table under "## The bugs each case catches": the bug, and the cell that names the case. */
    static Map<String, String> bugTable(String readme) {
        String section = readme.substring(readme.indexOf("## The bugs each case catches"));
        section = section.substring(0, section.indexOf("\n## ", 5) < 0 ? section.length() : section.indexOf("\n## ", 5));
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            if (line.startsWith("| ") && !line.startsWith("| the bug") && !line.startsWith("|---")) {
                List<String> cells = new ArrayList<>(List.of(line.substring(2, line.length() - 2).split(" \\| ")));
                rows.put(cells.get(0), cells.get(1));
            }
        }
        return rows;
    }

    interface Transform {
        byte[] apply(byte[] chunk);
    }

    /** Reads, transforms each chunk as it came, writes it all back, until the end; then closes. */
    static void echo(SocketChannel conn, Transform t) throws IOException {
        try (conn) {
            ByteBuffer buf = ByteBuffer.allocate(1024);
            while (conn.read(buf) >= 0) {
                byte[] chunk = new byte[buf.flip().remaining()];
                buf.get(chunk).clear();
                ByteBuffer out = ByteBuffer.wrap(t.apply(chunk));
                while (out.hasRemaining()) {
                    conn.write(out);
                }
            }
        }
    }

    /** A line at a time: nothing is answered until its newline has come (Python's {@code for line in f}). */
    static void readsLines(SocketChannel conn) throws IOException {
        try (conn; InputStream in = new java.io.BufferedInputStream(conn.socket().getInputStream());
             OutputStream out = conn.socket().getOutputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                line.write(b);
                if (b == '\n') {
                    out.write(Protocol.upper(line.toByteArray()));
                    line.reset();
                }
            }
        }
    }

    /** "One write and straight back to reading": what a non-blocking write does not take is lost. */
    static void oneWriteDropsTheRest(SocketChannel conn) throws IOException {
        try (conn) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (conn.read(buf) >= 0) {
                buf.flip();
                Protocol.upper(buf);
                conn.configureBlocking(false);
                conn.write(buf); // takes what fits in the socket's buffer, maybe nothing
                conn.configureBlocking(true);
                buf.clear(); // the rest: gone
            }
        }
    }

    /** Echoes until the end of stream, then leaves the connection open: the client never reads its end. */
    static void neverCloses(SocketChannel conn) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (conn.read(buf) >= 0) {
            buf.flip();
            Protocol.upper(buf);
            while (buf.hasRemaining()) {
                conn.write(buf);
            }
            buf.clear();
        }
        // no conn.close(): WrongServer closes it when the test ends
    }

    /** The note's 二: {@code while True: data = conn.recv(1024); conn.send(data.upper())}, no end of stream. */
    static void spinsAtTheEnd(SocketChannel conn) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        while (conn.isOpen()) {
            buf.clear();
            if (conn.read(buf) > 0) { // -1 for ever once the client has gone: round and round
                buf.flip();
                Protocol.upper(buf);
                while (buf.hasRemaining()) {
                    conn.write(buf);
                }
            }
        }
    }

    private static final AtomicReference<SocketChannel> latest = new AtomicReference<>();

    /**
     * Per-connection state in a field every connection shares: replies go to the latest client.
     * Before a reply it gives the other clients up to 0.2 s to arrive, as on any busy server, so
     * the bug shows however this machine schedules the test (on a loaded one, each connection
     * could otherwise be served before the next is accepted, and the field would look right).
     */
    static void writesToTheLatestClient(SocketChannel conn) throws IOException {
        latest.set(conn);
        try (conn) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (conn.read(buf) >= 0) {
                buf.flip();
                Protocol.upper(buf);
                long until = System.nanoTime() + 200_000_000L;
                while (latest.get() == conn && System.nanoTime() - until < 0) {
                    LockSupport.parkNanos(1_000_000);
                }
                SocketChannel to = latest.get(); // the shared field
                synchronized (to) {
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                }
                buf.clear();
            }
        }
    }

    /** A read timeout of 2 s taken for a client that has gone: an idle client is closed after 2 s. */
    static void closesWhenIdle(SocketChannel conn) throws IOException {
        Socket s = conn.socket();
        s.setSoTimeout(2000);
        try (conn; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(Protocol.upper(java.util.Arrays.copyOf(buf, n)));
            }
        } catch (SocketTimeoutException e) {
            // "it has not said anything for 2 s: it must be gone", and the connection is closed
        }
    }

    /** Non-blocking reads with a sleep of a second after one that found nothing: every reply waits for it. */
    static void sleepsBetweenPolls(SocketChannel conn) throws IOException {
        try (conn) {
            conn.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (true) {
                buf.clear();
                int n = conn.read(buf);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // time.sleep(1)
                    continue;
                }
                buf.flip();
                Protocol.upper(buf);
                while (buf.hasRemaining()) {
                    conn.write(buf); // a few bytes: the socket takes them
                }
            }
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
