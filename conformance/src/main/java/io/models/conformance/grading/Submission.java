package io.models.conformance.grading;

import io.models.conformance.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A student's folder and its {@value #FILE}: how to build the server and how to run it.
 *
 * <pre>
 * # comments and blank lines are ignored; each value is given to sh -c as written (no escapes)
 * build=make                       optional: run once, in the folder, before the server starts
 * run=./server {port}              required: starts the server; {port} is the port it must listen on
 * </pre>
 *
 * <p>Other examples: {@code run=python3 server.py {port}}, {@code build=javac -d classes $(find src
 * -name '*.java')} with {@code run=java -cp classes Server --port {port}}. The port is also in the
 * environment as {@code PORT}. The server must stay in the foreground (no {@code &}, no daemon).
 */
record Submission(String student, Path dir, String build, String run) {

    static final String FILE = "submission.properties";
    static final String PORT = "{port}";

    /** Not a submission the gradebook can use: the message is one line. */
    static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean missing;

        Bad(String message, boolean missing) {
            super(message, null, false, false);
            this.missing = missing;
        }
    }

    static Submission read(Path dir) throws Bad {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new Bad(Messages.get("grading.book.no.file", FILE), true);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Bad(Messages.get("grading.book.bad.file", FILE, "1", e.getMessage()), false);
        }
        String build = null;
        String run = null;
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq).strip();
            String value = eq < 0 ? "" : line.substring(eq + 1).strip();
            String at = String.valueOf(i + 1);
            switch (key) {
                case "build" -> build = value.isEmpty() ? null : value;
                case "run" -> run = value;
                default -> throw new Bad(Messages.get("grading.book.bad.file", FILE, at,
                        Messages.get("grading.book.bad.key", key)), false);
            }
        }
        if (run == null || run.isEmpty()) {
            throw new Bad(Messages.get("grading.book.no.run", FILE), false);
        }
        if (!run.contains(PORT)) {
            throw new Bad(Messages.get("grading.book.no.port", FILE, run), false);
        }
        return new Submission(dir.getFileName().toString(), dir, build, run);
    }

    /** The run command with the port filled in. */
    String run(int port) {
        return run.replace(PORT, String.valueOf(port));
    }
}
