package io.models.common.server;

/**
 * One reading of a server's counters.
 *
 * @param active      connections open right now (accepted and not yet closed)
 * @param accepted    connections accepted since start
 * @param closed      connections closed since start, for any reason
 * @param resets      of those closed, how many ended with an IO error: the peer reset the
 *                    connection (the note's {@code ConnectionResetError}) or the pipe broke
 * @param refused     connections over {@code --max-connections}, closed as soon as accepted
 *                    (not counted in accepted or closed)
 * @param timeouts    of those closed, how many were closed for sending nothing for
 *                    {@code --idle-timeout}
 * @param errors      of those closed, how many were closed because handling them failed (a bug
 *                    or an injected fault: logged as an ERROR with its cause)
 * @param bytesIn     bytes read from clients
 * @param bytesOut    bytes written to clients
 * @param bytesPending bytes read and not yet written back, over all connections
 */
public record Stats(long active, long accepted, long closed, long resets, long refused, long timeouts,
                    long errors, long bytesIn, long bytesOut, long bytesPending) {

    @Override
    public String toString() {
        return ("active %d, accepted %d, closed %d, resets %d, refused %d, timeouts %d, errors %d, "
                + "bytes in %d, out %d, pending %d")
                .formatted(active, accepted, closed, resets, refused, timeouts, errors, bytesIn, bytesOut, bytesPending);
    }
}
