package io.models.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * What grew after the first minute, and whether that is drift. The rule, for each series: its
 * <b>level</b> is the median of the first minute's last three samples (0:40, 0:50, 1:00), its
 * <b>end</b> the median of the last three samples of the run (a median of three, so that one
 * sample caught at a busy moment decides nothing); it drifted if the end is above the level by more
 * than it is allowed:
 * <ul>
 *   <li>open descriptors and threads: by the mix's connections that come and go (the reset clients', at
 *       most {@link Mix#coming} open at once; a thread-per-connection model holds a thread for each);</li>
 *   <li>RSS: by 10% of its level;</li>
 *   <li>heap after GC: by 10% of its level, or 1 MiB if that is more (a live heap of a few MiB
 *       moves by a few hundred KiB with what is in flight when the collection runs).</li>
 * </ul>
 * Going down is never drift.
 *
 * @param settle the first minute: what happens in it (JIT, the heap's first use) is not drift
 */
record Drift(List<Measure> measures, Duration settle) {

    /** Samples a level or an end is the median of. */
    static final int MEDIAN_OF = 3;
    static final double RSS_MARGIN = 0.10;
    static final double HEAP_MARGIN = 0.10;
    static final double HEAP_MARGIN_MIN_KIB = 1024;

    /**
     * One series judged.
     *
     * @param level   after the first minute; NaN if not measured
     * @param end     at the end of the run; NaN if not measured
     * @param peak    the most any sample after the first minute showed
     * @param allowed how much above the level the end may be
     * @param rule    the allowance in words
     */
    public record Measure(String name, String unit, double level, double end, double peak, double allowed, String rule) {

        public boolean measured() {
            return !Double.isNaN(level) && !Double.isNaN(end);
        }

        public double growth() {
            return end - level;
        }

        public boolean drifted() {
            return measured() && growth() > allowed;
        }
    }

    /** The four series judged by the rule; {@code samples} must reach past the first minute by at least three. */
    public static Drift of(List<Sample> samples, Duration settle, Mix mix) {
        double settleS = settle.toMillis() / 1000.0;
        List<Sample> first = samples.stream().filter(s -> s.seconds() <= settleS + 1e-6).toList();
        List<Sample> after = samples.stream().filter(s -> s.seconds() > settleS + 1e-6).toList();
        if (first.size() < MEDIAN_OF || after.size() < MEDIAN_OF) {
            throw new IllegalArgumentException("the drift needs " + MEDIAN_OF + " samples in the first " + settle.toSeconds()
                    + " s and " + MEDIAN_OF + " after; there are " + first.size() + " and " + after.size());
        }
        List<Sample> atLevel = first.subList(first.size() - MEDIAN_OF, first.size());
        List<Sample> atEnd = after.subList(after.size() - MEDIAN_OF, after.size());
        String coming = "the reset clients' connections, open at once at most";
        List<Measure> m = new ArrayList<>();
        m.add(measure("open descriptors", "", atLevel, atEnd, after, s -> s.descriptors(), level -> mix.coming(), coming));
        m.add(measure("threads", "", atLevel, atEnd, after, s -> s.threads(), level -> mix.coming(), coming));
        m.add(measure("RSS", "MiB", atLevel, atEnd, after, s -> s.rssKiB() / 1024.0, level -> level * RSS_MARGIN,
                "10% of the level"));
        m.add(measure("heap after GC", "MiB", atLevel, atEnd, after, s -> s.heapKiB() < 0 ? Double.NaN : s.heapKiB() / 1024.0,
                level -> Math.max(level * HEAP_MARGIN, HEAP_MARGIN_MIN_KIB / 1024), "10% of the level, at least 1 MiB"));
        return new Drift(m, settle);
    }

    private static Measure measure(String name, String unit, List<Sample> atLevel, List<Sample> atEnd, List<Sample> after,
                                   ToDoubleFunction<Sample> value, DoubleUnaryOperator allowed, String rule) {
        double level = median(atLevel, value);
        double end = median(atEnd, value);
        double peak = after.stream().mapToDouble(value).filter(v -> !Double.isNaN(v) && v >= 0).max().orElse(Double.NaN);
        return new Measure(name, unit, level, end, peak, Double.isNaN(level) ? Double.NaN : allowed.applyAsDouble(level), rule);
    }

    /** The median of the samples' values that were read (NaN or below zero: not read); NaN if none was. */
    static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
        double[] v = samples.stream().mapToDouble(value).filter(x -> !Double.isNaN(x) && x >= 0).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** True if no series drifted. */
    public boolean none() {
        return measures.stream().noneMatch(Measure::drifted);
    }

    /** The series that drifted, each in a few words: {@code open descriptors +57 (allowed +2)}. */
    public List<String> drifted() {
        return measures.stream().filter(Measure::drifted).map(Drift::say).toList();
    }

    static String say(Measure m) {
        boolean whole = m.unit().isEmpty();
        return whole ? String.format(Locale.ROOT, "%s %+.0f (allowed +%.0f)", m.name(), m.growth(), m.allowed())
                : String.format(Locale.ROOT, "%s %+.1f %s, %+.1f%% (allowed +%.1f %s)", m.name(), m.growth(), m.unit(),
                        100 * m.growth() / m.level(), m.allowed(), m.unit());
    }
}
