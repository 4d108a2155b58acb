package io.models.conformance;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.models.common.protocol.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cases, in the order they run. Each knows the server only by the protocol (every byte back,
 * ASCII a-z upper-cased, nothing else changed, nothing added) and, for the last two, by /proc.
 */
final class Cases {

    /** What the idle-client case says of a server that serves one client at a time. */
    static final String ONE_AT_A_TIME = "served one client at a time: a silent client stopped every other (二、阻塞IO)";

    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final Duration LONG = Duration.ofSeconds(60);
    /** The most held-1000 waits for its connections to open: a correct server opens 1000 in a second or two. */
    private static final Duration HELD_CONNECT_BUDGET = Duration.ofSeconds(10);
    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;

    static final List<Case> ALL = List.of(
            new Case("every-byte", "every byte value 0-255 comes back, ASCII a-z upper-cased, every other byte "
                    + "unchanged, and nothing more", false, SHORT, Cases::everyByte),
            new Case("one-byte-writes", "a request sent one byte per write gets the same reply as in one write: "
                    + "the reply does not depend on how TCP splits the stream", false, SHORT, Cases::oneByteWrites),
            new Case("random-chunks", "1 MiB sent in random chunks (1 byte to 64 KiB) comes back whole and in "
                    + "order while the client is still sending", false, SHORT, Cases::randomChunks),
            new Case("concurrent-100", "100 clients at once, each with bytes of its own, each get exactly their "
                    + "own reply", false, LONG, Cases::concurrent100),
            new Case("held-1000", "1000 connections held open at once are all answered", false, LONG, Cases::held1000),
            new Case("half-close", "a client that closes its side after sending (FIN) gets the whole reply, then "
                    + "end of stream", false, SHORT, Cases::halfClose),
            new Case("resets-300", "300 clients that reset (SO_LINGER 0) after a reply, in the middle of one, or "
                    + "at once, and the server still answers", false, LONG, Cases::resets300),
            new Case("slow-reader", "16 MiB from a client that reads nothing for 2 s all come back, in order, once "
                    + "it reads", false, LONG, Cases::slowReader),
            new Case("idle-client-blocks-others", "a client that connects and says nothing does not stop another "
                    + "from being served", false, SHORT, Cases::idleClient),
            new Case("slow-reader-blocks-others", "a client that sends a lot and reads nothing does not stop another "
                    + "from being served meanwhile", false, LONG, Cases::slowReaderBlocksOthers),
            new Case("cleanup", "after 100 closes and 300 resets the server's descriptors and threads are back to "
                    + "their baseline (needs --pid)", true, LONG, Cases::cleanup),
            new Case("idle-cpu", "with 100 idle connections the server uses under 2% of a core over 3 s (needs "
                    + "--pid)", true, LONG, Cases::idleCpu));

    private Cases() {
    }

    /** The case called {@code name}, or null. */
    static Case named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    static List<String> names() {
        return ALL.stream().map(Case::name).toList();
    }

    // ---- every-byte ----

    static void everyByte(Session s) throws CaseFailed {
        byte[] sent = new byte[512]; // 0..255, then 255..0
        for (int i = 0; i < 256; i++) {
            sent[i] = (byte) i;
            sent[511 - i] = (byte) i;
        }
        try (Conn c = s.connect("the client")) {
            c.send(sent);
            reply(c, sent, "the reply");
            c.expectNothingMore("the reply");
        }
    }

    // ---- one-byte-writes ----

    /** Text with multi-byte UTF-8 (split across writes below), and the bytes 0x00 and 0xff. */
    static final byte[] TEXT = concat("Hello, 世界! select/poll/epoll: 阻塞IO, 非阻塞IO, abc-xyz {}~ é\n".repeat(24)
            .getBytes(UTF_8), new byte[] {0, (byte) 0xff, 'q'});

    static void oneByteWrites(Session s) throws CaseFailed {
        try (Conn whole = s.connect("the client sending in one write")) {
            whole.send(TEXT);
            reply(whole, TEXT, "the reply to one write");
            whole.expectNothingMore("the reply to one write");
        }
        try (Conn bytes = s.connect("the client sending one byte per write")) {
            CompletableFuture<Void> sending = bytes.sendByteByByte(TEXT);
            reply(bytes, TEXT, "the reply to one byte per write");
            s.await(sending, "the last of the one-byte writes");
            bytes.expectNothingMore("the reply to one byte per write");
        }
    }

