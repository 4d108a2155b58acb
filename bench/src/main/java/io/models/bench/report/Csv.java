package io.models.bench.report;

import io.models.bench.load.Load;
import io.models.bench.sweep.Measurement;
import java.util.List;
import java.util.Locale;

/** Every row as CSV ({@code <name>.csv} beside the report), for anyone who wants to plot or compare runs. */
public final class Csv {

    private Csv() {
    }

    public static String of(List<Measurement> results) {
        StringBuilder b = new StringBuilder("shape,model,active,idle,message_bytes,ran,seconds,requests,reply_bytes,"
                + "requests_per_s,mb_per_s,p50_us,p99_us,p999_us,server_cpu_s,cpu_window_s,cpu_us_per_request,"
                + "threads,rss_kib,errors,starved,runs,generator,pinned,generator_cpu_s,generator_cores,server_cores,load_bound\n");
        for (Measurement r : results) {
            Load l = r.step().load();
            b.append(String.join(",", r.step().shape().name().toLowerCase(Locale.ROOT), '"' + r.step().subject().name() + '"',
                    Integer.toString(l.active()), Integer.toString(l.idle()), Integer.toString(l.messageBytes()),
                    Boolean.toString(r.ran()), num(r.seconds()), Long.toString(r.requests()), Long.toString(r.replyBytes()),
                    num(r.requestsPerSecond()), num(r.mbPerSecond()), us(r.p50Ns()), us(r.p99Ns()), us(r.p999Ns()),
                    num(r.cpuSeconds()), num(r.cpuWindow()), num(r.cpuPerRequestUs()), Integer.toString(r.threads()),
                    Long.toString(r.rssKiB()), Long.toString(r.errors()), Long.toString(r.starved()),
                    '"' + String.join(" ", r.trials().stream().map(Csv::num).toList()) + '"',
                    r.step().generator().label.toLowerCase(Locale.ROOT), Boolean.toString(!r.sides().shared()),
                    num(r.sides().generatorCpuSeconds()), num(r.sides().generatorCores()), num(r.sides().serverCores()),
                    Boolean.toString(r.loadBound()))).append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String us(long ns) {
        return ns < 0 ? "" : String.format(Locale.ROOT, "%.1f", ns / 1e3);
    }
}
