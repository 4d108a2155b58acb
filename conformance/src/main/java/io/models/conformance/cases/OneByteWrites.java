package io.models.conformance.cases;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.CompletableFuture;

/** {@code one-byte-writes}: the reply does not depend on how TCP splits the request. */
final class OneByteWrites {

    static final Case CASE = new Case("one-byte-writes", "a request sent one byte per write gets the same reply as in "
            + "one write: the reply does not depend on how TCP splits the stream", false, Case.SHORT, OneByteWrites::run);

    /** Text with multi-byte UTF-8 (split across writes below), and the bytes 0x00 and 0xff. */
    static final byte[] TEXT = Requests.concat("Hello, 世界! select/poll/epoll: 阻塞IO, 非阻塞IO, abc-xyz {}~ é\n".repeat(24)
            .getBytes(UTF_8), new byte[] {0, (byte) 0xff, 'q'});

    private OneByteWrites() {
    }

    static void run(Session s) throws CaseFailed {
        try (CaseClient whole = s.connect("the client sending in one write")) {
            whole.send(TEXT);
            whole.expectReply(TEXT, "the reply to one write");
            whole.expectNothingMore("the reply to one write");
        }
        try (CaseClient bytes = s.connect("the client sending one byte per write")) {
            CompletableFuture<Void> sending = bytes.sendByteByByte(TEXT);
            bytes.expectReply(TEXT, "the reply to one byte per write");
            s.await(sending, "the last of the one-byte writes");
            bytes.expectNothingMore("the reply to one byte per write");
        }
    }
}
