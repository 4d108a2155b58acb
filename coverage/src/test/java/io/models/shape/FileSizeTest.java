package io.models.shape;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file over 300 lines (physical): a file that grows past it holds more than one
 * concern, and is split by concern (issue 19). Test code and build output are not counted.
 */
class FileSizeTest {

    static final int MOST = 300;

    @Test
    void noMainJavaFileIsOverThreeHundredLines() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize(); // this module's folder is one below the root
        List<String> over = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(FileSizeTest::isMainJava).toList()) {
                long lines;
                try (Stream<String> l = Files.lines(p)) {
                    lines = l.count();
                }
                if (lines > MOST) {
                    over.add(root.relativize(p) + ": " + lines + " lines");
                }
            }
        }
        assertThat(root.resolve("mvnw")).as("the repository's root").isRegularFile();
        assertThat(over).as("main files over %d lines: split each by concern", MOST).isEmpty();
    }

    /** A .java file under some module's src/main, not in build output or a hidden folder. */
    static boolean isMainJava(Path p) {
        String s = p.toString().replace('\\', '/');
        return s.endsWith(".java") && s.contains("/src/main/") && !s.contains("/target/") && !s.contains("/.git/")
                && !s.contains("/node_modules/");
    }
}
