package io.models.common.chapter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds the chapters' descriptors by the JDK's standard mechanism, {@link ServiceLoader}: every
 * chapter module lists its {@link Chapter} in {@code META-INF/services/io.models.common.chapter.Chapter}.
 * Nothing outside the chapters keeps a list of them.
 */
public final class Chapters {

    private Chapters() {
    }

    /** Every chapter on this class path (a test module's dependencies), in the note's order. */
    public static List<Chapter> onClassPath() {
        return load(ServiceLoader.load(Chapter.class, Chapters.class.getClassLoader()));
    }

    /** One chapter on this class path, by its module's name. */
    public static Chapter named(String name) {
        return onClassPath().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no chapter " + name + " on the class path; there are "
                        + onClassPath().stream().map(Chapter::name).toList()));
    }

    /**
     * Every chapter built in the repository at {@code root}: each {@code NN-name/target/NN-name.jar}
     * that declares one (the benchmark runs the jars, so it reads them from there). A module whose
     * jar is not built is not found.
     */
    public static List<Chapter> builtIn(Path root) {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().matches("\\d\\d-[a-z0-9-]+")).toList()) {
                Path jar = module.resolve("target").resolve(module.getFileName() + ".jar");
                if (Files.isRegularFile(jar)) {
                    jars.add(jar.toUri().toURL());
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Chapter> all = new ArrayList<>();
        for (URL jar : jars) { // a loader per jar: each jar holds its own copy of common, this one's is used
            URLClassLoader loader = new URLClassLoader(new URL[] {jar}, Chapters.class.getClassLoader());
            for (Chapter c : ServiceLoader.load(Chapter.class, loader)) {
                if (all.stream().noneMatch(known -> known.name().equals(c.name()))) {
                    all.add(c);
                }
            }
        }
        all.sort(Comparator.comparing(Chapter::name));
        return List.copyOf(all);
    }

    private static List<Chapter> load(ServiceLoader<Chapter> loader) {
        List<Chapter> all = new ArrayList<>();
        loader.forEach(all::add);
        all.sort(Comparator.comparing(Chapter::name));
        return List.copyOf(all);
    }
}
