package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browsers show a line break inside a paragraph as a space, and a space between two Chinese
 * characters reads as a typo: a Chinese paragraph, list item or table row is one line. In a
 * {@code .zh.md} page a break next to a Chinese character on either side is reported; in an English
 * page, one between two Chinese characters (a quotation cut in two). Fenced blocks are left alone,
 * and so is a deliberate hard break (two trailing spaces or a backslash).
 */
class ZhLineBreaksTest {

    /** Where a paragraph continues on the next line, next to a Chinese character. */
    static List<String> breaks(Pages pages) {
        List<String> found = new ArrayList<>();
        for (Path page : pages.files()) {
            boolean zh = page.getFileName().toString().endsWith(".zh.md");
            List<Pages.Line> lines = Pages.prose(page);
            for (int i = 0; i + 1 < lines.size(); i++) {
                Pages.Line a = lines.get(i);
                Pages.Line b = lines.get(i + 1);
                if (b.number() != a.number() + 1 || a.text().endsWith("  ") || a.text().endsWith("\\")) {
                    continue; // a fence between them, or a hard break
                }
                if (a.text().strip().startsWith(">") != b.text().strip().startsWith(">")) {
                    continue; // a blockquote begins or ends between them
                }
                String prev = unquote(a.text());
                String next = unquote(b.text());
                if (prev == null || next == null || prev.isBlank() || structural(prev) || structuralStart(next)) {
                    continue;
                }
                int last = prev.stripTrailing().codePointBefore(prev.stripTrailing().length());
                int first = next.strip().codePointAt(0);
                boolean broken = zh ? Pages.cjk(last) || Pages.cjk(first) : Pages.cjk(last) && Pages.cjk(first);
                if (broken) {
                    found.add("%s: a line break inside a paragraph, between \"%s\" and \"%s\" (join the two lines)"
                            .formatted(a.where(pages.root()), tail(prev), head(next)));
                }
            }
        }
        return found;
    }

    /** A blockquote's text, or the line itself; null for a blockquote's empty line (a paragraph break). */
    private static String unquote(String line) {
        String s = line.strip();
        if (s.startsWith(">")) {
            s = s.replaceFirst("^(>\\s?)+", "");
            return s.isBlank() ? null : s;
        }
        return line;
    }

    /** A line that ends its own block: a heading, a table row, an HTML comment or tag. */
    private static boolean structural(String line) {
        String s = line.strip();
        return s.startsWith("#") || s.startsWith("|") || s.startsWith("<") || s.startsWith("[") && s.contains("]:");
    }

    /** A line that starts a new block: blank, a heading, a list item, a table row, a comment, a rule. */
    private static boolean structuralStart(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#") || s.startsWith("|") || s.startsWith("<") || s.matches("([-*+]|\\d+[.)])\\s.*")
                || s.matches("[-*_=]{3,}") || s.startsWith("![") || s.startsWith("[") && s.contains("]:");
    }

    private static String tail(String s) {
        s = s.strip();
        return s.length() <= 12 ? s : "…" + s.substring(s.length() - 12);
    }

    private static String head(String s) {
        s = s.strip();
        return s.length() <= 12 ? s : s.substring(0, 12) + "…";
    }

    @Test
    void noPageBreaksAChineseParagraph() {
        assertThat(breaks(Pages.ofRepository())).as("line breaks inside Chinese paragraphs").isEmpty();
    }

    @Test
    void aBrokenChineseParagraphIsFound(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("README.zh.md"), """
                # 标题

                这是一个段落，
                它被折成了两行。

                - 列表项
                - 另一项，
                  续行

                ```text
                代码块里的
                换行不算
                ```

                一行写完的段落。
                """);
        Files.writeString(dir.resolve("README.md"), """
                # Title

                The note says 阻塞
                调用 here, and this English line
                goes on in English.
                """);
        assertThat(breaks(Pages.of(dir))).hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("README.zh.md:3:").contains("这是一个段落，").contains("它被折成了两行"))
                .anySatisfy(p -> assertThat(p).startsWith("README.zh.md:7:"))
                .anySatisfy(p -> assertThat(p).startsWith("README.md:3:"));
    }
}
