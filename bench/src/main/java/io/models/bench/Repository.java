package io.models.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The repository the bench runs the chapters from: {@code <root>/<module>/target/<module>.jar}. */
final class Repository {

    private Repository() {
    }

    /** A folder with common/ and bench/pom.xml. */
    static boolean is(Path p) {
        return Files.isDirectory(p.resolve("common")) && Files.isRegularFile(p.resolve("bench").resolve("pom.xml"));
    }

    /**
     * The repository root: walks up from where the bench's classes are (bench/target/bench.jar or
     * bench/target/classes) to the folder that holds common/ and bench/; then the working directory.
     *
     * @throws IllegalStateException if there is none, saying what to do
     */
    static Path find() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // fall back on the working directory
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
                if (is(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("cannot find the repository (a folder with common/ and bench/pom.xml) above "
                + starts + ": run from the repository, or say --root DIR");
    }

    /**
     * Every chapter the points run has its jar, or the run would fail point after point.
     *
     * @throws IOException naming the missing jars and how to build them
     */
    static void checkJars(Path repo, List<Step> steps) throws IOException {
        Set<String> missing = new TreeSet<>();
        for (Step s : steps) {
            Subject subject = s.subject();
            if (!subject.isC() && !subject.isTarget() && !Files.isRegularFile(subject.jar(repo))) {
                missing.add(repo.relativize(subject.jar(repo)).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("no " + String.join(", ", missing) + ": build the chapters first (./mvnw -q package -DskipTests)");
        }
    }
}
