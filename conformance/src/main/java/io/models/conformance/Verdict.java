package io.models.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one case found: {@code PASS name} (or {@code PASS name: what it saw}, for a case that tells
 * something, such as the model), {@code FAIL name: why} or {@code SKIP name: why}; then, indented,
 * the details: the evidence a case gathered, the server's last lines after a failure. Public so that
 * the grading package can score it.
 */
public record Verdict(String name, Status status, String why, Duration time, List<String> details) {

    public enum Status { PASS, FAIL, SKIP }

    public Verdict {
        details = List.copyOf(details);
    }

    /** A verdict with no details. */
    public Verdict(String name, Status status, String why, Duration time) {
        this(name, status, why, time, List.of());
    }

    static Verdict pass(String name, Duration time) {
        return pass(name, "", time);
    }

    static Verdict pass(String name, String saw, Duration time) {
        return new Verdict(name, Status.PASS, saw, time, List.of());
    }

    static Verdict fail(String name, String why, Duration time) {
        return new Verdict(name, Status.FAIL, why, time, List.of());
    }

    static Verdict skip(String name, String why) {
        return new Verdict(name, Status.SKIP, why, Duration.ZERO, List.of());
    }

    /** The same with {@code more} details after those it has. */
    Verdict withDetails(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(details);
        all.addAll(more);
        return new Verdict(name, status, why, time, all);
    }

    boolean failed() {
        return status == Status.FAIL;
    }

    /** The line the checker prints for this case. */
    String line() {
        return why.isEmpty() ? status + " " + name : status + " " + name + ": " + why;
    }

    /** The line, then each detail indented by two spaces: what the checker prints. */
    List<String> lines() {
        List<String> all = new ArrayList<>(List.of(line()));
        details.forEach(d -> all.add("  " + d));
        return all;
    }
}
