package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The note's readers read Chinese: every README.md has a README.zh.md beside it, each links to the
 * other, and the two have the same number of headings, so a section added to one and not the other
 * is caught here.
 */
class ReadmeTwinsTest {

    /** The repository's root: the nearest folder above this module's that holds {@code mvnw}. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("common"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    /** Every README.md of the repository, but those in build output. */
    static List<Path> readmes() throws IOException {
        Path root = root();
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().equals("README.md"))
                    .filter(p -> root.relativize(p).toString().split("[/\\\\]").length < 5)
                    .filter(p -> Stream.of("target", "node_modules", ".git", ".mvn")
                            .noneMatch(skip -> root.relativize(p).toString().contains(skip)))
                    .sorted().toList();
        }
    }

    /** The Markdown headings of a file: lines starting with '#', outside fenced code blocks. */
    static List<String> headings(Path file) throws IOException {
        List<String> headings = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && line.matches("#{1,6} .*")) {
                headings.add(line.substring(0, line.indexOf(' ')));
            }
        }
        return headings;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readmes")
    void everyReadmeHasAChineseTwinWithTheSameSections(Path readme) throws IOException {
        Path twin = readme.resolveSibling("README.zh.md");
        String where = root().relativize(readme).toString();
        assertThat(twin).as("the Chinese twin of %s", where).isRegularFile();
        assertThat(headings(twin)).as("the headings' levels of %s's twin, in order, against %s", where,
                headings(readme)).isEqualTo(headings(readme));
        assertThat(Files.readString(readme)).as("%s links to its twin", where).contains("(README.zh.md)");
        assertThat(Files.readString(twin)).as("%s's twin links back", where).contains("(README.md)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readmes")
    void everyChineseTwinLinksToOtherModulesInChinese(Path readme) throws IOException {
        String twin = Files.readString(readme.resolveSibling("README.zh.md"));
        // A link from a Chinese page to another module's README goes to its Chinese twin.
        assertThat(twin).as("links to an English README from %s's twin", root().relativize(readme))
                .doesNotContainPattern("\\]\\((\\.\\./)+[^)\\s]*README\\.md\\)");
    }
}
