package io.models.containers;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import io.models.common.chapter.Trait;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A chapter to run as a container: its descriptor, found on the test class path as every module
 * that reads the chapters finds them ({@link Chapters#onClassPath()}), and its runnable jar. The
 * chapters are this module's {@code NN-name} dependencies: adding one is its line in the pom.
 *
 * @param chapter what the chapter says of itself
 * @param jar     its runnable jar ({@code java -jar} works on it); null if the module is on the class
 *                path but its jar has not been packaged (or is older than its classes)
 */
record PackagedChapter(Chapter chapter, Path jar) {

    private static final List<PackagedChapter> ALL = Chapters.onClassPath().stream().map(PackagedChapter::of).toList();

    /** Every chapter, in module order: the argument source of the tests that run each one. */
    static Stream<PackagedChapter> all() {
        return ALL.stream();
    }

    /** One chapter by its module name, for the lessons about one model or a comparison of two. */
    static PackagedChapter named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no chapter " + name + " on the class path: it is not a "
                        + "dependency of the containers module, or has no descriptor"));
    }

    /** The module's name: also its jar's and every thread's prefix. */
    String name() {
        return chapter.name();
    }

    /** False where the model serves one client at a time and the others wait in the backlog (01). */
    boolean servesManyAtOnce() {
        return !chapter.traits().contains(Trait.ONE_CLIENT_AT_A_TIME);
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * The jar is where the descriptor was loaded from. In a reactor build that has packaged, a
     * chapter's class path entry is its runnable jar itself; before packaging it is
     * {@code target/classes}, and the jar beside it may be missing or stale.
     */
    private static PackagedChapter of(Chapter chapter) {
        Path from;
        try {
            from = Path.of(chapter.getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isRegularFile(from)) {
            return new PackagedChapter(chapter, from);
        }
        Path jar = from.getParent().resolve(chapter.name() + ".jar");
        return new PackagedChapter(chapter, packagedSince(jar, from) ? jar : null);
    }

    /** True if {@code jar} exists and is newer than every class in {@code classes}: not a stale one. */
    private static boolean packagedSince(Path jar, Path classes) {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(classes)) {
            long newestClass = files.mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
            return jar.toFile().lastModified() >= newestClass;
        } catch (IOException e) {
            return false;
        }
    }
}
