package io.models.common.connection;

import java.nio.channels.SelectionKey;

/**
 * What the note's {@code selectors} server keeps in a key's data: the function to call when the
 * key's socket is ready ({@code sel.register(conn, EVENT_READ, read)}, then
 * {@code callback = key.data; callback(key.fileobj, mask)}).
 */
@FunctionalInterface
public interface Callback {

    void onReady(SelectionKey key);
}
