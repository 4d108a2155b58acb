package io.models.common.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** Shared command-line plumbing: how every main parses, fails and exits. */
public final class Cli {

    /** Exit code for a bad command line (unknown flag, bad value), as picocli and sysexits use. */
    public static final int USAGE = 2;
    /** Exit code for a failure at run time (port in use, server unreachable). */
    public static final int FAILED = 1;

    private Cli() {
    }

    /**
     * Runs a picocli command and returns its exit code: 0 on success, {@link #USAGE} with one line
     * and the usage for a bad flag or value, never a stack trace for the user's mistakes.
     */
    public static int execute(Object command, String[] args) {
        return execute(command, args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    static int execute(Object command, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        cl.setUsageHelpAutoWidth(true);
        return cl.execute(args);
    }

    /** Parses a whole number within [min, max], or says in one line what was expected. */
    public static int intInRange(String value, int min, int max, String what) {
        final int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not " + what);
        }
        if (n < min || n > max) {
            throw new TypeConversionException("'" + value + "' is not " + what);
        }
        return n;
    }
}
