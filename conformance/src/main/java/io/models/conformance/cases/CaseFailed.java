package io.models.conformance.cases;

/** A case found the server wrong: the message is the one line printed after {@code FAIL name: }. */
public class CaseFailed extends Exception {

    private static final long serialVersionUID = 1L;

    CaseFailed(String why) {
        super(why, null, false, false); // a verdict, not a crash: no stack trace to fill in
    }
}
