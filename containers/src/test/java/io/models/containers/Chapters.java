package io.models.containers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chapters to run as containers: every {@code NN-name} module this module depends on (its
 * pom), each with its runnable jar. Adding a chapter is its dependency line in the pom.
 */
final class Chapters {

    /** 01-blocking/target/01-blocking.jar, 01-blocking/target/classes, or 01-blocking-1.0-SNAPSHOT.jar. */
    private static final Pattern MODULE = Pattern.compile("(?:^|/)(?:(\\d\\d-[a-z0-9-]+?)(?:-\\d[^/]*)?\\.jar|(\\d\\d-[a-z0-9-]+)/target/classes/?)$");

    /** The chapters that serve one client at a time (the rest wait in the backlog). */
    private static final List<String> ONE_AT_A_TIME = List.of("01-blocking");

    private static final List<Chapter> ALL = discover();

    private Chapters() {
    }

    /**
     * A chapter: its module name and its runnable jar ({@code java -jar} works on it).
     *
     * @param jar null if the module is on the class path but its jar has not been packaged (or
     *            is older than its classes)
     */
    record Chapter(String name, Path jar) {

        /** False for 01-blocking: one client at a time, the others wait in the backlog. */
        boolean servesManyAtOnce() {
            return !ONE_AT_A_TIME.contains(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every chapter, in module order: the argument source of the tests that run each one. */
    static Stream<Chapter> all() {
        return ALL.stream();
    }

    /** One chapter by its module name, for the lessons about one model. */
    static Chapter named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not a dependency of the containers module"));
    }

    /**
     * The test class path is surefire's ({@code surefire.test.class.path}) or this JVM's. In a
     * reactor build that has packaged, a chapter's entry is its runnable jar itself; before
     * packaging it is {@code target/classes}, and the jar beside it may be missing.
     */
    private static List<Chapter> discover() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Map<String, Chapter> found = new TreeMap<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            Matcher m = MODULE.matcher(path.toString().replace(File.separatorChar, '/'));
            if (!m.find()) {
                continue;
            }
            if (m.group(1) != null) {
                found.put(m.group(1), new Chapter(m.group(1), path));
            } else {
                Path jar = path.getParent().resolve(m.group(2) + ".jar");
                found.put(m.group(2), new Chapter(m.group(2), packagedSince(jar, path) ? jar : null));
            }
        }
        return List.copyOf(found.values());
    }

    /** True if {@code jar} exists and is newer than every class in {@code classes}: not a stale one. */
    private static boolean packagedSince(Path jar, Path classes) {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(classes)) {
            long newestClass = files.mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
            return jar.toFile().lastModified() >= newestClass;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
