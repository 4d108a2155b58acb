package io.models.bench.lab;

import io.models.common.chapter.Text;

/**
 * A request the lab refuses, with the HTTP status and one line that says why, in both languages:
 * a script reads {@code {"error": "..."}} (the English), the page shows {@code errorText} in its
 * own language, and again in the other one when the reader switches.
 */
final class LabError extends RuntimeException {

    final int status;
    final Text text;

    private LabError(int status, Text text) {
        super(text.en(), null, false, false);
        this.status = status;
        this.text = text;
    }

    /** 400: the input is wrong (a negative count, an unknown model, a flag out of range). */
    static LabError bad(String en, String zh) {
        return new LabError(400, new Text(en, zh));
    }

    /** 403: a request from another site's page, or to a name that is not this machine. */
    static LabError forbidden(String en, String zh) {
        return new LabError(403, new Text(en, zh));
    }

    /** 404: no such run, no such page. */
    static LabError notFound(String en, String zh) {
        return new LabError(404, new Text(en, zh));
    }

    /** 405: the address is right, the method is not. */
    static LabError method(String en, String zh) {
        return new LabError(405, new Text(en, zh));
    }

    /** 409: right input, wrong moment (too many runs going, a change to a run that has ended). */
    static LabError conflict(String en, String zh) {
        return new LabError(409, new Text(en, zh));
    }
}
