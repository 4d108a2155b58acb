package io.models.conformance.cases;

import io.models.conformance.Messages;
import java.util.List;

/**
 * The cases, in the order they run. Each knows the server only by the protocol (every byte back,
 * ASCII a-z upper-cased, nothing else changed, nothing added) and, for the last three, by /proc.
 * A new case is a class of this package, one line here, and its description ({@code case.NAME})
 * in the messages.
 */
public final class Cases {

    public static final List<Case> ALL = List.of(
            EveryByte.CASE,
            OneByteWrites.CASE,
            RandomChunks.CASE,
            Concurrent100.CASE,
            Held1000.CASE,
            HalfClose.CASE,
            Resets300.CASE,
            SlowReader.CASE,
            BlocksOthers.IDLE_CLIENT,
            BlocksOthers.SLOW_READER,
            Latency.CASE,
            IdleKeptOpen.CASE,
            ProcessCases.CLEANUP,
            ProcessCases.IDLE_CPU,
            ModelCase.CASE);

    private Cases() {
    }

    /** What the idle-client case says of a server that serves one client at a time. */
    public static String oneAtATime() {
        return Messages.get("blocks.one-at-a-time");
    }

    /** The case called {@code name}, or null. */
    public static Case named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    public static List<String> names() {
        return ALL.stream().map(Case::name).toList();
    }
}
