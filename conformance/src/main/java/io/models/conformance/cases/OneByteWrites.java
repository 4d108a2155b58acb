package io.models.conformance.cases;

import io.models.conformance.Messages;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.CompletableFuture;

/** {@code one-byte-writes}: the reply does not depend on how TCP splits the request. */
final class OneByteWrites {

    static final Case CASE = new Case("one-byte-writes", false, Case.SHORT, OneByteWrites::run);

    /** Text with multi-byte UTF-8 (split across writes below), and the bytes 0x00 and 0xff. */
    static final byte[] TEXT = Requests.concat("Hello, 世界! select/poll/epoll: 阻塞IO, 非阻塞IO, abc-xyz {}~ é\n".repeat(24)
            .getBytes(UTF_8), new byte[] {0, (byte) 0xff, 'q'});

    private OneByteWrites() {
    }

    static void run(Session s) throws CaseFailed {
        try (CaseClient whole = s.connect(Messages.get("label.one-write-client"))) {
            whole.send(TEXT);
            whole.expectReply(TEXT, Messages.get("label.one-write-reply"));
            whole.expectNothingMore(Messages.get("label.one-write-reply"));
        }
        try (CaseClient bytes = s.connect(Messages.get("label.byte-client"))) {
            CompletableFuture<Void> sending = bytes.sendByteByByte(TEXT);
            bytes.expectReply(TEXT, Messages.get("label.byte-reply"));
            s.await(sending, Messages.get("label.byte-last"));
            bytes.expectNothingMore(Messages.get("label.byte-reply"));
        }
    }
}
