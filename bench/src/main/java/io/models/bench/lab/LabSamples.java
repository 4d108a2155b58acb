package io.models.bench.lab;

import java.util.ArrayList;
import java.util.List;

/** A lab run's samples, one a second: added by the run's thread, read by the page's requests. */
final class LabSamples {

    private final List<LabSample> samples = new ArrayList<>();

    synchronized void add(LabSample s) {
        samples.add(s);
    }

    /** Samples from number {@code from} on (0: all). */
    synchronized List<LabSample> from(int from) {
        return from >= samples.size() ? List.of() : List.copyOf(samples.subList(Math.max(0, from), samples.size()));
    }

    synchronized int count() {
        return samples.size();
    }
}
