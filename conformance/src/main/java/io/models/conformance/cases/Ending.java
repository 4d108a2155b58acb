package io.models.conformance.cases;

import static io.models.conformance.cases.Requests.KIB;
import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Arrays;
import java.util.Random;

/** How a client ends its connection (resets-300 and cleanup). */
enum Ending {
    /** A round trip, then close(): FIN. */
    CLOSE,
    /** A round trip, then RST. */
    RESET_AFTER_REPLY,
    /** 256 KiB sent, the first byte of the reply read (the server is writing it), then RST. */
    RESET_MID_REPLY,
    /** RST right after connecting. */
    RESET_AT_ONCE;

    /** Client {@code i} connects and ends this way. */
    void client(Session s, int i) throws CaseFailed {
        CaseClient c = s.connect("client " + i);
        switch (this) {
            case CLOSE, RESET_AFTER_REPLY -> {
                byte[] sent = ("bye " + i).getBytes(US_ASCII);
                c.send(sent);
                c.expectReply(sent, "the reply before the " + (this == CLOSE ? "close" : "reset"));
                if (this == CLOSE) {
                    c.close();
                } else {
                    c.reset();
                }
            }
            case RESET_MID_REPLY -> {
                byte[] sent = Requests.random(256 * KIB, i);
                c.sendInChunks(sent, new Random(i), 64 * KIB, false); // fails once reset: nobody waits for it
                c.expectReply(Arrays.copyOf(sent, 1), "the first byte of the reply");
                c.reset();
            }
            case RESET_AT_ONCE -> c.reset();
        }
    }
}
