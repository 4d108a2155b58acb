package io.models.conformance;

import java.time.Duration;

/**
 * What one case found: {@code PASS name}, {@code FAIL name: why} or {@code SKIP name: why}. Public
 * so that the grading package can score it.
 */
public record Verdict(String name, Status status, String why, Duration time) {

    public enum Status { PASS, FAIL, SKIP }

    static Verdict pass(String name, Duration time) {
        return new Verdict(name, Status.PASS, "", time);
    }

    static Verdict fail(String name, String why, Duration time) {
        return new Verdict(name, Status.FAIL, why, time);
    }

    static Verdict skip(String name, String why) {
        return new Verdict(name, Status.SKIP, why, Duration.ZERO);
    }

    boolean failed() {
        return status == Status.FAIL;
    }

    /** The line the checker prints for this case. */
    String line() {
        return status == Status.PASS ? "PASS " + name : status + " " + name + ": " + why;
    }
}
