package io.models.bench.server;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository the bench runs the chapters from: {@code <root>/<module>/target/<module>.jar}. */
public final class Repository {

    /** Where a chapter module lists its descriptor (a module of the repository is a chapter if it has one). */
    private static final String BUILD = "./mvnw -q package -DskipTests";
    private static final Path DESCRIBED = Path.of("src", "main", "resources", "META-INF", "services",
            "io.models.common.chapter.Chapter");

    private Repository() {
    }

    /** A folder with common/ and bench/pom.xml. */
    public static boolean is(Path p) {
        return Files.isDirectory(p.resolve("common")) && Files.isRegularFile(p.resolve("bench").resolve("pom.xml"));
    }

    /**
     * The repository root: walks up from where the bench's classes are (bench/target/bench.jar or
     * bench/target/classes) to the folder that holds common/ and bench/; then the working directory.
     *
     * @throws IllegalStateException if there is none, saying what to do
     */
    public static Path find() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(Repository.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
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

    /** {@code <root>/<module>/target/<module>.jar}: a module's runnable jar. */
    public static Path jar(Path root, String module) {
        return root.resolve(module).resolve("target").resolve(module + ".jar");
    }

    /** The repository's chapter modules, built or not: each {@code NN-name} whose sources list a descriptor. */
    static List<String> chapterModules(Path root) {
        try (Stream<Path> modules = Files.list(root)) {
            return modules.filter(m -> m.getFileName().toString().matches("\\d\\d-[a-z0-9-]+"))
                    .filter(m -> Files.isRegularFile(m.resolve(DESCRIBED)))
                    .map(m -> m.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Why a chapter module of the repository has no descriptor the bench can read: one line, with what to do. */
    public static String notBuilt(Path root, String module) {
        Path jar = jar(root, module);
        return Files.isRegularFile(jar) ? root.relativize(jar) + " holds no chapter descriptor (built before it had one): "
                + BUILD : "not built: no " + root.relativize(jar) + " (" + BUILD + ")";
    }

    /**
     * Every chapter module asked for is built, or the run would fail point after point.
     *
     * @throws IOException naming the jars to build and how
     */
    public static void checkBuilt(Path repo, Catalog catalog, List<String> modules) throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (String m : catalog.unbuilt()) {
            if (modules.contains(m)) {
                Path jar = repo.relativize(jar(repo, m));
                (Files.isRegularFile(jar(repo, m)) ? stale : missing).add(jar.toString());
            }
        }
        if (!missing.isEmpty() || !stale.isEmpty()) {
            throw new IOException((missing.isEmpty() ? "" : "no " + String.join(", ", missing))
                    + (missing.isEmpty() || stale.isEmpty() ? "" : "; ")
                    + (stale.isEmpty() ? "" : String.join(", ", stale) + " holds no chapter descriptor (built before it had one)")
                    + ": build the chapters first (" + BUILD + ")");
        }
    }
}
