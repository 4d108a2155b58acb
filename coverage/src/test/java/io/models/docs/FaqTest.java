package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/faq.md and docs/faq.zh.md answer readers' questions with tests and benchmark rows. An
 * answer whose evidence is gone is worse than none, so each entry's evidence is checked here:
 * <ul>
 * <li>a test, written as a link whose text is {@code `Class#method`} to the class's file: the file
 * exists and declares {@code void method(};</li>
 * <li>a row, written as a code span {@code `shape,"model",active,idle`}: bench/results/latest.csv has
 * a line that starts with it;</li>
 * <li>a command in a fenced block: each {@code -pl} module is a folder of the repository, each
 * {@code -Dtest} class is a test class of one of those modules (and its method, after {@code #}, is
 * declared in it), each {@code java -jar} jar belongs to a module that exists;</li>
 * <li>every relative link points to a file that exists.</li>
 * </ul>
 * Each question has at least one test or row and a command, and the two languages name the same
 * tests, rows and commands under the same headings.
 */
class FaqTest {

    static final Pattern TEST = Pattern.compile("\\[`([A-Z][A-Za-z0-9]*)#([a-z][A-Za-z0-9]*)`]\\(([^)\\s#]+\\.java)\\)");
    static final Pattern ROW = Pattern.compile("`((?:ping_pong_64|ping_pong_4k|pool|stream|mixed|idle|heavy|hold),\"[^\"`]+\",\\d+,\\d+)`");
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern QUESTION = Pattern.compile("## (\\d+)\\. .*");

    static Path root() {
        return ReadmeTwinsTest.root();
    }

    static Path faq(String name) {
        return root().resolve("docs").resolve(name);
    }

    /** An entry: its number, its text (without fenced blocks) and its fenced command lines. */
    record Entry(int number, String text, List<String> commands) {
    }

    /** The numbered questions of a page, in order. */
    static List<Entry> entries(Path page) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Integer number = null;
        StringBuilder text = new StringBuilder();
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            Matcher q = QUESTION.matcher(line);
            if (!inCode && line.startsWith("## ")) {
                if (number != null) {
                    entries.add(new Entry(number, text.toString(), commands));
                }
                number = q.matches() ? Integer.valueOf(q.group(1)) : null;
                text = new StringBuilder();
                commands = new ArrayList<>();
            } else if (inCode && !line.isBlank()) {
                commands.add(line.strip());
            } else if (!inCode) {
                text.append(line).append('\n');
            }
        }
        if (number != null) {
            entries.add(new Entry(number, text.toString(), commands));
        }
        return entries;
    }

    static Set<String> tests(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = TEST.matcher(text);
        while (m.find()) {
            found.add(m.group(1) + "#" + m.group(2) + " in " + m.group(3));
        }
        return found;
    }

    static Set<String> rows(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = ROW.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"faq.md", "faq.zh.md"})
    void everyQuestionNamesATestOrARowAndACommand(String name) throws IOException {
        List<Entry> entries = entries(faq(name));
        assertThat(entries).extracting(Entry::number).as("the questions of %s, numbered in order", name)
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
        for (Entry e : entries) {
            assertThat(tests(e.text()).size() + rows(e.text()).size())
                    .as("%s, question %d: tests and rows it rests on", name, e.number()).isPositive();
            assertThat(e.commands()).as("%s, question %d: a command to rerun it", name, e.number()).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"faq.md", "faq.zh.md"})
    void everyTestItNamesExists(String name) throws IOException {
        Path page = faq(name);
        Set<String> named = tests(Files.readString(page));
        assertThat(named).as("tests named by %s", name).isNotEmpty();
        for (String t : named) {
            String[] parts = t.split("#| in ");
            Path file = page.getParent().resolve(parts[2]).normalize();
            assertThat(file).as("the file of %s", t).isRegularFile();
            assertThat(file.getFileName().toString()).as("the file of %s", t).isEqualTo(parts[0] + ".java");
            assertThat(Files.readString(file)).as("%s declares %s", file.getFileName(), parts[1])
                    .containsPattern("void " + Pattern.quote(parts[1]) + "\\(");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"faq.md", "faq.zh.md"})
    void everyRowItNamesIsInTheCommittedResults(String name) throws IOException {
        List<String> csv = Files.readAllLines(root().resolve("bench/results/latest.csv"));
        Set<String> named = rows(Files.readString(faq(name)));
        assertThat(named).as("rows named by %s", name).isNotEmpty();
        for (String row : named) {
            assertThat(csv).as("a line of bench/results/latest.csv for %s", row).anyMatch(l -> l.startsWith(row + ","));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"faq.md", "faq.zh.md"})
    void everyCommandNamesModulesAndTestsThatExist(String name) throws IOException {
        for (Entry e : entries(faq(name))) {
            for (String command : e.commands()) {
                String where = "%s, question %d: %s".formatted(name, e.number(), command);
                assertThat(command).as(where).matches("(\\./mvnw|java -jar) .*");
                List<String> words = List.of(command.split("\\s+"));
                List<Path> modules = new ArrayList<>();
                for (int i = 0; i < words.size(); i++) {
                    String w = words.get(i);
                    if (w.equals("-pl")) {
                        for (String m : words.get(i + 1).split(",")) {
                            Path module = root().resolve(m);
                            assertThat(module.resolve("pom.xml")).as("module %s of %s", m, where).isRegularFile();
                            modules.add(module);
                        }
                    } else if (w.startsWith("-Dtest=")) {
                        for (String t : w.substring("-Dtest=".length()).split(",")) {
                            assertTestClass(modules, t, where);
                        }
                    } else if (w.equals("-jar")) {
                        String jar = words.get(i + 1);
                        assertThat(jar).as(where).matches("[0-9a-z-]+/target/[0-9a-z-]+\\.jar");
                        Path module = root().resolve(jar.substring(0, jar.indexOf('/')));
                        assertThat(module.resolve("pom.xml")).as("the module of %s in %s", jar, where).isRegularFile();
                    }
                }
            }
        }
    }

    private static void assertTestClass(List<Path> modules, String test, String where) throws IOException {
        String cls = test.contains("#") ? test.substring(0, test.indexOf('#')) : test;
        List<Path> found = new ArrayList<>();
        for (Path module : modules) {
            Path tests = module.resolve("src/test/java");
            if (Files.isDirectory(tests)) {
                try (Stream<Path> all = Files.walk(tests)) {
                    all.filter(p -> p.getFileName().toString().equals(cls + ".java")).forEach(found::add);
                }
            }
        }
        assertThat(found).as("test class %s in the modules of %s", cls, where).hasSize(1);
        if (test.contains("#")) {
            assertThat(Files.readString(found.get(0))).as("%s in %s", test, where)
                    .containsPattern("void " + Pattern.quote(test.substring(test.indexOf('#') + 1)) + "\\(");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"faq.md", "faq.zh.md"})
    void everyRelativeLinkPointsToAFile(String name) throws IOException {
        Path page = faq(name);
        Set<String> missing = new TreeSet<>();
        Matcher m = LINK.matcher(Files.readString(page));
        while (m.find()) {
            String target = m.group(1);
            if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
                continue;
            }
            String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
            if (!Files.exists(page.getParent().resolve(file).normalize())) {
                missing.add(target);
            }
        }
        assertThat(missing).as("links of %s to nothing", name).isEmpty();
    }

    @Test
    void bothLanguagesNameTheSameEvidenceUnderTheSameHeadings() throws IOException {
        Path en = faq("faq.md");
        Path zh = faq("faq.zh.md");
        assertThat(ReadmeTwinsTest.headings(zh)).as("the headings' levels of faq.zh.md against faq.md")
                .isEqualTo(ReadmeTwinsTest.headings(en));
        assertThat(Files.readString(en)).as("faq.md links to its twin").contains("(faq.zh.md)");
        assertThat(Files.readString(zh)).as("faq.zh.md links to its twin").contains("(faq.md)");
        Map<Integer, Entry> zhEntries = new LinkedHashMap<>();
        entries(zh).forEach(e -> zhEntries.put(e.number(), e));
        for (Entry e : entries(en)) {
            Entry z = zhEntries.get(e.number());
            assertThat(z).as("question %d in faq.zh.md", e.number()).isNotNull();
            assertThat(tests(z.text())).as("question %d: tests named in Chinese", e.number())
                    .isEqualTo(tests(e.text()));
            assertThat(rows(z.text())).as("question %d: rows named in Chinese", e.number()).isEqualTo(rows(e.text()));
            assertThat(z.commands()).as("question %d: commands in Chinese", e.number()).isEqualTo(e.commands());
        }
    }
}
