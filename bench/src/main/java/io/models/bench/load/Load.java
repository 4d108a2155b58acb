package io.models.bench.load;

/**
 * What the load generator does to one server.
 *
 * @param kind         ping-pong or stream, for the active connections
 * @param active       connections that send all the time
 * @param messageBytes ping-pong: bytes per request (the reply is as long); stream: bytes per write
 * @param idle         connections that are opened and then left alone
 * @param touch        before the load starts, send one 64 B request on every connection, active
 *                     and idle, and wait for its reply: every connection is then known to be
 *                     accepted and served, and the load starts on all active ones at once. False
 *                     for the idle connections of a model that serves one at a time (it would
 *                     answer only the first) and for a fixed pool (it answers only as many as it
 *                     has threads): there the active connections start as soon as they are open
 */
public record Load(Kind kind, int active, int messageBytes, int idle, boolean touch) {

    public enum Kind {
        /** Each connection sends a message, waits for the whole reply, checks it, sends the next. */
        PING_PONG,
        /** Each connection writes without pause and reads the reply stream as it comes. */
        STREAM
    }

    /** Bytes of the request sent once on each connection before the load starts. */
    public static final int TOUCH_BYTES = 64;

    public Load {
        if (active < 0 || idle < 0 || active + idle == 0) {
            throw new IllegalArgumentException("need at least one connection, got " + active + " active and " + idle + " idle");
        }
        if (messageBytes < 1) {
            throw new IllegalArgumentException("message size must be at least 1 byte");
        }
    }

    public static Load pingPong(int connections, int bytes) {
        return new Load(Kind.PING_PONG, connections, bytes, 0, true);
    }

    /** Ping-pong that starts on each connection as soon as it is open, nothing answered first. */
    public static Load pingPongAtOnce(int connections, int bytes) {
        return new Load(Kind.PING_PONG, connections, bytes, 0, false);
    }

    public static Load stream(int connections, int bytes) {
        return new Load(Kind.STREAM, connections, bytes, 0, true);
    }

    public static Load idle(int connections, boolean touch) {
        return new Load(Kind.PING_PONG, 0, TOUCH_BYTES, connections, touch);
    }

    public static Load mixed(int active, int bytes, int idle) {
        return new Load(Kind.PING_PONG, active, bytes, idle, true);
    }

    public int connections() {
        return active + idle;
    }
}
