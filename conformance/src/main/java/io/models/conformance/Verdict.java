package io.models.conformance;

import java.time.Duration;

/** What one case found: {@code PASS name}, {@code FAIL name: why} or {@code SKIP name: why}. */
record Result(String name, Status status, String why, Duration time) {

    enum Status { PASS, FAIL, SKIP }

    static Result pass(String name, Duration time) {
        return new Result(name, Status.PASS, "", time);
    }

    static Result fail(String name, String why, Duration time) {
        return new Result(name, Status.FAIL, why, time);
    }

    static Result skip(String name, String why) {
        return new Result(name, Status.SKIP, why, Duration.ZERO);
    }

    boolean failed() {
        return status == Status.FAIL;
    }

    /** The line the checker prints for this case. */
    String line() {
        return status == Status.PASS ? "PASS " + name : status + " " + name + ": " + why;
    }
}
