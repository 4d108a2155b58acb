package io.models.bench.load;

import io.models.common.protocol.Protocol;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * What is sent, and what must come back: {@link #COUNT} random requests of the load's message size,
 * and the one request every connection is answered before the load. Direct buffers are written;
 * heap ones compared. Read-only once made, shared by every worker.
 */
public final class Payloads {

    /** Distinct random requests; connection i's request r is number (i + r) % COUNT. */
    static final int COUNT = 8;

    private final ByteBuffer[] requests = new ByteBuffer[COUNT];
    private final ByteBuffer[] replies = new ByteBuffer[COUNT];
    final ByteBuffer touchRequest;
    final ByteBuffer touchReply;

    Payloads(int messageBytes) {
        Random random = new Random(42);
        for (int k = 0; k < COUNT; k++) {
            byte[] bytes = randomText(random, messageBytes);
            requests[k] = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            replies[k] = ByteBuffer.wrap(Protocol.upper(bytes));
        }
        byte[] touch = randomText(random, Load.TOUCH_BYTES);
        touchRequest = ByteBuffer.allocateDirect(touch.length).put(touch).flip();
        touchReply = ByteBuffer.wrap(Protocol.upper(touch));
    }

    ByteBuffer request(int k) {
        return requests[k];
    }

    ByteBuffer reply(int k) {
        return replies[k];
    }

    /**
     * Random bytes, half of them lower-case ASCII letters, the rest any byte (so there are capitals,
     * digits, controls and bytes >= 0x80 too): every case of the protocol in every message.
     */
    public static byte[] randomText(Random random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = random.nextBoolean() ? (byte) ('a' + random.nextInt(26)) : (byte) random.nextInt(256);
        }
        return b;
    }
}
