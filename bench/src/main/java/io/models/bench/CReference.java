package io.models.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C reference server, {@code bench/c/upper_echo.c}: compiled at run time with {@code gcc -O2}
 * into {@code bench/target/c/} (never committed). Without gcc its row is skipped, with a note.
 */
final class CReference {

    /** The binary, or null with {@link #note} saying why there is none. */
    final Path binary;
    final String note;
    /** "gcc (Debian 12.2.0-14) 12.2.0 -O2", for the results. */
    final String compiler;

    private CReference(Path binary, String note, String compiler) {
        this.binary = binary;
        this.note = note;
        this.compiler = compiler;
    }

    static CReference absent(String why) {
        return new CReference(null, why, null);
    }

    static Path source(Path root) {
        return root.resolve("bench").resolve("c").resolve("upper_echo.c");
    }

    static CReference build(Path root) {
        Path src = source(root);
        if (!Files.isRegularFile(src)) {
            return new CReference(null, "no " + root.relativize(src) + ": the C reference row is skipped", null);
        }
        String version;
        try {
            version = run(List.of("gcc", "--version")).lines().findFirst().orElse("gcc");
        } catch (IOException e) {
            return new CReference(null, "gcc is not installed: the C reference row is skipped "
                    + "(apt-get install gcc to have it)", null);
        }
        try {
            Path dir = root.resolve("bench").resolve("target").resolve("c");
            Files.createDirectories(dir);
            Path bin = dir.resolve("upper_echo");
            run(List.of("gcc", "-O2", "-o", bin.toString(), src.toString()));
            return new CReference(bin, null, version + ", -O2");
        } catch (IOException e) {
            return new CReference(null, "gcc could not build " + root.relativize(src) + ": " + e.getMessage()
                    + "; the C reference row is skipped", version);
        }
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }
}
