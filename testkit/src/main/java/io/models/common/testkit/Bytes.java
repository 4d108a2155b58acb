package io.models.common.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

/** Payloads and a comparison that names the first differing byte instead of printing megabytes. */
public final class Bytes {

    private Bytes() {
    }

    /** {@code n} bytes of every value 0..255, from a fixed seed. */
    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static void assertSameBytes(byte[] expected, byte[] actual) {
        if (Arrays.equals(expected, actual)) {
            return;
        }
        int i = Arrays.mismatch(expected, actual);
        fail("replies differ at byte %d of %d (got %d bytes): expected 0x%02x, got %s", i, expected.length,
                actual.length, i < expected.length ? expected[i] & 0xff : -1,
                i < actual.length ? "0x%02x".formatted(actual[i] & 0xff) : "nothing");
    }
}
