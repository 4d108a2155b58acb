package io.models.common.connection;

import io.models.common.server.ServerConfig;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * {@code --idle-timeout} for a loop thread (03, 04, 06, 08), by the rule every chapter follows: the idle
 * clock runs only while the server waits to read from a connection and has nothing left to send
 * it; every byte read, and every byte of a pending reply written, starts it again. (The blocking
 * chapters get the same rule from {@code SO_TIMEOUT} on each read, 05 from each read's timeout.)
 *
 * <p>No clock is read per message: the sweep runs every timeout/{@value #SWEEPS_PER_TIMEOUT} and
 * counts, per connection, the sweeps it has waited through in a row; one waiting for more than
 * {@value #SWEEPS_PER_TIMEOUT} has been silent for between 1 and 1.25 timeouts, and is ended.
 */
public final class IdleSweep implements LoopTimer {

    public static final int SWEEPS_PER_TIMEOUT = 4;

    private final long every;
    private final Supplier<? extends Collection<?>> connections;
    private long dueAt;

    private IdleSweep(ServerConfig config, Supplier<? extends Collection<?>> connections) {
        this.every = config.idleTimeout().toNanos() / SWEEPS_PER_TIMEOUT;
        this.connections = connections;
        this.dueAt = System.nanoTime() + every;
    }

    /** A sweep over a loop's own list of connections (03). */
    public static IdleSweep over(Collection<? extends NonBlockingConnection> connections, ServerConfig config) {
        return new IdleSweep(config, () -> connections);
    }

    /** A sweep over the connections attached to a selector's keys (04, 06). */
    public static IdleSweep overKeys(Selector selector, ServerConfig config) {
        return new IdleSweep(config, selector::keys);
    }

    @Override
    public boolean isSet() {
        return every > 0;
    }

    @Override
    public long dueAt() {
        return dueAt;
    }

    @Override
    public void run(long now) {
        for (Object each : connections.get()) { // ending one closes its channel; a key set changes at the next select
            Object c = each instanceof SelectionKey key ? key.attachment() : each;
            if (c instanceof NonBlockingConnection conn && !conn.isOver() && conn.quietFor(SWEEPS_PER_TIMEOUT)) {
                conn.end(End.IDLE);
            }
        }
        dueAt = now + every; // from now: two sweeps are never closer than that
    }
}