    // ---- random-chunks ----

    static void randomChunks(Session s) throws CaseFailed {
        byte[] sent = random(MIB, 1);
        try (Conn c = s.connect("the client")) {
            CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(2), 64 * KIB, false);
            reply(c, sent, "the reply");
            s.await(sending, "the last chunk of the request");
            c.expectNothingMore("the reply");
        }
    }

    // ---- concurrent-100 ----

    static void concurrent100(Session s) throws Exception {
        int n = 100;
        List<Conn> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(s.connect("client " + i)); // all connected before any sends
        }
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                Conn c = clients.get(i);
                int seed = i;
                byte[] sent = tagged(i, n, 16 * KIB + i);
                results.add(each.submit(() -> {
                    try {
                        CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(seed), 4 * KIB, false);
                        byte[] got = readReply(c, sent, c.label + "'s reply");
                        String other = whoseTag(got, sent, n);
                        if (other != null) {
                            return c.label + " got the bytes of " + other
                                    + " (one buffer or variable shared by every connection?)";
                        }
                        Replies.expectUpper(sent, got, c.label + "'s reply");
                        s.await(sending, c.label + "'s request to be sent");
                        c.close(); // done: a server that serves one at a time moves on to the next
                        return null;
                    } catch (CaseFailed e) {
                        return e.getMessage();
                    }
                }));
            }
            s.waitingFor("the replies of " + n + " concurrent clients");
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> r : results) {
            if (r.get() != null) {
                failures.add(r.get());
            }
        }
        if (!failures.isEmpty()) {
            throw new CaseFailed("%d of %d clients did not get their own reply; the first: %s".formatted(
                    failures.size(), n, failures.get(0)));
        }
    }

    /** {@code "client 007 of 100|"} and random bytes: a reply that starts with another tag went astray. */
    private static byte[] tagged(int i, int n, int size) {
        byte[] b = random(size, i);
        byte[] tag = tag(i, n);
        System.arraycopy(tag, 0, b, 0, tag.length);
        return b;
    }

    private static byte[] tag(int i, int n) {
        return "client %03d of %d|".formatted(i, n).getBytes(US_ASCII);
    }

    /** "client 42" if {@code got} starts with client 42's tag (upper-cased) and not with its own. */
    private static String whoseTag(byte[] got, byte[] sent, int n) {
        int len = tag(0, n).length;
        if (got.length < len || Arrays.equals(got, 0, len, Protocol.upper(sent), 0, len)) {
            return null;
        }
        for (int j = 0; j < n; j++) {
            if (Arrays.equals(got, 0, len, Protocol.upper(tag(j, n)), 0, len)) {
                return "client " + j;
            }
        }
        return null;
    }

    // ---- held-1000 ----

    static void held1000(Session s) throws Exception {
        int n = 1000;
        List<Conn> held = new ArrayList<>(n);
        long budget = System.nanoTime() + HELD_CONNECT_BUDGET.toNanos();
        int retried = 0; // connections that took a second or more: their first SYN was dropped
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            String why = null;
            if (start - budget > 0) {
                why = "only %d of %d connections were open after %d s".formatted(i, n, HELD_CONNECT_BUDGET.toSeconds());
            } else {
                try {
                    held.add(s.connect("held client " + i));
                } catch (CaseFailed e) {
                    why = "only %d of %d connections could be opened at once: %s".formatted(i, n, e.getMessage());
                }
            }
            if (why != null) {
                throw new CaseFailed(why + (retried == 0 ? "" : ("; %d of them took a second or more to connect: the "
                        + "server's listen backlog was full, so the kernel dropped their SYN and the client sent it "
                        + "again (the server accepts more slowly than clients arrive, and its backlog is small: "
                        + "listen(5)?)").formatted(retried)));
            }
            if (System.nanoTime() - start >= 900_000_000L) {
                retried++;
            }
        }
        // All open: each sends and waits for its reply at the same time, none leaves before the end.
        List<Future<String>> results = new ArrayList<>(n);
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                Conn c = held.get(i);
                byte[] sent = "held client %04d of %d: still here\n".formatted(i, n).getBytes(US_ASCII);
                results.add(each.submit(() -> {
                    try {
                        c.send(sent);
                        reply(c, sent, c.label + "'s reply");
                        return null;
                    } catch (Conn.Stalled e) {
                        return ""; // no reply: counted, not listed
                    } catch (CaseFailed e) {
                        return e.getMessage();
                    }
                }));
            }
            s.waitingFor("the replies of " + n + " held connections");
        }
        int answered = 0;
        int silent = 0;
        List<String> failures = new ArrayList<>();
        for (Future<String> r : results) {
            String why = r.get();
            if (why == null) {
                answered++;
            } else if (why.isEmpty()) {
                silent++;
            } else {
                failures.add(why);
            }
        }
        if (answered == n) {
            return;
        }
        StringBuilder why = new StringBuilder("%d of %d held connections were answered".formatted(answered, n));
        if (silent > 0) {
            why.append("; %d got no reply in %d s".formatted(silent, s.wait.toSeconds()));
            if (answered == 1) {
                why.append(" (served one client at a time, as 二、阻塞IO)");
            } else if (answered > 1 && answered <= 256) {
                why.append(" (at most %d served at once: a fixed pool? 二、改进方案: “池”始终有其上限)".formatted(answered));
            }
        }
        if (!failures.isEmpty()) {
            why.append("; %d failed, the first: %s".formatted(failures.size(), failures.get(0)));
        }
        throw new CaseFailed(why.toString());
    }

    // ---- half-close ----

    static void halfClose(Session s) throws CaseFailed {
        byte[] sent = random(MIB + 7, 4);
        try (Conn c = s.connect("the client")) {
            CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(5), 64 * KIB, true); // then FIN
            byte[] got;
            try {
                got = c.readToEnd(sent.length, "the reply");
            } catch (Conn.Stalled e) {
                Replies.expectUpperPrefix(sent, e.partial, "the reply");
                throw e;
            }
            s.await(sending, "the request and the client's FIN to be sent");
            Replies.expectUpper(sent, got, "the reply (read to the end of stream)");
        }
    }

    // ---- resets-300 ----

    /** How a client ends its connection. */
    enum Ending {
        /** A round trip, then close(): FIN. */
        CLOSE,
        /** A round trip, then RST. */
        RESET_AFTER_REPLY,
        /** 256 KiB sent, the first byte of the reply read (the server is writing it), then RST. */
        RESET_MID_REPLY,
        /** RST right after connecting. */
        RESET_AT_ONCE
    }

    static void resets300(Session s) throws CaseFailed {
        int n = 300;
        Ending[] resets = {Ending.RESET_AFTER_REPLY, Ending.RESET_MID_REPLY, Ending.RESET_AT_ONCE};
        for (int i = 0; i < n; i++) {
            try {
                end(s, i, resets[i % resets.length]);
            } catch (CaseFailed e) {
                throw new CaseFailed("after %d reset%s: %s".formatted(i, i == 1 ? "" : "s", e.getMessage()));
            }
        }
        stillServes(s, "after " + n + " resets");
    }

    /** Client {@code i} connects and ends as {@code how} says. */
    static void end(Session s, int i, Ending how) throws CaseFailed {
        Conn c = s.connect("client " + i);
        switch (how) {
            case CLOSE, RESET_AFTER_REPLY -> {
                byte[] sent = ("bye " + i).getBytes(US_ASCII);
                c.send(sent);
                reply(c, sent, "the reply before the " + (how == Ending.CLOSE ? "close" : "reset"));
                if (how == Ending.CLOSE) {
                    c.close();
                } else {
                    c.reset();
                }
            }
            case RESET_MID_REPLY -> {
                byte[] sent = random(256 * KIB, i);
                c.sendInChunks(sent, new Random(i), 64 * KIB, false); // fails once reset: nobody waits for it
                reply(c, Arrays.copyOf(sent, 1), "the first byte of the reply");
                c.reset();
            }
            case RESET_AT_ONCE -> c.reset();
        }
    }

    /** A new client still gets its reply. */
    private static void stillServes(Session s, String when) throws CaseFailed {
        byte[] sent = ("still serving " + when).getBytes(US_ASCII);
        try (Conn c = s.connect("a new client")) {
            c.send(sent);
            reply(c, sent, "the reply");
        } catch (CaseFailed e) {
            throw new CaseFailed(when + " the server no longer answers: " + e.getMessage());
        }
    }

    // ---- slow-reader ----

    static void slowReader(Session s) throws Exception {
        byte[] sent = random(16 * MIB, 8);
        try (Conn c = s.connect("the slow reader")) {
            CompletableFuture<Void> sending = c.sendInChunks(sent, new Random(9), 64 * KIB, false);
            s.waitingFor("2 s in which the slow reader reads nothing (the case's own pause)");
            Thread.sleep(2000); // what this case is: nothing read for 2 s
            reply(c, sent, "the reply after 2 s without reading");
            s.await(sending, "the last of the 16 MiB to be sent");
        }
    }

    // ---- idle-client-blocks-others ----

    static void idleClient(Session s) throws CaseFailed {
        Conn silent = s.connect("a silent client"); // it leaves below; the session closes whatever is left
        try (Conn other = s.connect("another client")) {
            byte[] sent = "served while another client says nothing".getBytes(US_ASCII);
            other.send(sent);
            Conn.Stalled stalled;
            try {
                reply(other, sent, "the other client's reply");
                return;
            } catch (Conn.Stalled e) {
                stalled = e;
            }
            silent.close();
            byte[] rest;
            try {
                rest = other.readExactly(sent.length - stalled.partial.length, "the other client's reply");
            } catch (Conn.Stalled e) {
                throw new CaseFailed(("another client got no reply in %d s while a silent client was connected, "
                        + "nor in %d s after it left").formatted(s.wait.toSeconds(), s.wait.toSeconds()));
            }
            Replies.expectUpper(sent, concat(stalled.partial, rest), "the other client's reply");
            throw new CaseFailed(ONE_AT_A_TIME);
        }
    }

    // ---- slow-reader-blocks-others ----

    static void slowReaderBlocksOthers(Session s) throws Exception {
        byte[] sent = random(16 * MIB, 10);
        try (Conn slow = s.connect("a client that does not read")) {
            CompletableFuture<Void> sending = slow.sendInChunks(sent, new Random(11), 64 * KIB, false);
            untilStuck(s, slow, sending); // every buffer between them is full: the server cannot write to it
            byte[] small = "served while another client reads nothing".getBytes(US_ASCII);
            try (Conn other = s.connect("another client")) {
                other.send(small);
                reply(other, small, "the other client's reply");
            } catch (Conn.Stalled e) {
                throw new CaseFailed(("another client got no reply in %d s while one client was not reading its "
                        + "replies: everything waited for that one (a send() that blocks the only thread, like the "
                        + "note's send(data.upper()) in 四 and 七, which just hopes it won't block; or one client at a "
                        + "time, as 二、阻塞IO)").formatted(s.wait.toSeconds()));
            }
            reply(slow, sent, "the reply of the client that did not read, once it reads");
            s.await(sending, "the last of the 16 MiB to be sent");
        }
    }

    /**
     * Waits until {@code c}'s writer has made no progress for a second (or has sent it all): the
     * server has stopped reading from it. (A slow server still reads now and then: TCP lets the
     * writer on each time 64 KiB have been read, well within a second at 64 KiB/s or more.)
     */
    private static void untilStuck(Session s, Conn c, CompletableFuture<Void> sending) throws Exception {
        s.waitingFor("the writes of " + c.label + " to stop going through");
        long end = System.nanoTime() + s.wait.multipliedBy(4).toNanos();
        long last = -1;
        long since = System.nanoTime();
        while (!sending.isDone() && System.nanoTime() - since < 1_000_000_000L && System.nanoTime() < end) {
            Thread.sleep(50);
            long now = c.written();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
    }

    // ---- cleanup (--pid) ----

    /**
     * Threads a server's runtime may start on its own while the case runs (a JVM's garbage
     * collector and compiler start workers when they see work; so does Go's scheduler): up to
     * this many above the baseline are not the server's. A thread kept per connection is 400 more.
     */
    static final int RUNTIME_THREADS = 4;

    static void cleanup(Session s) throws Exception {
        Proc p = s.proc();
        Ending[] endings = Ending.values();
        for (int i = 0; i < 40; i++) { // warm-up: what the server starts lazily is started before the baseline
            end(s, i, endings[i % endings.length]);
        }
        long[] base = settle(s, p);
        int n = 100 * endings.length;
        for (int i = 0; i < n; i++) {
            try {
                end(s, i, endings[i % endings.length]);
            } catch (CaseFailed e) {
                throw new CaseFailed("after %d of %d connections: %s".formatted(i, n, e.getMessage()));
            }
        }
        Duration patience = s.wait.multipliedBy(2);
        s.waitingFor("the server's descriptors and threads to come back to their baseline");
        long deadline = System.nanoTime() + patience.toNanos();
        long fds;
        int threads;
        do {
            fds = p.fds();
            threads = p.threads();
            if (fds <= base[0] && threads <= base[1] + RUNTIME_THREADS) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        String why = "%d s after 100 closes and 300 resets the server still has %d descriptors (%d before) and %d threads (%d before)"
                .formatted(patience.toSeconds(), fds, base[0], threads, base[1]);
        if (fds - base[0] >= 50) {
            why += ": connections it never closed";
        } else if (threads - base[1] >= 50) {
            why += ": threads that outlive their connection";
        }
        throw new CaseFailed(why);
    }

    /**
     * Waits until the server's descriptors and threads have not changed for half a second (at
     * most {@code --wait} twice over) and returns them: {fds, threads}.
     */
    static long[] settle(Session s, Proc p) throws Exception {
        s.waitingFor("the server's descriptors and threads to settle");
        long end = System.nanoTime() + s.wait.multipliedBy(2).toNanos();
        long fds = p.fds();
        long threads = p.threads();
        long since = System.nanoTime();
        while (System.nanoTime() - since < 500_000_000L && System.nanoTime() < end) {
            Thread.sleep(50);
            long f = p.fds();
            long t = p.threads();
            if (f != fds || t != threads) {
                fds = f;
                threads = t;
                since = System.nanoTime();
            }
        }
        return new long[] {fds, threads};
    }

    // ---- idle-cpu (--pid) ----

    static void idleCpu(Session s) throws Exception {
        Proc p = s.proc();
        int n = 100;
        for (int i = 0; i < n; i++) {
            s.connect("idle client " + i); // connected, and says nothing
        }
        settle(s, p);
        List<String> measured = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            s.waitingFor("a 3 s window of the server's CPU time with " + n + " idle connections");
            long ticks = p.cpuTicks();
            long start = System.nanoTime();
            Thread.sleep(3000); // the window measured
            double seconds = (System.nanoTime() - start) / 1e9;
            double percent = 100.0 * (p.cpuTicks() - ticks) / Proc.TICKS_PER_SECOND / seconds;
            if (percent < 2.0) {
                return;
            }
            measured.add("%.1f%%".formatted(percent));
            if (percent >= 20.0) {
                break; // no settling after the cases before (a JIT, a GC) costs this much for 3 s: it spins
            }
            // a little over: maybe still settling after the cases before; a server that spins spins in every window
        }
        throw new CaseFailed(("used %s of a core over %s of 3 s with %d idle connections: it runs while nobody "
                + "sends (busy polling, as 三、非阻塞IO: 循环调用recv()将大幅度推高CPU占用率; or a wait with a short "
                + "timeout)").formatted(String.join(", ", measured), measured.size() == 1 ? "a window" :
                measured.size() + " windows", n));
    }

    // ---- helpers ----

    /** Reads {@code sent.length} bytes and checks them; a reply that stalls is checked as far as it came. */
    static byte[] reply(Conn c, byte[] sent, String what) throws CaseFailed {
        byte[] got = readReply(c, sent, what);
        Replies.expectUpper(sent, got, what);
        return got;
    }

    private static byte[] readReply(Conn c, byte[] sent, String what) throws CaseFailed {
        try {
            return c.readExactly(sent.length, what);
        } catch (Conn.Stalled e) {
            Replies.expectUpperPrefix(sent, e.partial, what); // a wrong byte says more than the silence after it
            throw e;
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
