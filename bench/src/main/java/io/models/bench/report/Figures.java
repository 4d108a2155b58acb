package io.models.bench.report;

import io.models.bench.sweep.Measurement;
import java.util.Locale;

/** A row's figures as the report's tables print them: rounded, grouped, "—" where there is none. */
final class Figures {

    private Figures() {
    }

    /** The model, and **load-bound** where the row measured its load generator. */
    static String name(Measurement r) {
        return r.step().subject().name() + (r.loadBound() ? " **load-bound**" : "");
    }

    static String genCpu(Measurement r) {
        double g = r.sides().generatorCpuSeconds();
        return Double.isNaN(g) ? "—" : f2(g);
    }

    static String rate(Measurement r) {
        return String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond());
    }

    static String mb(Measurement r) {
        return f1(r.mbPerSecond());
    }

    static String cpu(Measurement r) {
        return Double.isNaN(r.cpuSeconds()) ? "—" : f2(r.cpuSeconds());
    }

    static String cpuPercent(Measurement r) {
        return Double.isNaN(r.cpuSeconds()) ? "—" : f2(r.cpuPercent()) + "%";
    }

    static String perMb(Measurement r) {
        return r.replyBytes() > 0 && !Double.isNaN(r.cpuSeconds()) ? f2(r.cpuSeconds() * 1e3 / (r.replyBytes() / 1e6)) : "—";
    }

    static String perRequest(Measurement r) {
        double v = r.cpuPerRequestUs();
        return Double.isNaN(v) || Double.isInfinite(v) ? "—" : f1(v);
    }

    static String threads(Measurement r) {
        return r.threads() > 0 ? Integer.toString(r.threads()) : "—";
    }

    static String rss(Measurement r) {
        return r.rssKiB() > 0 ? String.format(Locale.ROOT, "%.0f", r.rssMiB()) : "—";
    }

    static String errs(Measurement r) {
        return r.errors() == 0 ? "0" : "**" + r.errors() + "**";
    }

    static String starved(Measurement r) {
        return r.starved() == 0 ? "0" : "**" + num(r.starved()) + "**";
    }

    /** ns to µs: one decimal below 100 µs, none above. */
    static String us(long ns) {
        if (ns < 0) {
            return "—";
        }
        double us = ns / 1e3;
        return us < 100 ? f1(us) : String.format(Locale.ROOT, "%,.0f", us);
    }

    static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
