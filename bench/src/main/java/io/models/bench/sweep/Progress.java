package io.models.bench.sweep;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line: which point is running, in which phase, and about how long is left. On a
 * terminal it is one line rewritten in place; into a pipe or a file, one line per point.
 */
public final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private final double estimatedTotal;
    private double estimatedDone;
    private int index;
    private int count;
    private String label = "";
    private int lastWidth;

    public Progress(PrintStream out, boolean terminal, double estimatedTotalSeconds) {
        this.out = out;
        this.terminal = terminal;
        this.estimatedTotal = estimatedTotalSeconds;
    }

    /** True if stdout is a terminal a person watches. */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console); // JDK 22+
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console is a terminal
        }
    }

    public void begin(int index, int count, String label) {
        this.index = index;
        this.count = count;
        this.label = label;
        if (terminal) {
            show("starting");
        } else {
            out.println(format("running"));
            out.flush();
        }
    }

    public void phase(String phase) {
        if (terminal) {
            show(phase);
        }
    }

    public void end(double estimateSeconds) {
        estimatedDone += estimateSeconds;
    }

    /** A line that stays (a warning, a skipped point), printed above the progress line. */
    public void note(String text) {
        if (terminal) {
            clear();
        }
        out.println(text);
        out.flush();
    }

    public void finish() {
        if (terminal) {
            clear();
        }
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The estimate left, scaled by how the points so far compared with their estimates. */
    double secondsLeft() {
        double elapsed = elapsedSeconds();
        double scale = estimatedDone > 5 ? Math.max(0.5, Math.min(3, elapsed / estimatedDone)) : 1;
        return Math.max(0, (estimatedTotal - estimatedDone) * scale);
    }

    private String format(String phase) {
        return String.format(Locale.ROOT, "[%3d/%d] %s  %s  elapsed %s, about %s left",
                index, count, label, phase, clock(elapsedSeconds()), clock(secondsLeft()));
    }

    private void show(String phase) {
        String s = format(phase);
        StringBuilder b = new StringBuilder("\r").append(s);
        for (int i = s.length(); i < lastWidth; i++) {
            b.append(' ');
        }
        lastWidth = s.length();
        out.print(b);
        out.flush();
    }

    private void clear() {
        if (lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return "%d:%02d".formatted(s / 60, s % 60);
    }
}
