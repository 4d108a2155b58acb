package io.models.common.chapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding descriptors by {@link java.util.ServiceLoader}: on the class path (common's test resources
 * list two), and in the chapters' jars built under a repository's root.
 */
class ChaptersTest {

    @TempDir
    Path root;

    private static final String SERVICES = "META-INF/services/" + Chapter.class.getName();

    /** {@code root/module/target/jarName}, holding only a services file that lists {@code classes}. */
    private Path jar(String module, String jarName, Class<?>... classes) throws IOException {
        Path target = Files.createDirectories(root.resolve(module).resolve("target"));
        Path jar = target.resolve(jarName);
        StringBuilder list = new StringBuilder();
        for (Class<?> c : classes) {
            list.append(c.getName()).append('\n');
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(SERVICES));
            out.write(list.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void onTheClassPathEveryDescriptorListedInTheNotesOrder() {
        assertThat(Chapters.onClassPath()).extracting(Chapter::name).containsExactly("02-listed", "09-listed");
        assertThat(Chapters.onClassPath()).first().isInstanceOf(FakeChapters.AlsoListed.class);
    }

    @Test
    void oneByItsNameOrAnErrorNamingThoseThereAre() {
        assertThat(Chapters.named("09-listed")).isInstanceOf(FakeChapters.Listed.class);
        assertThat(Chapters.named("02-listed")).isInstanceOf(FakeChapters.AlsoListed.class);
        assertThatThrownBy(() -> Chapters.named("04-select")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no chapter 04-select on the class path; there are [02-listed, 09-listed]");
    }

    @Test
    void builtInReadsEachModulesJarOnceAndNothingElse() throws IOException {
        jar("01-built", "01-built.jar", FakeChapters.Built.class);
        jar("03-again", "03-again.jar", FakeChapters.Built.class, FakeChapters.Listed.class); // found twice: kept once
        jar("common", "common.jar", FakeChapters.NotAModule.class); // not a chapter's module
        jar("05-renamed", "other.jar", FakeChapters.NotAModule.class); // not the module's own jar
        Files.createDirectories(root.resolve("06-unbuilt").resolve("target")); // a module not built
        Files.writeString(root.resolve("07-a-file"), "not a module");
        // Each jar's loader sees its parent's services too (the two this class path lists), as a
        // chapter's jar sees the descriptors of the class path it runs on: each is kept once.
        assertThat(Chapters.builtIn(root)).extracting(Chapter::name)
                .containsExactly("01-built", "02-listed", "09-listed");
    }

    @Test
    void builtInWithNoJarBuiltFindsNone() throws IOException {
        Files.createDirectories(root.resolve("01-blocking").resolve("src"));
        assertThat(Chapters.builtIn(root)).isEmpty();
    }

    @Test
    void builtInUnderAFolderThatIsNotThereFails() {
        assertThatThrownBy(() -> Chapters.builtIn(root.resolve("missing"))).isInstanceOf(UncheckedIOException.class);
    }
}
