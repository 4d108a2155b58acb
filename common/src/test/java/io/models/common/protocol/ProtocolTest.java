package io.models.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.protocol.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    /** The rule, written the slow and obvious way: what the fast path must equal. */
    private static byte[] reference(byte[] in) {
        byte[] out = in.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Protocol.upper(out[i]);
        }
        return out;
    }

    @Test
    void everyByteValueAtEveryPositionOfAWord() {
        // Each of the 256 values at each of the 8 lanes of a long, next to every other lane value.
        for (int lane = 0; lane < 8; lane++) {
            for (int v = 0; v < 256; v++) {
                byte[] in = new byte[19];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (byte) (v * 31 + i * 97);
                }
                in[lane] = (byte) v;
                in[lane + 8] = (byte) v;
                assertThat(Protocol.upper(in)).as("value 0x%02x at lane %d", v, lane).isEqualTo(reference(in));
            }
        }
    }

    @Test
    void onlyAsciiLowercaseLettersChange() {
        for (int v = 0; v < 256; v++) {
            byte b = (byte) v;
            byte expected = (v >= 'a' && v <= 'z') ? (byte) (v - 32) : b;
            assertThat(Protocol.upper(b)).as("0x%02x", v).isEqualTo(expected);
            byte[] word = new byte[8];
            java.util.Arrays.fill(word, b);
            assertThat(Protocol.upper(word)).containsOnly(expected);
        }
    }

    @Test
    void randomBuffersAtRandomOffsetsHeapAndDirect() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            int off = data.length == 0 ? 0 : random.nextInt(data.length);
            int len = data.length == 0 ? 0 : random.nextInt(data.length - off + 1);

            byte[] heap = data.clone();
            Protocol.upper(heap, off, len);
            byte[] expected = data.clone();
            for (int i = off; i < off + len; i++) {
                expected[i] = Protocol.upper(expected[i]);
            }
            assertThat(heap).isEqualTo(expected);

            ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).position(off).limit(off + len);
            Protocol.upper(direct);
            assertThat(direct.position()).as("position untouched").isEqualTo(off);
            byte[] back = new byte[data.length];
            direct.clear().get(back);
            assertThat(back).isEqualTo(expected);
        }
    }

    @Test
    void likePythonBytesUpperNotLikeJavaStringUpperCase() {
        String text = "hello, wörld! ß straße ǆ ﬁ 世界 i ı";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] upper = Protocol.upper(utf8);
        // ASCII letters change; every byte of a multi-byte character stays (Python: b'...'.upper()).
        assertThat(new String(upper, StandardCharsets.UTF_8)).isEqualTo("HELLO, WöRLD! ß STRAßE ǆ ﬁ 世界 I ı");
        assertThat(upper).hasSameSizeAs(utf8);
        assertThat(text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)).as("String.toUpperCase differs")
                .isNotEqualTo(upper);
    }
}
