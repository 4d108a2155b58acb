package io.models.common.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The protocol every chapter serves: each byte that arrives goes back with ASCII {@code a}-{@code z}
 * turned into {@code A}-{@code Z}, every other byte unchanged, exactly like Python's
 * {@code bytes.upper()} in the note. Multi-byte UTF-8 passes through untouched (all its bytes are
 * {@code >= 0x80}).
 *
 * <p>The transform is per byte, so the reply never depends on how TCP splits the stream, and it is as
 * long as the request. It works in place and has no per-byte branch: eight bytes at a time are
 * tested for {@code 'a' <= b <= 'z'} with carry-free additions (SWAR), and the 0x20 bit of those
 * that are is cleared.
 */
public final class Protocol {

    private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final long HIGH = 0x8080_8080_8080_8080L;
    private static final long TO_A = 0x1F1F_1F1F_1F1F_1F1FL; // 0x80 - 'a': high bit set iff b >= 'a'
    private static final long PAST_Z = 0x0505_0505_0505_0505L; // 0x80 - ('z' + 1): set iff b > 'z'

    private Protocol() {
    }

    /** Upper-cases the bytes between the buffer's position and limit, in place; moves nothing. */
    public static void upper(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        int i = b.position();
        int end = b.limit();
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            b.putLong(i, upper8(b.getLong(i)));
        }
        for (; i < end; i++) {
            b.put(i, upper(b.get(i)));
        }
    }

    /** Upper-cases {@code len} bytes of {@code bytes} from {@code off}, in place. */
    public static void upper(byte[] bytes, int off, int len) {
        upper(ByteBuffer.wrap(bytes, off, len));
    }

    /** A copy of {@code bytes}, upper-cased: what the server must send back for them. */
    public static byte[] upper(byte[] bytes) {
        byte[] copy = bytes.clone();
        upper(copy, 0, copy.length);
        return copy;
    }

    /** Eight bytes at once: bytes in {@code 'a'..'z'} lose their 0x20 bit, the others stay. */
    static long upper8(long x) {
        long low = x & LOW7; // each byte's low seven bits: adding below cannot carry into the next
        long atLeastA = low + TO_A;
        long pastZ = low + PAST_Z;
        long lower = atLeastA & ~pastZ & ~x & HIGH; // 0x80 in each byte that is 'a'..'z' (and ASCII)
        return x ^ (lower >>> 2); // 0x80 >>> 2 == 0x20
    }

    /** One byte, the same rule; the reference the fast path is tested against. */
    static byte upper(byte b) {
        return (b >= 'a' && b <= 'z') ? (byte) (b - ('a' - 'A')) : b;
    }
}
