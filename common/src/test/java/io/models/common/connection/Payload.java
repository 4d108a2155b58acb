package io.models.common.connection;

import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

/** Payloads for common's own tests, and a comparison that names the first differing byte. */
final class Payload {

    private Payload() {
    }

    /** {@code n} bytes of every value 0..255, from a fixed seed. */
    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void assertSameBytes(byte[] expected, byte[] actual) {
        int i = Arrays.mismatch(expected, actual);
        if (i >= 0) {
            fail("replies differ at byte %d of %d (got %d bytes)", i, expected.length, actual.length);
        }
    }
}
