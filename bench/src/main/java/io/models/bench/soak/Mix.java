package io.models.bench.soak;

import java.time.Duration;

/**
 * The soak's load, all of it at once for the whole run: ping-pong connections and idle ones (the
 * benchmark's load generator), a stream (the same), clients that connect and reset, and a client
 * that stops reading for a while, then drains.
 *
 * @param pingPong      connections that send {@code pingPongBytes}, wait for the whole reply, check it, send the next
 * @param pingPongBytes each ping-pong request's size (the reply is as long)
 * @param idle          connections answered once, then silent to the end
 * @param streamBytes   the stream's writes: one connection writes chunks this long without pause and checks the
 *                      reply stream
 * @param resetters     clients that connect and reset ({@code SO_LINGER} 0), over and over, each on its own thread:
 *                      at most this many of their connections are open at once
 * @param resetPause    each reset client's pause between two connections
 * @param stall         how long the slow reader stops reading (it goes on writing until the server stops taking)
 * @param flow          then, after it has read back everything, how long it writes and reads as a stream would
 */
record Mix(int pingPong, int pingPongBytes, int idle, int streamBytes, int resetters, Duration resetPause,
                  Duration stall, Duration flow) {

    /** The soak's mix: 20 ping-pong, 200 idle, a stream, 2 reset clients, a slow reader that stops for 30 s. */
    public static final Mix STANDARD = new Mix(20, 64, 200, 64 * 1024, 2, Duration.ofMillis(50),
            Duration.ofSeconds(30), Duration.ofSeconds(10));

    /** Connections open all the time: ping-pong, idle, the stream and the slow reader. */
    public int held() {
        return pingPong + idle + 1 + 1;
    }

    /**
     * Connections that come and go (the reset clients'): the most the server's descriptors, or its
     * threads for a thread per connection, may be above their level at any moment without a leak.
     */
    public int coming() {
        return resetters;
    }

    /** The mix in one line, for the report and the progress line. */
    public String describe() {
        return "%d ping-pong connections (%d B), %d idle, a stream (%d KiB writes), %d reset clients, a slow reader "
                .formatted(pingPong, pingPongBytes, idle, streamBytes / 1024, resetters)
                + "(stops reading for %d s, then drains)".formatted(stall.toSeconds());
    }
}
