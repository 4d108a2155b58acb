package io.models.common.server;

import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** The counts of a server's select loops: the selectors its model registered and how often they woke. */
final class SelectLoops implements EventLoop {

    private final List<Selector> selectors = new CopyOnWriteArrayList<>();
    private final LongAdder wakeups = new LongAdder();

    void add(Selector selector) {
        selectors.add(selector);
    }

    void woke() {
        wakeups.increment();
    }

    /** These counts, or null if the model registered no selector. */
    EventLoop ifAny() {
        return selectors.isEmpty() ? null : this;
    }

    @Override
    public long wakeups() {
        return wakeups.sum();
    }

    @Override
    public int keyCount() { // racy reads from another thread: fine for a count
        return selectors.stream().mapToInt(s -> s.keys().size()).sum();
    }
}
