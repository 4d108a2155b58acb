package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of every page goes somewhere: the file or folder exists, and an anchor
 * ({@code #heading}) names a heading of the page it points to, by the code host's rules (GitHub's
 * slugs: lower case, punctuation dropped, Chinese kept, spaces to '-', a repeated heading gets -1,
 * -2...). And no page calls a chapter that exists "coming".
 */
class LinksTest {

    /** [text](target) and ![alt](target), the target without its optional title. */
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("^\\s*\\[[^\\]]+\\]:\\s*(\\S+)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");

    /** GitHub's anchor for a heading's text (github-slugger, after Markdown is rendered to text). */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link: its text
                .replace("`", "").replaceAll("\\*+", "").replaceAll("<[^>]+>", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M}\\p{Pc}\\- ]", "").replace(' ', '-');
    }

    /** Every anchor a page has: its headings' slugs, numbered as GitHub numbers repeats, and explicit ids. */
    static Set<String> anchors(Path page) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String h : Pages.headings(page)) {
            String s = slug(h);
            int n = seen.merge(s, 1, Integer::sum);
            out.add(n == 1 ? s : s + "-" + (n - 1));
        }
        Matcher ids = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"").matcher(String.join("\n", Pages.read(page)));
        while (ids.find()) {
            out.add(ids.group(1));
        }
        return Set.copyOf(out);
    }

    static List<String> broken(Pages pages) {
        List<String> found = new ArrayList<>();
        for (Path page : pages.files()) {
            for (Pages.Line line : Pages.prose(page)) {
                String text = CODE_SPAN.matcher(line.text()).replaceAll("");
                List<String> targets = new ArrayList<>();
                Matcher m = LINK.matcher(text);
                while (m.find()) {
                    targets.add(m.group(1));
                }
                Matcher r = REFERENCE.matcher(text);
                if (r.find()) {
                    targets.add(r.group(1));
                }
                for (String target : targets) {
                    String problem = check(pages, page, target);
                    if (problem != null) {
                        found.add(line.where(pages.root()) + ": (" + target + ") " + problem);
                    }
                }
            }
        }
        return found;
    }

    private static String check(Pages pages, Path page, String target) {
        if (target.isEmpty() || target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
            return null; // http:, https:, mailto:: not checked here
        }
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path to = path.isEmpty() ? page : (path.startsWith("/") ? pages.root().resolve(path.substring(1)) : page.getParent().resolve(path)).normalize();
        if (!to.startsWith(pages.root())) {
            return "points outside the repository";
        }
        if (!Files.exists(to)) {
            return "no such file: " + pages.root().relativize(to);
        }
        if (anchor != null && !anchor.isEmpty()) {
            if (Files.isDirectory(to)) {
                to = to.resolve("README.md"); // the code host shows a folder's README below its files
            }
            if (!Files.exists(to) || !to.toString().endsWith(".md")) {
                Matcher l = Pattern.compile("L(\\d+)(?:-L(\\d+))?").matcher(anchor);
                if (!l.matches()) {
                    return "an anchor into a file that is not a page";
                }
                int last = Integer.parseInt(l.group(l.group(2) == null ? 1 : 2));
                return Pages.read(to).size() >= last ? null : "the file has fewer than " + last + " lines";
            }
            Set<String> anchors = anchors(to);
            if (!anchors.contains(anchor)) {
                return "no heading with the anchor #" + anchor + " in " + pages.root().relativize(to)
                        + " (its anchors: " + anchors.stream().sorted().collect(Collectors.joining(", ")) + ")";
            }
        }
        return null;
    }

    /** "Coming" (coming soon, upcoming, 即将, 尚未, 还没有) on a line that names a chapter that exists. */
    static List<String> comingChapters(Pages pages) {
        List<String> chapters = new ArrayList<>();
        try (var dirs = Files.list(pages.root())) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("\\d\\d-[a-z-]+"))
                    .filter(n -> Files.isRegularFile(pages.root().resolve(n).resolve("pom.xml"))).forEach(chapters::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Pattern coming = Pattern.compile("(?i)\\bcoming\\b|\\bupcoming\\b|\\bto come\\b|即将|尚未|还没有写|还未推出");
        List<String> found = new ArrayList<>();
        for (Path page : pages.files()) {
            for (Pages.Line line : Pages.prose(page)) {
                if (!coming.matcher(line.text()).find()) {
                    continue;
                }
                for (String c : chapters) {
                    String n = c.substring(0, 2);
                    if (line.text().contains(c) || line.text().matches(".*(?i)(chapter|第)\\s*" + n + "\\b.*")
                            || line.text().matches(".*\\b" + n + "\\b.*") && line.text().matches("(?i).*(chapter|章).*")) {
                        found.add(line.where(pages.root()) + ": calls " + c + " coming, but it exists: " + line.text().strip());
                    }
                }
            }
        }
        return found;
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        assertThat(broken(Pages.ofRepository())).as("broken links").isEmpty();
    }

    @Test
    void noPageCallsAChapterThatExistsComing() {
        assertThat(comingChapters(Pages.ofRepository())).isEmpty();
    }

    @Test
    void slugsFollowGitHubsRules() {
        assertThat(slug("The lab: watch the models live")).isEqualTo("the-lab-watch-the-models-live");
        assertThat(slug("Why the client does not `recv(1024)` once")).isEqualTo("why-the-client-does-not-recv1024-once");
        assertThat(slug("五种模型对比（六、IO模型比较分析）")).isEqualTo("五种模型对比六io模型比较分析");
        assertThat(slug("Run it: `--port 9000`, 2 × 3")).isEqualTo("run-it---port-9000-2--3");
    }

    @Test
    void aBrokenLinkAnAnchorAndAComingChapterAreFound(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("07-virtual-threads"));
        Files.writeString(dir.resolve("07-virtual-threads/pom.xml"), "<project/>");
        Files.writeString(dir.resolve("Main.java"), "class Main {}");
        Files.writeString(dir.resolve("07-virtual-threads/README.md"), "# Virtual threads\n\n## 运行\n");
        Files.writeString(dir.resolve("README.md"), """
                # Title

                See [the chapter](07-virtual-threads/README.md#运行), [its start](07-virtual-threads#virtual-threads), [code](Main.java#L3), [class](Main.java#L1)
                and [the lab](bench/README.md), [a section](07-virtual-threads/README.md#run-it) and [here](#title).
                `[not a link](nowhere.md)` is code. 07-virtual-threads is a coming chapter.
                """);
        assertThat(broken(Pages.of(dir))).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("(Main.java#L3)").contains("fewer than 3 lines"))
                .anySatisfy(p -> assertThat(p).contains("(bench/README.md) no such file"))
                .anySatisfy(p -> assertThat(p).contains("#run-it").contains("its anchors: virtual-threads, 运行"));
        assertThat(comingChapters(Pages.of(dir))).singleElement().asString().startsWith("README.md:5: calls 07-virtual-threads coming");
    }
}
