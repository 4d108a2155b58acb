package io.models.conformance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One run of the checker in this JVM, with the flags a person would give it: its exit code and
 * what it printed on each stream (as {@code Cli.execute} runs it, with the writers captured).
 */
record CheckRun(int exitCode, List<String> out, List<String> err) {

    static CheckRun of(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Messages.use(Locale.ENGLISH); // what the tests compare, whatever this machine's locale; --lang may say otherwise
        String[] argv = args.toArray(String[]::new);
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), argv).execute(argv);
        Messages.use(Locale.ENGLISH);
        return new CheckRun(code, out.toString().lines().toList(), err.toString().lines().toList());
    }

    static CheckRun of(String... args) {
        return of(List.of(args));
    }

    /** Against the server on {@code port} of process {@code pid} (null: without --pid), with {@code more} flags. */
    static CheckRun against(int port, Long pid, List<String> more) {
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port)));
        if (pid != null) {
            args.addAll(List.of("--pid", String.valueOf(pid)));
        }
        args.addAll(more);
        return of(args);
    }

    /** Each case's line, by name, without the name: "PASS", "FAIL: why", "SKIP: why". */
    Map<String, String> verdicts() {
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : out) {
            String[] p = line.split(" ", 2);
            if (p.length == 2 && (p[0].equals("PASS") || p[0].equals("FAIL") || p[0].equals("SKIP"))) {
                String[] nameWhy = p[1].split(": ", 2);
                v.put(nameWhy[0], nameWhy.length == 1 ? p[0] : p[0] + ": " + nameWhy[1]);
            }
        }
        return v;
    }

    /** Everything it printed, for an assertion's message. */
    String printed() {
        return "exit " + exitCode + "\n" + String.join("\n", out) + (err.isEmpty() ? "" : "\nstderr:\n" + String.join("\n", err));
    }
}
