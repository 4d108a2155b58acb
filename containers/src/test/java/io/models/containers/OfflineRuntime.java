package io.models.containers;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The root file system of an image built {@code FROM scratch}, with nothing pulled: a Java runtime
 * linked by {@code jlink} from the JDK running these tests, with exactly the modules the chapters'
 * jars use ({@code jdeps}), and the few shared libraries it needs ({@code ldd}: libc, libm, the
 * dynamic loader...), copied from this machine.
 */
final class OfflineRuntime {

    /** Where the runtime sits in the image. */
    static final String JAVA_HOME = "/opt/java";

    /** {@code libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)} or the loader's own line. */
    private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s+)?(/\\S+)\\s+\\(0x");

    private OfflineRuntime() {
    }

    /** The modules {@code jars} need, as {@code jdeps --print-module-deps} says (java.base,java.logging). */
    static String modules(List<Path> jars) {
        List<String> args = new ArrayList<>(List.of("--ignore-missing-deps", "--multi-release",
                String.valueOf(Runtime.version().feature()), "--print-module-deps"));
        jars.forEach(j -> args.add(j.toString()));
        return run("jdeps", args).strip();
    }

    /**
     * Makes {@code dir} (if it is not complete already): {@code dir/opt/java}, the libraries at
     * their own paths, an empty {@code /tmp}.
     */
    static Path rootfs(Path where, String modules) throws IOException {
        Path dir = where.toAbsolutePath(); // ldd names the runtime's own libraries by absolute path
        Path done = dir.resolve(".complete");
        if (Files.exists(done)) {
            return dir;
        }
        deleteTree(dir);
        Path java = dir.resolve(JAVA_HOME.substring(1));
        Files.createDirectories(java.getParent());
        run("jlink", List.of("--add-modules", modules, "--strip-debug", "--no-header-files", "--no-man-pages",
                "--output", java.toString()));
        for (String library : libraries(java)) {
            Path target = dir.resolve(library.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(library), target, StandardCopyOption.REPLACE_EXISTING); // the file a link names
        }
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(done, modules);
        return dir;
    }

    /** Every shared library the runtime's executables and libraries load, by absolute path on this machine. */
    private static Set<String> libraries(Path java) throws IOException {
        Set<String> found = new TreeSet<>();
        List<Path> elf;
        try (Stream<Path> files = Files.walk(java)) {
            elf = files.filter(p -> p.toString().endsWith(".so") || p.getParent().endsWith("bin"))
                    .filter(Files::isRegularFile).toList();
        }
        for (Path file : elf) {
            Process ldd = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
            String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                ldd.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Matcher m = LIBRARY.matcher(out);
            while (m.find()) {
                if (!m.group(1).startsWith(java.toString())) { // the runtime's own libraries are there already
                    found.add(m.group(1));
                }
            }
        }
        if (found.stream().noneMatch(l -> l.contains("libc.so"))) {
            throw new IOException("ldd found no libc for " + java + ": is this a glibc Linux? found " + found);
        }
        return found;
    }

    /** Runs a JDK tool in this JVM; its output, or a failure that carries it. */
    private static String run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException(
                "this JVM has no " + tool + " (a JDK, not a JRE, runs these tests; or set -Dcontainers.baseImage)"));
        StringWriter out = new StringWriter();
        int code = provider.run(new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException(tool + " " + args + " failed (" + code + "): " + out
                    + " (a JDK without jmods before JDK 24 cannot link; set -Dcontainers.baseImage to a registry image)");
        }
        return out.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
