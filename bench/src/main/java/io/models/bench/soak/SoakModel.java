package io.models.bench.soak;

import io.models.bench.server.CReference;
import io.models.bench.server.Catalog;
import io.models.bench.server.Subject;
import io.models.common.chapter.Chapter;
import io.models.common.chapter.Flag;
import io.models.common.chapter.Trait;
import io.models.common.chapter.Variant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code bench soak --model}'s words read as the model to soak: a chapter, and its flags or a benchmark row's words. */
final class SoakModel {

    private SoakModel() {
    }

    /**
     * The model {@code --model} names: a module or its number, then nothing (the chapter's defaults),
     * a benchmark row's words ({@code 09 epoll}: the value of a choice flag alone) or the chapter's
     * own flags ({@code 02 --pool 8}).
     *
     * @throws IllegalArgumentException in one line, saying what there is
     */
    static Subject resolve(Catalog catalog, List<String> words) {
        List<String> w = words.stream().flatMap(s -> Arrays.stream(s.trim().split("\\s+"))).filter(s -> !s.isEmpty()).toList();
        if (w.isEmpty()) {
            throw new IllegalArgumentException("--model needs a model, such as 06 or 09 epoll");
        }
        String module = catalog.module(w.get(0));
        if (module.equals(CReference.MODULE)) {
            throw new IllegalArgumentException("--model c: the C reference is not a chapter; a soak reads a chapter's JVM "
                    + "(its heap after GC)");
        }
        Chapter chapter = catalog.chapter(module);
        if (chapter == null) {
            throw new IllegalStateException(module + " is not built"); // the command checks that first
        }
        List<String> args = new ArrayList<>();
        for (int i = 1; i < w.size(); i++) {
            String word = w.get(i);
            Flag flag = word.startsWith("--")
                    ? chapter.flags().stream().filter(f -> f.name().equals(word)).findFirst().orElse(null)
                    : chapter.flags().stream().filter(f -> f.isChoice() && f.choices().contains(word.toLowerCase(Locale.ROOT)))
                            .findFirst().orElse(null);
            if (flag == null) {
                throw new IllegalArgumentException("--model " + String.join(" ", w) + ": '" + word + "' is not "
                        + (word.startsWith("--") ? "a flag" : "a value of a flag") + " of " + module + "; its flags: "
                        + flags(chapter));
            }
            String value;
            if (word.startsWith("--")) {
                if (i + 1 >= w.size()) {
                    throw new IllegalArgumentException("--model " + String.join(" ", w) + ": " + word + " needs a value");
                }
                value = w.get(++i);
            } else {
                value = word;
            }
            args.add(flag.name());
            try {
                args.add(flag.check(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--model " + String.join(" ", w) + ": " + flag.name() + " " + e.getMessage());
            }
        }
        Subject subject = Subject.of(chapter, new Variant(args, Set.of(), false));
        if (subject.traits().contains(Trait.ONE_CLIENT_AT_A_TIME)) {
            throw new IllegalArgumentException("--model " + String.join(" ", w) + ": " + module + " serves one connection at "
                    + "a time by design; the soak's mix holds " + Mix.STANDARD.held() + " at once: soak a model that serves "
                    + "many at once");
        }
        return subject;
    }

    private static String flags(Chapter chapter) {
        if (chapter.flags().isEmpty()) {
            return "none";
        }
        return String.join(", ", chapter.flags().stream()
                .map(f -> f.name() + " " + (f.isChoice() ? String.join("|", f.choices()) : f.label())).toList());
    }
}
