package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every page a student or a teacher is sent to under {@code exercises/} (worksheets, lab report
 * templates, teacher's pages, TEACHING, the question bank and its answers, rubric pages, READMEs)
 * has its Chinese twin, {@code NAME.zh.md} beside {@code NAME.md}: the same headings at the same
 * levels in the same order, each linking to the other. The Chinese page is written as Chinese pages
 * are here: no line break inside a paragraph (a browser shows it as a space between two Chinese
 * characters), links to the Chinese twin of a page that has one, none of the words the glossary
 * rejects. And every relative link of either page leads to a file that exists.
 */
class ExercisePagesTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CJK_END = Pattern.compile(".*[\\u4e00-\\u9fff\\u3000-\\u303f\\uff00-\\uffef]$");

    /** Every English page under exercises/, but those in build output or a server's .run folder. */
    static List<Path> pages() throws IOException {
        Path root = ReadmeTwinsTest.root();
        try (Stream<Path> all = Files.walk(root.resolve("exercises"))) {
            List<Path> pages = all.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().endsWith(".zh.md"))
                    .filter(p -> Stream.of("target", ".run", "node_modules")
                            .noneMatch(skip -> root.relativize(p).toString().contains(skip)))
                    .sorted().toList();
            assertThat(pages).as("the pages under exercises/").isNotEmpty();
            return pages;
        }
    }

    static Path twin(Path page) {
        String name = page.getFileName().toString();
        return page.resolveSibling(name.substring(0, name.length() - ".md".length()) + ".zh.md");
    }

    /** The lines of a page outside its fenced code blocks (a fence line itself is left out). */
    static List<String> prose(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(file)) {
            if (line.stripLeading().startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode) {
                out.add(line);
            }
        }
        return out;
    }

    static List<String> links(Path file) throws IOException {
        List<String> links = new ArrayList<>();
        for (String line : prose(file)) {
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                links.add(m.group(1));
            }
        }
        return links;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void everyPageHasAChineseTwinWithTheSameHeadings(Path page) throws IOException {
        Path twin = twin(page);
        String where = ReadmeTwinsTest.root().relativize(page).toString();
        assertThat(twin).as("the Chinese twin of %s", where).isRegularFile();
        assertThat(ReadmeTwinsTest.headings(twin)).as("the headings' levels of %s's twin, in order, against %s",
                where, ReadmeTwinsTest.headings(page)).isEqualTo(ReadmeTwinsTest.headings(page));
        assertThat(links(page)).as("%s links to its twin", where).contains(twin.getFileName().toString());
        assertThat(links(twin)).as("%s's twin links back", where).contains(page.getFileName().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void theChineseTwinHasNoLineBreakInsideAParagraph(Path page) throws IOException {
        List<String> lines = prose(twin(page));
        List<String> broken = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i).stripTrailing();
            String next = lines.get(i + 1).strip();
            if (CJK_END.matcher(line).matches() && !next.isEmpty() && !startsABlock(next)
                    && !line.strip().startsWith("|") && !line.strip().startsWith("#")) {
                broken.add(line + " ⏎ " + next);
            }
        }
        assertThat(broken).as("lines of %s broken inside a paragraph", twin(page).getFileName()).isEmpty();
    }

    private static boolean startsABlock(String line) {
        return line.startsWith("#") || line.startsWith("|") || line.startsWith("- ") || line.startsWith("* ")
                || line.matches("\\d+\\. .*") || line.startsWith(">") || line.startsWith("<!--")
                || line.startsWith("```");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void theChineseTwinLinksToChinesePages(Path page) throws IOException {
        Path twin = twin(page);
        List<String> english = new ArrayList<>();
        for (String link : links(twin)) {
            String path = link.replaceFirst("#.*", "");
            if (path.endsWith(".md") && !path.endsWith(".zh.md") && !link.contains("://")
                    && !path.equals(page.getFileName().toString())) {
                Path target = twin.getParent().resolve(path).normalize();
                if (Files.isRegularFile(twin(target))) {
                    english.add(link);
                }
            }
        }
        assertThat(english).as("links from %s to English pages that have a Chinese twin", twin.getFileName())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void everyRelativeLinkLeadsToAFile(Path page) throws IOException {
        for (Path file : List.of(page, twin(page))) {
            if (!Files.isRegularFile(file)) {
                continue; // said by the twins' test
            }
            List<String> missing = new ArrayList<>();
            for (String link : links(file)) {
                if (link.contains("://") || link.startsWith("#") || link.startsWith("mailto:")) {
                    continue;
                }
                Path target = file.getParent().resolve(link.replaceFirst("#.*", "")).normalize();
                if (!Files.exists(target)) {
                    missing.add(link);
                }
            }
            assertThat(missing).as("links of %s to files that do not exist", ReadmeTwinsTest.root().relativize(file))
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void theChineseTwinUsesNoWordTheGlossaryRejects(Path page) throws IOException {
        String text = String.join("\n", prose(twin(page)));
        List<String> found = new ArrayList<>();
        for (String row : Files.readAllLines(ReadmeTwinsTest.root().resolve("docs/glossary-terms.tsv"))) {
            String[] cols = row.split("\t");
            if (cols.length < 3) {
                continue;
            }
            for (String rejected : cols[2].split(",")) {
                if (!rejected.isBlank() && text.contains(rejected.strip())) {
                    found.add(rejected.strip() + " (write " + cols[0] + ")");
                }
            }
        }
        assertThat(found).as("words docs/glossary-terms.tsv rejects, in %s", twin(page).getFileName()).isEmpty();
    }
}
