package io.models.bench.server;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The servers the bench can measure, as the chapters' descriptors declare them: each chapter's
 * variants in the note's order, then the C reference. The bench keeps no list of chapters: a new
 * chapter module with a descriptor is a new model here, in the benchmark, the lab and the charts.
 *
 * @param chapters every chapter whose descriptor was found
 * @param unbuilt  the chapter modules of the repository whose jar is missing (or was built before
 *                 they had a descriptor): known by name only
 */
public record Catalog(List<Chapter> chapters, List<String> unbuilt) {

    public Catalog {
        chapters = List.copyOf(chapters);
        unbuilt = List.copyOf(unbuilt);
    }

    /**
     * The chapters built in the repository at {@code root}, read from their jars (the bench runs the
     * jars), and the ones its sources declare that are not built.
     */
    public static Catalog builtIn(Path root) {
        List<Chapter> chapters = Chapters.builtIn(root);
        List<String> unbuilt = Repository.chapterModules(root).stream()
                .filter(m -> chapters.stream().noneMatch(c -> c.name().equals(m))).toList();
        return new Catalog(chapters, unbuilt);
    }

    /** These chapters (a test's: {@code Chapters.onClassPath()}). */
    public static Catalog of(List<Chapter> chapters) {
        return new Catalog(chapters, List.of());
    }

    /** No chapter at all (a {@code --target} run outside the repository): the C reference alone. */
    public static Catalog none() {
        return of(List.of());
    }

    /** Every row the benchmark has: each chapter's variants in the note's order, then the C reference (level-, then edge-triggered). */
    public List<Subject> subjects() {
        List<Subject> all = new ArrayList<>();
        for (Chapter c : chapters) {
            c.variants().forEach(v -> all.add(Subject.of(c, v)));
        }
        all.add(CReference.SUBJECT);
        all.add(CReference.EDGE);
        return all;
    }

    /** Their names, in that order (each model's colour in the charts is its place here). */
    public List<String> names() {
        return subjects().stream().map(Subject::name).toList();
    }

    /** The chapter of a module, or null. */
    public Chapter chapter(String module) {
        return chapters.stream().filter(c -> c.name().equals(module)).findFirst().orElse(null);
    }

    /** The modules {@code --models} can name: every chapter, built or not, in order, then the C reference. */
    public List<String> modules() {
        TreeSet<String> names = new TreeSet<>(unbuilt);
        chapters.forEach(c -> names.add(c.name()));
        List<String> all = new ArrayList<>(names);
        all.add(CReference.MODULE);
        return all;
    }

    /**
     * Resolves a {@code --models} entry: a module name, its number ("06"), a prefix ("06-sel"), or "c".
     *
     * @throws IllegalArgumentException in one line, naming the models there are
     */
    public String module(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("c") || s.equals(CReference.MODULE) || s.equals("reference")) {
            return CReference.MODULE;
        }
        List<String> modules = modules();
        if (modules.contains(s)) {
            return s;
        }
        List<String> matches = s.isEmpty() ? List.of()
                : modules.stream().filter(m -> m.startsWith(s) || (m.length() > 3 && m.substring(3).equals(s))).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new IllegalArgumentException("'" + spec + "' is " + (matches.isEmpty() ? "not a model" : "more than one model")
                + "; one of " + String.join(", ", modules) + " (or its number, e.g. 06, or c)");
    }
}
