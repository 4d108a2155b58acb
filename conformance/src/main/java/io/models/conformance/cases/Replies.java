package io.models.conformance.cases;

import io.models.common.protocol.Protocol;
import io.models.conformance.Messages;
import java.util.Arrays;
import java.util.Locale;

/** Compares a reply with what the protocol says it must be, and names the first wrong byte. */
final class Replies {

    /** How far a shifted reply is looked for, to tell "bytes lost" or "bytes extra" from "wrong". */
    private static final int MAX_SHIFT = 64 * 1024;
    private static final int SHIFT_PROBE = 32;

    private Replies() {
    }

    /** Fails unless {@code got} is exactly {@code sent} upper-cased: same length, ASCII a-z changed, nothing else. */
    static void expectUpper(byte[] sent, byte[] got, String what) throws CaseFailed {
        byte[] expected = Protocol.upper(sent);
        if (Arrays.equals(expected, got)) {
            return;
        }
        int i = Arrays.mismatch(expected, got);
        if (i >= got.length) {
            throw new CaseFailed(Messages.get("reply.short", what, got.length, sent.length));
        }
        if (i >= expected.length) {
            throw new CaseFailed(Messages.get("reply.long", what, got.length, sent.length, show(got, i, got.length - i)));
        }
        throw new CaseFailed(Messages.get("reply.differs", what, i, sent.length, show(sent[i]), show(expected[i]),
                show(got[i]), hint(sent, expected, got, i), show(expected, i, expected.length - i, 16),
                show(got, i, got.length - i, 16)));
    }

    /**
     * Fails if {@code partial}, the start of a reply that stopped coming, already differs from what
     * was due: a wrong byte says more than the silence after it.
     */
    static void expectUpperPrefix(byte[] sent, byte[] partial, String what) throws CaseFailed {
        byte[] expected = Protocol.upper(sent);
        int n = Math.min(partial.length, expected.length);
        if (Arrays.equals(expected, 0, n, partial, 0, n) && partial.length <= expected.length) {
            return;
        }
        expectUpper(Arrays.copyOf(sent, partial.length), partial, what);
    }

    private static String hint(byte[] sent, byte[] expected, byte[] got, int i) {
        boolean lower = sent[i] >= 'a' && sent[i] <= 'z';
        if (lower && got[i] == sent[i]) {
            return " " + Messages.get("reply.not-upper");
        }
        if (inStep(got, expected, i + 1)) { // one byte changed, the rest in step
            return lower ? "" : " " + Messages.get("reply.only-ascii");
        }
        for (int k = 1; k <= MAX_SHIFT; k++) {
            if (matches(got, i + k, expected, i)) {
                return " " + Messages.get(k == 1 ? "reply.extra-byte" : "reply.extra-bytes", k, show(got, i, k));
            }
            if (matches(got, i, expected, i + k)) {
                return " " + Messages.get(k == 1 ? "reply.lost-byte" : "reply.lost-bytes", k);
            }
        }
        return "";
    }

    /** True if {@code got} and {@code expected} agree from {@code from} for up to {@value #SHIFT_PROBE} bytes. */
    private static boolean inStep(byte[] got, byte[] expected, int from) {
        int n = Math.min(SHIFT_PROBE, expected.length - from);
        return from + n <= got.length && Arrays.equals(got, from, from + n, expected, from, from + n);
    }

    /** True if {@code a} from {@code ai} and {@code b} from {@code bi} agree for {@value #SHIFT_PROBE} bytes. */
    private static boolean matches(byte[] a, int ai, byte[] b, int bi) {
        return ai + SHIFT_PROBE <= a.length && bi + SHIFT_PROBE <= b.length
                && Arrays.equals(a, ai, ai + SHIFT_PROBE, b, bi, bi + SHIFT_PROBE);
    }

    /** One byte as {@code 0x61 'a'}, or {@code 0xe0} when it is not printable ASCII. */
    static String show(byte b) {
        int v = b & 0xff;
        return v >= 0x20 && v < 0x7f ? "0x%02x '%c'".formatted(v, (char) v) : "0x%02x".formatted(v);
    }

    /** Up to 32 bytes from {@code off} as a quoted string, non-printable ones as \xNN. */
    static String show(byte[] b, int off, int len) {
        return show(b, off, len, 32);
    }

    /** Up to {@code max} bytes from {@code off} as a quoted string, non-printable ones as \xNN. */
    static String show(byte[] b, int off, int len, int max) {
        StringBuilder s = new StringBuilder("\"");
        int n = Math.min(len, max);
        for (int j = off; j < off + n; j++) {
            int v = b[j] & 0xff;
            if (v >= 0x20 && v < 0x7f && v != '"' && v != '\\') {
                s.append((char) v);
            } else {
                s.append("\\x%02x".formatted(v));
            }
        }
        s.append('"');
        if (len > n) {
            s.append(' ').append(Messages.get("reply.and-more", len - n));
        }
        return s.toString();
    }

    /** A duration in seconds, for a message: {@code 5}, {@code 2.5}. */
    static String seconds(java.time.Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }

    /** A share of a core, for a message: {@code 97%}. */
    static String percent(double p) {
        return String.format(Locale.ROOT, "%.0f%%", p);
    }
}
