package io.models.conformance;

import io.models.common.testkit.ChildServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checker against every chapter's server, each started as a person starts it (its main, on a
 * free port, in a JVM of its own) and checked from outside with {@code --pid}: every case passes
 * except what the model fails by design, and each of those is named here with the note's words.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChaptersConformanceTest {

    static final List<String> ADD_EXPORTS = List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED");

    /** 二、阻塞IO, the note's own words for why one client holds up every other. */
    static final String BLOCKING = "二、阻塞IO: 在调用recv(1024)的同时,线程将被阻塞,在此期间,线程将无法执行任何运算或响应任何的网络请求";
    static final String POOL = "二、改进方案: 所谓“池”始终有其上限,当请求大大超过上限时,“池”构成的系统对外界的响应并不比没有池的时候效果好多少";
    static final String POLLING = "三、非阻塞IO 缺点 1: 循环调用recv()将大幅度推高CPU占用率";
    /** The NoteServers' kept bugs, in the note's code. */
    static final String NOTE_01 = "二: while True: data = conn.recv(1024); conn.send(data.upper()): once the client has "
            + "left, recv gives b'' for ever, the loop never breaks, and the next client is never served";
    static final String NOTE_02 = "二、一个简单的解决方案, the same loop on a thread per connection: every client that "
            + "left leaves its thread spinning on recv's b''";
    static final String NOTE_03 = "三: conn_l.append(conn) without conn.setblocking(False): the accepted socket blocks, "
            + "so the loop waits in one silent client's recv";
    static final String NOTE_SEND = "四: ready_obj.send(data.upper()) on a non-blocking socket takes what the kernel has "
            + "room for, and the rest is lost";
    static final String NOTE_SB = "七: conn.send(data.upper()+b'_SB'): _SB after every recv, so the reply is longer than "
            + "the request and depends on how TCP cut it";

    /** A server to check: how to start it, which cases to run, and what must fail. */
    record Subject(String label, Class<?> main, List<String> jvmArgs, List<String> args, List<String> cases,
                   Expect expect) {

        static Subject of(String label, Class<?> main, Expect expect) {
            return new Subject(label, main, List.of(), List.of(), Cases.names(), expect);
        }

        Subject jvm(List<String> flags) {
            return new Subject(label, main, flags, args, cases, expect);
        }

        Subject args(String... flags) {
            return new Subject(label, main, jvmArgs, List.of(flags), cases, expect);
        }

        /** Only these cases: where the others add nothing (said at the call). */
        Subject cases(String... names) {
            return new Subject(label, main, jvmArgs, args, List.of(names), expect);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Subject> chapters() {
        List<Subject> all = new ArrayList<>();
        all.add(Subject.of("01-blocking", io.models.blocking.Main.class, Expect.allPass()
                .fails("held-1000", "1 of 1000 held connections were answered", BLOCKING)
                .fails("idle-client-blocks-others", Cases.ONE_AT_A_TIME, BLOCKING)
                .fails("slow-reader-blocks-others", "everything waited for that one", BLOCKING)));
        all.add(Subject.of("02-threadpool", io.models.threadpool.Main.class, Expect.allPass()));
        // A fixed pool differs from a thread per connection only in how many it serves at once:
        // held-1000 is the case that shows it; the other cases would run the same code as above.
        all.add(Subject.of("02-threadpool --pool 8", io.models.threadpool.Main.class, Expect.allPass()
                .fails("held-1000", "8 of 1000 held connections were answered", POOL)).args("--pool", "8").cases("held-1000"));
        all.add(Subject.of("03-nonblocking", io.models.nonblocking.Main.class, Expect.allPass()
                .fails("idle-cpu", "busy polling", POLLING)));
        all.add(Subject.of("04-select", io.models.select.Main.class, Expect.allPass()).jvm(ADD_EXPORTS));
        all.add(Subject.of("05-aio", io.models.aio.Main.class, Expect.allPass()));
        all.add(Subject.of("06-selectors", io.models.selectors.Main.class, Expect.allPass()));
        all.add(Subject.of("07-virtual-threads", io.models.virtualthreads.Main.class, Expect.allPass()));
        all.add(Subject.of("08-reactors --reactors 2 --workers 2", io.models.reactors.Main.class, Expect.allPass())
                .args("--reactors", "2", "--workers", "2"));
        all.add(Subject.of("09-netty", io.models.netty.Main.class, Expect.allPass())); // its best transport here
        // Each chapter's NoteServer: the note's Python line by line, its bugs kept. Only the cases
        // that show each kept bug the same way on any machine (the others depend on how fast it
        // runs: a backlog of 5, threads left spinning), with the note's words for why.
        all.add(Subject.of("01-blocking NoteServer", io.models.blocking.NoteServer.class, Expect.allPass()
                .fails("one-byte-writes", "0 of 1731 bytes came", NOTE_01))
                .cases("every-byte", "one-byte-writes"));
        all.add(Subject.of("02-threadpool NoteServer", io.models.threadpool.NoteServer.class, Expect.allPass()
                .fails("idle-cpu", "busy polling", NOTE_02))
                .cases("every-byte", "idle-client-blocks-others", "idle-cpu"));
        all.add(Subject.of("03-nonblocking NoteServer", io.models.nonblocking.NoteServer.class, Expect.allPass()
                .fails("idle-client-blocks-others", Cases.ONE_AT_A_TIME, NOTE_03))
                .cases("every-byte", "idle-client-blocks-others"));
        all.add(Subject.of("04-select NoteServer", io.models.select.NoteServer.class, Expect.allPass()
                .fails("slow-reader", "of 16777216 bytes came", NOTE_SEND))
                .jvm(ADD_EXPORTS).cases("every-byte", "slow-reader", "idle-client-blocks-others"));
        all.add(Subject.of("05-aio NoteServer", io.models.aio.NoteServer.class, Expect.allPass())
                .cases("every-byte", "concurrent-100", "slow-reader", "idle-client-blocks-others"));
        all.add(Subject.of("06-selectors NoteServer", io.models.selectors.NoteServer.class, Expect.allPass()
                .fails("every-byte", "longer than the request", NOTE_SB))
                .cases("every-byte", "idle-client-blocks-others"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chapters")
    void everyCasePassesExceptWhatTheModelFailsByDesign(Subject s) throws Exception {
        try (ChildServer server = ChildServer.of(s.main()).jvm(s.jvmArgs()).args(s.args()).measured().start()) {
            List<String> flags = new ArrayList<>(List.of("--report-dir", reportDir(s.label()).toString()));
            if (s.cases().size() < Cases.ALL.size()) {
                flags.addAll(List.of("--cases", String.join(",", s.cases())));
            }
            CheckRun run = CheckRun.against(server.port(), server.pid(), flags);
            s.expect().assertMatches(s.label(), s.cases(), run);
        }
    }

    /** Where a run's reports go: target/conformance-reports/LABEL (a CI job can keep them). */
    static Path reportDir(String label) {
        return Path.of("target", "conformance-reports", label.replaceAll("[^A-Za-z0-9._-]+", "_"));
    }
}
