package io.models.concepts;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened, in the order it happened, and on which thread. Each step of the tour marks its
 * events here; the tests prove a definition by the order of two events (the task finished before
 * {@code get()} returned; the caller went on before the task finished), not by a clock.
 */
final class Timeline {

    /** One event: its place in the order, when (since the timeline began), where, and what. */
    record Event(int order, long nanos, String thread, String key, String text) {
    }

    private final long start = System.nanoTime();
    private final List<Event> events = new ArrayList<>();

    /** Marks an event of the calling thread; the order is the order of the calls. */
    void mark(String key, String text) {
        add(Thread.currentThread().getName(), key, text);
    }

    /** Marks an event of the tour itself, which watches the others from outside. */
    void observer(String key, String text) {
        add("observer", key, text);
    }

    private synchronized void add(String thread, String key, String text) {
        events.add(new Event(events.size() + 1, System.nanoTime() - start, thread, key, text));
    }

    synchronized boolean has(String key) {
        return events.stream().anyMatch(e -> e.key().equals(key));
    }

    /** The event marked with {@code key}. */
    synchronized Event at(String key) {
        return events.stream().filter(e -> e.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no event '" + key + "' in " + events));
    }

    /** Whether {@code first} happened before {@code then}. */
    boolean before(String first, String then) {
        return at(first).order() < at(then).order();
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }
}
