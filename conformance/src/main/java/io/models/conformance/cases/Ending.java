package io.models.conformance.cases;

import io.models.conformance.Messages;
import static io.models.conformance.cases.Requests.KIB;

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
        CaseClient c = s.connect(Messages.get("label.client-n", i));
        switch (this) {
            case CLOSE, RESET_AFTER_REPLY -> {
                byte[] sent = Requests.ascii("bye " + i);
                c.send(sent);
                c.expectReply(sent, Messages.get(this == CLOSE ? "label.reply-before-close" : "label.reply-before-reset"));
                if (this == CLOSE) {
                    c.close();
                } else {
                    c.reset();
                }
            }
            case RESET_MID_REPLY -> {
                byte[] sent = Requests.random(256 * KIB, i);
                c.sendInChunks(sent, new Random(i), 64 * KIB, false); // fails once reset: nobody waits for it
                c.expectReply(Arrays.copyOf(sent, 1), Messages.get("label.first-byte"));
                c.reset();
            }
            case RESET_AT_ONCE -> c.reset();
        }
    }
}
