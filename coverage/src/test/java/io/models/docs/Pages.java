package io.models.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pages a learner or teacher is sent to: every Markdown file of the repository but build output
 * and the benchmark's generated report (bench/results/latest.md, which the pages quote). Shared by
 * the docs tests; each takes the root as a parameter, so that a test of the test can hand it a
 * small bad page in a temporary folder.
 */
record Pages(Path root, List<Path> files) {

    /** A line of a page, numbered from 1. */
    record Line(Path page, int number, String text) {
        String where(Path root) {
            return root.relativize(page) + ":" + number;
        }
    }

    /** A fenced block: its language, the line before its fence (a marker, or blank), its lines. */
    record Block(Path page, int fenceLine, String language, String before, List<Line> lines) {}

    private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+)\\s*([\\w-]*).*$");

    static Pages of(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> files = all.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> Stream.of("target", "node_modules", ".git", ".mvn")
                            .noneMatch(skip -> root.relativize(p).toString().split("[/\\\\]")[0].equals(skip)
                                    || root.relativize(p).toString().contains("/" + skip + "/")))
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').equals("bench/results/latest.md"))
                    .sorted().toList();
            return new Pages(root, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Pages ofRepository() {
        return of(ReadmeTwinsTest.root());
    }

    static List<String> read(Path page) {
        try {
            return Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name(Path page) {
        return root.relativize(page).toString().replace('\\', '/');
    }

    /** The Chinese pages: {@code *.zh.md}. */
    List<Path> chinese() {
        return files.stream().filter(p -> p.getFileName().toString().endsWith(".zh.md")).toList();
    }

    /** The lines of a page outside fenced blocks (prose, headings, lists, tables, comments). */
    static List<Line> prose(Path page) {
        List<Line> out = new ArrayList<>();
        String fence = null;
        List<String> lines = read(page);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher m = FENCE.matcher(l);
            if (fence == null && m.matches()) {
                fence = m.group(1);
            } else if (fence != null && closes(l, fence)) {
                fence = null;
            } else if (fence == null) {
                out.add(new Line(page, i + 1, l));
            }
        }
        return out;
    }

    /** The fenced blocks of a page. */
    static List<Block> blocks(Path page) {
        List<Block> out = new ArrayList<>();
        List<String> lines = read(page);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String fence = m.group(1);
            String before = i > 0 ? lines.get(i - 1).strip() : "";
            List<Line> body = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !closes(lines.get(j), fence)) {
                body.add(new Line(page, j + 1, lines.get(j)));
                j++;
            }
            out.add(new Block(page, i + 1, m.group(2), before, body));
            i = j;
        }
        return out;
    }

    /** A closing fence: the opening's character only, at least as many. */
    static boolean closes(String line, String fence) {
        String s = line.strip();
        return s.length() >= fence.length() && s.chars().allMatch(c -> c == fence.charAt(0));
    }

    /** Markdown headings outside fences, as written (without the leading #s). */
    static List<String> headings(Path page) {
        return prose(page).stream().map(Line::text).filter(t -> t.matches("#{1,6} .*"))
                .map(t -> t.replaceFirst("^#{1,6} ", "").replaceFirst("\\s+#+\\s*$", "").strip()).toList();
    }

    /** True for a CJK ideograph or a full-width/CJK punctuation mark. */
    static boolean cjk(int c) {
        Character.UnicodeBlock b = Character.UnicodeBlock.of(c);
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                || b == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || b == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
                || b == Character.UnicodeBlock.CJK_COMPATIBILITY_FORMS
                || c == '“' || c == '”' || c == '‘' || c == '’' || c == '…' || c == '—';
    }
}
