package io.models.conformance.grading;

import io.models.conformance.Messages;
import io.models.conformance.cases.Cases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What each case is worth: a text file of one line per case, {@code CASE POINTS} or
 * {@code CASE expect-fail}, read by {@code --rubric FILE}. Line-based rather than JSON, so that a
 * teacher edits it in any editor, a diff shows one case per line, and it carries comments.
 *
 * <pre>
 * # a comment; blank lines are ignored
 * title        04-select (四、多路复用IO)
 * every-byte   10
 * model        10 select,poll     the model case names the models it accepts
 * held-1000    expect-fail        the model fails it by design: run, shown, never scored
 *   note       one thread serves one client at a time (二、阻塞IO)
 *   note.zh    一个线程一次只服务一个客户端（二、阻塞IO）
 * </pre>
 *
 * <p>An expected failure is run and reported but carries no points, whether it passes or fails: a
 * correct solution must not lose points for what its model cannot do, and one that does better
 * (03 with a sleep passes {@code idle-cpu}) must not lose them either; whether the student built
 * the model asked for is the {@code model} case's to grade. Indented {@code note} and
 * {@code note.zh} lines say why, on the rubric pages and in the reports.
 */
public final class Rubric {

    /**
     * The case that grades the model the checker sees; its line's third word is the model asked
     * for, or several separated by commas, any of which passes ({@code select,poll}).
     */
    public static final String MODEL_CASE = "model";
    /** The word that marks a case its model fails by design. */
    public static final String EXPECT_FAIL = "expect-fail";
    /** The most points one case may carry. */
    static final int MAX_POINTS = 1000;

    /**
     * One case of the rubric.
     *
     * @param points   what a pass earns; 0 for an expected failure
     * @param argument the model asked for ({@code model} only), or null
     * @param note     why, in English, or null
     * @param noteZh   why, in Chinese, or null
     * @param line     its line in the file
     */
    public record Item(String name, int points, boolean expectFail, String argument, String note, String noteZh,
                       int line) {

        /** The note in the current language (the English one where there is no Chinese), or null. */
        public String note(Locale language) {
            return language.getLanguage().equals("zh") && noteZh != null ? noteZh : note;
        }

        Item withNote(String key, String text) {
            return key.equals("note") ? new Item(name, points, expectFail, argument, text, noteZh, line)
                    : new Item(name, points, expectFail, argument, note, text, line);
        }
    }

    /** A rubric that cannot be used: the message is one line, naming the file and the line. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final Path file;
    private final String title;
    private final String titleZh;
    private final List<Item> items;

    private Rubric(Path file, String title, String titleZh, List<Item> items) {
        this.file = file;
        this.title = title;
        this.titleZh = titleZh;
        this.items = List.copyOf(items);
    }

    /** The case names a rubric may use: the checker's cases and {@link #MODEL_CASE}. */
    public static Set<String> knownCases() {
        Set<String> known = new LinkedHashSet<>(Cases.names());
        known.add(MODEL_CASE); // the model verdict (--model): a case of the checker, or soon one
        return known;
    }

    public static Rubric read(Path file) throws Invalid {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid(Messages.get("grading.rubric.unreadable", file, e.getMessage()));
        }
        return parse(text, file, knownCases());
    }

    /** The rubric in {@code text}, which came from {@code file}, over the cases {@code known}. */
    static Rubric parse(String text, Path file, Set<String> known) throws Invalid {
        String title = null;
        String titleZh = null;
        List<Item> items = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String at = file + ":" + n; // MessageFormat would write 1000 as 1,000
            String line = lines[i];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String[] w = line.strip().split("\\s+", 2);
            String key = w[0];
            String rest = w.length > 1 ? w[1].strip() : "";
            if (Character.isWhitespace(line.charAt(0))) { // note, note.zh: about the case above
                if (items.isEmpty()) {
                    throw new Invalid(Messages.get("grading.rubric.note.alone", at));
                }
                if (!key.equals("note") && !key.equals("note.zh")) {
                    throw new Invalid(Messages.get("grading.rubric.note.key", at, key));
                }
                if (rest.isEmpty()) {
                    throw new Invalid(Messages.get("grading.rubric.no.text", at, key));
                }
                items.set(items.size() - 1, items.getLast().withNote(key, rest));
            } else if (key.equals("title") || key.equals("title.zh")) {
                if (rest.isEmpty()) {
                    throw new Invalid(Messages.get("grading.rubric.no.text", at, key));
                }
                if (key.equals("title")) {
                    title = rest;
                } else {
                    titleZh = rest;
                }
            } else {
                items.add(item(key, rest, at, n, known, seen));
            }
        }
        if (items.isEmpty()) {
            throw new Invalid(Messages.get("grading.rubric.no.cases", file));
        }
        return new Rubric(file, title, titleZh, items);
    }

    private static Item item(String name, String rest, String at, int n, Set<String> known, Map<String, Integer> seen)
            throws Invalid {
        if (!known.contains(name)) {
            throw new Invalid(Messages.get("grading.rubric.not.a.case", at, name, String.join(", ", known)));
        }
        Integer before = seen.putIfAbsent(name, n);
        if (before != null) {
            throw new Invalid(Messages.get("grading.rubric.twice", at, name, String.valueOf(before)));
        }
        String[] w = rest.isEmpty() ? new String[0] : rest.split("\\s+");
        if (w.length == 0) {
            throw new Invalid(Messages.get("grading.rubric.no.points", at, name));
        }
        int allowed = name.equals(MODEL_CASE) && !w[0].equals(EXPECT_FAIL) ? 2 : 1;
        if (w.length > allowed) {
            throw new Invalid(Messages.get("grading.rubric.extra", at, w[allowed]));
        }
        if (w[0].equals(EXPECT_FAIL)) {
            return new Item(name, 0, true, null, null, null, n);
        }
        int points;
        try {
            points = Integer.parseInt(w[0]);
        } catch (NumberFormatException e) {
            points = -1;
        }
        if (points < 0 || points > MAX_POINTS) {
            throw new Invalid(Messages.get("grading.rubric.points", at, w[0], String.valueOf(MAX_POINTS)));
        }
        if (w.length > 1 && !w[1].matches("[a-z_]+(,[a-z_]+)*")) {
            throw new Invalid(Messages.get("grading.rubric.model", at, w[1]));
        }
        return new Item(name, points, false, w.length > 1 ? w[1] : null, null, null, n);
    }

    public Path file() {
        return file;
    }

    /** The title in the current language (the one title where there is no Chinese), or null. */
    public String title(Locale language) {
        return language.getLanguage().equals("zh") && titleZh != null ? titleZh : title;
    }

    /** The cases, in the rubric's order. */
    public List<Item> items() {
        return items;
    }

    public Item item(String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }

    public boolean has(String name) {
        return item(name) != null;
    }

    /** What a server that passes every scored case gets. */
    public int maxScore() {
        return items.stream().mapToInt(Item::points).sum();
    }

    /** The models the {@code model} case accepts (any of them passes), or an empty list. */
    public List<String> models() {
        Item m = item(MODEL_CASE);
        return m == null || m.argument() == null ? List.of() : List.of(m.argument().split(","));
    }
}
