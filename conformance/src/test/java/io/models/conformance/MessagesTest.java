package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.conformance.cases.Cases;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Every message in both languages, with the same parameters; the language chosen is the one used.
 * Alone while it runs: the language is the checker's, one for the whole JVM, and the other classes
 * compare English.
 */
@Isolated
class MessagesTest {

    @AfterEach
    void english() {
        Messages.use(Locale.ENGLISH);
    }

    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> parameters(String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\\{(\\d+)[,}]").matcher(pattern);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyKeyIsInBothLanguagesWithTheSameParameters() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh.properties");
        assertThat(zh.stringPropertyNames()).as("keys in Chinese").isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(parameters(zh.getProperty(key))).as("the parameters of %s", key)
                    .isEqualTo(parameters(en.getProperty(key)));
            assertThat(zh.getProperty(key)).as("%s is said in Chinese", key).containsPattern("\\p{IsHan}");
        }
    }

    @Test
    void theLanguageChosenIsTheOneUsed() {
        Messages.use(Locale.ENGLISH);
        assertThat(Messages.get("summary", 3, 1)).isEqualTo("passed 3, failed 1");
        Messages.use(Locale.forLanguageTag("zh-CN"));
        assertThat(Messages.get("summary", 3, 1)).isEqualTo("通过 3 项，未通过 1 项");
    }

    // ---- checker-core (issue 20): the keys the code names, every message formats, no English outside the bundles

    /** Where the checker's main code is. */
    static final Path MAIN = Path.of("src", "main", "java", "io", "models", "conformance");

    /** Every key the main code names ({@code Messages.get("...")}), and those it builds from names. */
    static Set<String> keysTheCodeNames() throws IOException {
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("Messages\\.get\\(\\s*\"([^\"]+)\"").matcher(mainSources());
        while (m.find()) {
            keys.add(m.group(1));
        }
        keys.removeIf(k -> k.endsWith(".")); // a prefix the code adds a name to: the names are added below
        Cases.names().forEach(n -> keys.add("case." + n));
        for (String w : List.of("io_uring", "epoll", "poll", "select", "poll_or_select", "read", "write", "accept", "sleep",
                "lock", "running", "other")) {
            keys.add("wait." + w);
        }
        return keys;
    }

    private static String mainSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void everyKeyTheCodeNamesIsInTheMessages() throws IOException {
        Properties en = load("messages.properties");
        assertThat(en.stringPropertyNames()).as("the keys the checker's code names").containsAll(keysTheCodeNames());
        assertThat(keysTheCodeNames()).as("the cases' keys are built from their names, the waits' from theirs")
                .contains("case.model", "wait.poll_or_select");
    }

    /** Each message, given as many arguments as it has parameters, formats in both languages. */
    @Test
    void everyMessageFormatsInBothLanguages() throws IOException {
        Properties en = load("messages.properties");
        for (Locale language : List.of(Locale.ENGLISH, Locale.CHINESE)) {
            Messages.use(language);
            for (String key : en.stringPropertyNames()) {
                if (key.startsWith("usage.") || key.startsWith("help.") || key.startsWith("mixinStandardHelpOptions.")
                        || key.contains(".usage.") || key.contains(".help.")) { // the grading commands' own, as gradebook.help.out
                    continue; // read by picocli as they are
                }
                Set<String> params = parameters(en.getProperty(key));
                Object[] all = new Object[params.stream().mapToInt(Integer::parseInt).max().orElse(-1) + 1];
                for (int i = 0; i < all.length; i++) {
                    all[i] = "<" + i + ">";
                }
                String text = Messages.get(key, all);
                for (int i = 0; i < all.length; i++) {
                    if (params.contains(String.valueOf(i))) {
                        assertThat(text).as("%s in %s shows its parameter {%d}", key, language, i).contains("<" + i + ">");
                    }
                }
                assertThat(text.replace("{port}", "")).as("%s in %s: a quote MessageFormat swallowed", key, language)
                        .doesNotContain("{"); // {port} is the --exec and run= placeholder, said as it is
            }
        }
    }

    @Test
    void aNumberIsWrittenAsItIsWithoutGrouping() {
        assertThat(Messages.get("reply.stalled", "the reply", 4225024, 16777216, 5))
                .isEqualTo("the reply: 4225024 of 16777216 bytes came, then nothing for 5 s");
    }

    /**
     * No text a case, the checker, Main or the reports print is an English literal in the code: a
     * string literal of two English words or more is a message, and belongs in the bundles. What is
     * left are the bytes the cases send (in {@code Requests.ascii(...)} or {@code "...".getBytes(...)})
     * and a few that are not read by a person, each named here.
     */
    @Test
    void noMessageIsAnEnglishLiteralOutsideTheBundles() throws IOException {
        Set<String> notMessages = Set.of(
                "the JDK's XML writer failed", // an IllegalStateException the JDK's own writer never throws
                "Too many open files", // the JDK's words for EMFILE, matched, not printed
                "not a case that needs no process: ", // Checker.check called wrong by a test: a test's own mistake
                "java -jar conformance/target/conformance.jar ", // a command line on a rubric page: the same in both
                "```sh\\njava -jar conformance/target/conformance.jar --exec \\\"./server {port}\\\" --rubric ",
                "<!-- not run: it needs the student's own server, ./server -->\\n", // a page's mark for the docs tests
                "the gradebook itself failed", // an IllegalStateException for a bug of the gradebook's own
                "the checker's own cases: ", // the same, for a rubric of the checker's own cases that does not parse
                "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd");
        Pattern literal = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
        Pattern english = Pattern.compile("\\b[a-z]{2,}[,:;]? [a-z]{2,}\\b");
        List<String> found = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "");
                int n = 0;
                for (String line : code.lines().toList()) {
                    n++;
                    String text = line.replaceAll("//.*$", "");
                    if (text.contains("Requests.ascii(") || text.contains(".getBytes(")) {
                        continue; // the bytes a case sends: not a message
                    }
                    Matcher m = literal.matcher(text);
                    while (m.find()) {
                        if (english.matcher(m.group(1)).find() && !notMessages.contains(m.group(1))) {
                            found.add(f.getFileName() + ": \"" + m.group(1) + "\"");
                        }
                    }
                }
            }
        }
        assertThat(found).as("English literals in the checker's code (put them in messages.properties and "
                + "messages_zh.properties, and print them through Messages.get)").isEmpty();
    }

    /** The Chinese messages use the glossary's words: none of those it says not to write (its third column). */
    @Test
    void theChineseMessagesUseTheGlossarysWords() throws IOException {
        Properties zh = load("messages_zh.properties");
        List<String> avoid = new java.util.ArrayList<>();
        for (String row : Files.readAllLines(Path.of("..", "docs", "glossary-terms.tsv"), StandardCharsets.UTF_8)) {
            String[] cells = row.split("\t");
            if (cells.length > 2 && !cells[2].isBlank()) {
                avoid.addAll(List.of(cells[2].split(",")));
            }
        }
        assertThat(avoid).as("the glossary's words not to write").isNotEmpty();
        for (String key : zh.stringPropertyNames()) {
            for (String word : avoid) {
                assertThat(zh.getProperty(key)).as("%s uses the glossary's word, not %s", key, word).doesNotContain(word.strip());
            }
        }
    }

    @Test
    void theUsageHelpIsInTheLanguageAskedFor() {
        CheckRun zh = CheckRun.of("--lang", "zh", "--help");
        assertThat(String.join("\n", zh.out())).contains("用法：").contains("服务端必须表现出的IO模型");
        CheckRun en = CheckRun.of("--help");
        assertThat(String.join("\n", en.out())).contains("Usage: conformance").contains("The IO model the server must show");
    }

    @Test
    void aRunInChineseSaysEveryLineInChinese() {
        CheckRun run = CheckRun.of("--lang", "zh", "--port", "1", "--pid", String.valueOf(Integer.MAX_VALUE));
        assertThat(run.err()).containsExactly("conformance: --pid " + Integer.MAX_VALUE + "：没有这个进程（/proc/"
                + Integer.MAX_VALUE + " 不存在）");
    }
}
