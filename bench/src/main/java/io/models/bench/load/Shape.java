package io.models.bench.load;

import java.util.List;
import java.util.Locale;

/**
 * A load shape: one table of the results. Which models are its rows is their descriptors' to say
 * (each variant names its shapes by {@link #flag}).
 */
public enum Shape {
    PING_PONG_64("pingpong", "ping-pong, 64 B messages",
            "Every connection is opened and answered once, then all start at once: each sends 64 bytes, waits "
                    + "for the whole reply, checks every byte and sends the next. Requests/s and latency against the "
                    + "number of connections."),
    PING_PONG_4K("pingpong", "ping-pong, 4 KiB messages",
            "As above with 4096-byte messages: more copying per request."),
    POOL("pool", "a pool's ceiling: ping-pong 64 B",
            "Each connection starts as soon as it is open (nothing is answered first). "
                    + "A fixed pool of 8 threads serves 8 connections; the others are accepted and wait in the pool's queue "
                    + "until one of the 8 leaves, which in this shape none does. Starved = connections that got "
                    + "no reply in the whole measured window; their wait so far is counted in the latency "
                    + "(a lower bound)."),
    STREAM("stream", "stream of 64 KiB writes",
            "Each connection writes 64 KiB chunks without pause (at most 4 MiB in flight) while it reads and checks "
                    + "the reply stream: MB/s of checked reply bytes."),
    MIXED("mixed", "100 active connections beside idle ones",
            "100 connections ping-pong 64 B while 0, 1000 or 5000 more are open and idle (each answered once "
                    + "first). poll(2) (04) hands the kernel every descriptor on every call; epoll (06) only the "
                    + "ready ones: watch CPU per request."),
    IDLE("idle", "1000 idle connections",
            "1000 connections, each answered once, then silent: the server's CPU over the window "
                    + "(percent of one core), threads and RSS."),
    HEAVY("heavy", "a heavy handler: ping-pong 64 B, 2 ms of work per request",
            "08-reactors with --work-us 2000: every request keeps the thread that handles it busy for 2 ms before "
                    + "the reply, the note's large event handler. With --workers 0 that thread is the reactor's, and "
                    + "every other connection waits behind it; with --workers 2 two workers do it and the reactor "
                    + "only reads and writes. Compare the p99 latency."),
    HOLD("hold", "10,000 connections",
            "10,000 connections open at once, all ping-ponging 64 B: the server must hold them all with its "
                    + "64 MiB heap and answer every one (starved = 0).");

    /** The name --shapes takes, and a chapter's variants name in their shapes. */
    public final String flag;
    public final String title;
    private final String description;

    Shape(String flag, String title, String description) {
        this.flag = flag;
        this.title = title;
        this.description = description;
    }

    public static final String FLAGS = "pingpong, pool, stream, mixed, idle, heavy, hold";

    /** The shapes that take any server: not those made for some chapter's flags (a pool of 8, 2 ms of work). */
    public static final List<String> FOR_ANY_SERVER = List.of("pingpong", "stream", "mixed", "idle", "hold");

    /**
     * What the table shows; {@code oneAtATime} names its rows whose model serves one connection at a
     * time (the descriptor's trait), which this shape treats apart.
     */
    public String description(List<String> oneAtATime) {
        if (oneAtATime.isEmpty() || (this != PING_PONG_64 && this != IDLE)) {
            return description;
        }
        String who = String.join(" and ", oneAtATime);
        boolean one = oneAtATime.size() == 1;
        return description + " " + (this == PING_PONG_64
                ? who + (one ? " runs" : " run") + " at 1 connection only: " + (one ? "it serves" : "each serves")
                        + " one connection at a time, so at 10 the other nine would wait for the first to leave, which it "
                        + "never does."
                : who + (one ? " is" : " are") + " not sent anything (" + (one ? "it" : "each") + " would answer only the "
                        + "first), " + (one ? "its" : "their") + " connections wait in the listen backlog.");
    }

    public static boolean isFlag(String s) {
        for (Shape sh : values()) {
            if (sh.flag.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
