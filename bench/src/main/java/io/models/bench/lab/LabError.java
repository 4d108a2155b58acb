package io.models.bench.lab;

/**
 * A request the lab refuses, with the HTTP status and one line that says why: the page shows the
 * line, a script reads it as {@code {"error": "..."}}.
 */
final class LabError extends RuntimeException {

    final int status;

    private LabError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: the input is wrong (a negative count, an unknown model, a flag out of range). */
    static LabError bad(String message) {
        return new LabError(400, message);
    }

    /** 403: a request from another site's page, or to a name that is not this machine. */
    static LabError forbidden(String message) {
        return new LabError(403, message);
    }

    /** 404: no such run, no such page. */
    static LabError notFound(String message) {
        return new LabError(404, message);
    }

    /** 405: the address is right, the method is not. */
    static LabError method(String message) {
        return new LabError(405, message);
    }

    /** 409: right input, wrong moment (too many runs going, a change to a run that has ended). */
    static LabError conflict(String message) {
        return new LabError(409, message);
    }
}
