package io.models.conformance.cases;

import java.util.Arrays;
import java.util.Random;

/** The bytes the cases send: random ones from a seed (the same every run), and two arrays joined. */
final class Requests {

    static final int KIB = 1024;
    static final int MIB = 1024 * 1024;

    private Requests() {
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The bytes of a request written as ASCII text ("bye 7"): what is sent, not a message. */
    static byte[] ascii(String request) {
        return request.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
