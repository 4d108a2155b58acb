package io.models.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the caller of {@link LoadGen} and its worker threads share: the caller says go, opens and
 * closes the window and stops; the workers report the first wrong byte and the first errors.
 */
final class Control {

    private static final int MAX_ERROR_SAMPLES = 5;

    volatile boolean closing;
    volatile boolean go;
    /** A window is open: replies are counted and timed. */
    volatile boolean recording;
    /** Which window is open (or was last): the workers reset their counts when it changes. */
    volatile int windowGen;
    volatile long windowStart;

    private final AtomicReference<String> mismatch = new AtomicReference<>();
    private final List<String> errorSamples = new ArrayList<>();

    /** The first wrong byte (or failure of the generator itself) wins; the workers stop on it. */
    void mismatch(String what) {
        mismatch.compareAndSet(null, what);
    }

    boolean failed() {
        return mismatch.get() != null;
    }

    /** Throws if any reply so far was wrong. */
    void check() {
        String m = mismatch.get();
        if (m != null) {
            throw new LoadGen.MismatchException(m);
        }
    }

    /** A connection failed: the first few say how, in the results' notes. */
    synchronized void error(String sample) {
        if (errorSamples.size() < MAX_ERROR_SAMPLES) {
            errorSamples.add(sample);
        }
    }

    synchronized List<String> errorSamples() {
        return List.copyOf(errorSamples);
    }
}
