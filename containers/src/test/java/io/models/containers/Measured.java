package io.models.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The numbers the tests measure: one line each on stdout (surefire keeps it in
 * {@code target/surefire-reports/<test>-output.txt}) and in {@code target/containers/measured.txt},
 * the figures the README quotes.
 */
final class Measured {

    private static final Path ALL = Path.of("target", "containers", "measured.txt");
    private static boolean started; // the file holds one run: this JVM's

    private Measured() {
    }

    /** {@code [containers] <what>: <text>}. */
    static synchronized void line(String what, String format, Object... args) {
        String line = "[containers] " + what + ": " + format.formatted(args);
        System.out.println(line);
        try {
            Files.createDirectories(ALL.getParent());
            Files.writeString(ALL, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : "%.1f MiB".formatted(bytes / (1024.0 * 1024));
    }
}
