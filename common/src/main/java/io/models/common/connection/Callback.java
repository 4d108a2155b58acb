package io.models.common.connection;

import java.nio.channels.SelectionKey;

/**
 * What the note's {@code selectors} server keeps in a key's data: the function to call when the
 * key's socket is ready. The note registers it ({@code sel.register(conn, EVENT_READ, read)}) and
 * its loop calls it ({@code callback=sel_obj.data; callback(sel_obj.fileobj, mask)}).
 *
 * <p>Here a callback also says what it wants next, and the loop alone applies it (the shape of
 * Eli Bendersky's epoll server): {@link SelectionKey#OP_READ} to wait for the client,
 * {@link SelectionKey#OP_WRITE} while a reply is pending, 0 to wait for neither for now (08, while a
 * worker holds the request), or {@link #ENDED} when the connection has ended (its channel is closed,
 * so its key is cancelled).
 */
@FunctionalInterface
public interface Callback {

    /** Returned by a callback whose connection has ended. Not 0, which means "neither, for now". */
    int ENDED = -1;

    /** The key is ready: do what it is ready for, and return the interest wanted next, or {@link #ENDED}. */
    int onReady(SelectionKey key);

    /**
     * The loop's one dispatch: calls the key's callback and applies the interest it returns. Every
     * loop over a selector (04, 06, 08) hands each ready key to this.
     */
    static void dispatch(SelectionKey key) {
        int next = ((Callback) key.attachment()).onReady(key); // callback=sel_obj.data; callback(sel_obj.fileobj, mask)
        if (next != ENDED) {
            key.interestOps(next);
        }
    }
}
