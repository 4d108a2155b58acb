package io.models.conformance.cases;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.protocol.Protocol;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How a wrong reply is described: the first wrong byte, and what probably happened. */
class RepliesTest {

    static final byte[] SENT = Requests.random(4096, 1);

    @Test
    void theRightReplyPasses() {
        assertThatCode(() -> Replies.expectUpper(SENT, Protocol.upper(SENT), "the reply")).doesNotThrowAnyException();
        assertThatCode(() -> Replies.expectUpperPrefix(SENT, Arrays.copyOf(Protocol.upper(SENT), 100), "the reply"))
                .doesNotThrowAnyException();
    }

    @Test
    void aLetterNotUpperCased() {
        byte[] sent = "hello".getBytes(US_ASCII);
        assertThatThrownBy(() -> Replies.expectUpper(sent, "HeLLO".getBytes(US_ASCII), "the reply"))
                .hasMessage("the reply differs at byte 1 of 5: sent 0x65 'e', expected 0x45 'E', got 0x65 'e' "
                        + "(not upper-cased); from there it should read \"ELLO\", it reads \"eLLO\"");
    }

    @Test
    void aByteBeyondAsciiChanged() {
        byte[] got = Protocol.upper(SENT);
        int i = indexOf(SENT, (byte) 0xe0);
        got[i] = (byte) 0xc0;
        assertThatThrownBy(() -> Replies.expectUpper(SENT, got, "the reply"))
                .hasMessageStartingWith("the reply differs at byte " + i + " of 4096: sent 0xe0, expected 0xe0, got 0xc0 "
                        + "(only ASCII a-z may change; every other byte comes back as it was)");
    }

    @Test
    void extraBytesInTheMiddle() {
        byte[] up = Protocol.upper(SENT);
        byte[] got = Requests.concat(Requests.concat(Arrays.copyOf(up, 1024), "_SB".getBytes(US_ASCII)),
                Arrays.copyOfRange(up, 1024, up.length - 3));
        assertThatThrownBy(() -> Replies.expectUpper(SENT, got, "the reply"))
                .hasMessageContaining("differs at byte 1024 of 4096").hasMessageContaining("(3 extra bytes before it: \"_SB\")");
    }

    @Test
    void bytesLostInTheMiddle() {
        byte[] up = Protocol.upper(SENT);
        byte[] got = Requests.concat(Arrays.copyOf(up, 1000), Arrays.copyOfRange(up, 1100, up.length));
        assertThatThrownBy(() -> Replies.expectUpperPrefix(SENT, got, "the reply"))
                .hasMessageContaining("differs at byte 1000 of").hasMessageContaining("(100 bytes of the reply lost before it)");
    }

    @Test
    void aReplyTooShortOrTooLong() {
        byte[] up = Protocol.upper(SENT);
        assertThatThrownBy(() -> Replies.expectUpper(SENT, Arrays.copyOf(up, 10), "the reply"))
                .hasMessage("the reply is 10 bytes for 4096 sent: it ends early (the first 10 are right)");
        assertThatThrownBy(() -> Replies.expectUpper(SENT, Requests.concat(up, "\n".getBytes(US_ASCII)), "the reply"))
                .hasMessage("the reply is 4097 bytes for 4096 sent: after the whole reply came \"\\x0a\" (a reply is "
                        + "exactly as long as the request)");
    }

    @Test
    void bytesAreShownReadably() {
        byte[] b = new byte[40];
        Arrays.fill(b, (byte) 'x');
        b[0] = '"';
        b[1] = (byte) 0xff;
        assertThatCode(() -> { }).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThat(Replies.show(b, 0, b.length))
                .isEqualTo("\"\\x22\\xffxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" and 8 more");
        org.assertj.core.api.Assertions.assertThat(Replies.show((byte) 'A')).isEqualTo("0x41 'A'");
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new AssertionError("not in the payload: " + v);
    }
}
