package io.models.bench.soak;

import io.models.bench.sweep.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/** The line {@code bench soak} prints a minute (and for the first sample): where the soak is and what the server holds. */
final class SoakProgress implements Consumer<Sample> {

    private final PrintStream out;
    private final Soak.Timing time;

    SoakProgress(PrintStream out, Soak.Timing time) {
        this.out = out;
        this.time = time;
    }

    @Override
    public void accept(Sample s) {
        long perMinute = Math.max(1, 60_000 / time.period().toMillis());
        long index = Math.round(s.seconds() * 1000 / time.period().toMillis());
        if (index % perMinute != 0 && s.seconds() + 1 < time.length().toSeconds()) {
            return;
        }
        double period = time.period().toMillis() / 1000.0;
        out.printf(Locale.ROOT, "soak: %s of %s  descriptors %d  threads %d  RSS %.1f MiB  heap after GC %s  "
                        + "%,.0f requests/s  %.0f MB/s streamed  %.0f resets/s%n", Progress.clock(s.seconds()),
                Progress.clock(time.length().toSeconds()), s.descriptors(), s.threads(), s.rssKiB() / 1024.0,
                s.heapKiB() < 0 ? "?" : String.format(Locale.ROOT, "%.1f MiB", s.heapKiB() / 1024.0),
                s.requests() / period, s.streamBytes() / period / 1e6, s.resets() / period);
        out.flush();
    }
}
