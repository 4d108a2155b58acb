package io.models.common.connection;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.InterruptedByTimeoutException;

/** Why a connection ended. Every chapter counts and logs each the same way ({@link Connection#end}). */
public enum End {

    /** The client closed its side (end of stream) and every reply was sent. One INFO line. */
    EOF,
    /**
     * The client reset the connection or the pipe broke: the note's {@code ConnectionResetError}.
     * Normal on a network, not a bug: one INFO line, counted in {@code resets}.
     */
    RESET,
    /** The client sent nothing for {@code --idle-timeout}: one INFO line, counted in {@code timeouts}. */
    IDLE,
    /**
     * Handling it failed: a bug of ours or an injected fault, not the client's doing. One ERROR line
     * with the cause, counted in {@code errors}; the other connections go on.
     */
    FAULT,
    /** The server closed it: {@code close()}, Ctrl-C. A DEBUG line. */
    SERVER;

    /** What a failure on a connection means: a timeout, the server closing, the network, or our fault. */
    public static End of(Throwable e) {
        if (e instanceof SocketTimeoutException || e instanceof InterruptedByTimeoutException) {
            return IDLE;
        }
        if (e instanceof AsynchronousCloseException) { // closed (or interrupted) by close() while blocked
            return SERVER;
        }
        return e instanceof IOException ? RESET : FAULT;
    }
}
