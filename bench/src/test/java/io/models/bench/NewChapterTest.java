package io.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.bench.lab.LabModels;
import io.models.bench.load.Shape;
import io.models.bench.report.Charts;
import io.models.bench.server.CReference;
import io.models.bench.server.Catalog;
import io.models.bench.server.Subject;
import io.models.bench.sweep.Step;
import io.models.bench.sweep.Sweep;
import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A new chapter is one new module with its descriptor: built into a repository, it is a model of
 * the benchmark (its rows, {@code --models}, {@code --list}), of the lab (its model list, its flags)
 * and of the charts (a colour of its own), with no change to the bench's code. Here the module is
 * {@code 99-fake}: a jar that lists {@link FakeChapter} as its descriptor, in a repository of its own.
 */
class NewChapterTest {

    @TempDir
    Path repo;

    @BeforeEach
    void aRepositoryWithANewChaptersJar() throws Exception {
        Files.createDirectories(repo.resolve("common"));
        Files.createDirectories(repo.resolve("bench"));
        Files.writeString(repo.resolve("bench").resolve("pom.xml"), "<project/>");
        Path jar = repo.resolve("99-fake").resolve("target").resolve("99-fake.jar");
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + Chapter.class.getName()));
            out.write((FakeChapter.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    @Test
    void itIsAModelOfTheBenchmarkWithARowInEveryShapeItsVariantsName() {
        Catalog catalog = Catalog.builtIn(repo);
        List<String> names = catalog.names();

        assertThat(catalog.modules()).contains("99-fake").endsWith("99-fake", CReference.MODULE); // in the note's order
        assertThat(names.subList(names.size() - 4, names.size()))
                .containsExactly("99-fake", "99-fake --fake-threads 4", CReference.SUBJECT.name(), CReference.EDGE.name());
        assertThat(catalog.module("99")).isEqualTo("99-fake");
        List<Step> steps = new Sweep(catalog.subjects(), false, Set.of("99-fake"), null, null).steps();
        assertThat(steps).extracting(Step::shape).containsOnly(Shape.PING_PONG_64, Shape.PING_PONG_4K, Shape.STREAM,
                Shape.MIXED, Shape.IDLE, Shape.HOLD).contains(Shape.PING_PONG_64, Shape.STREAM, Shape.MIXED, Shape.IDLE,
                Shape.HOLD);
        assertThat(steps).filteredOn(s -> s.shape() == Shape.IDLE).extracting(s -> s.subject().name())
                .containsExactly("99-fake", "99-fake --fake-threads 4");
        assertThat(new Sweep(catalog.subjects(), true, Set.of("99-fake"), null, null).steps())
                .extracting(s -> s.subject().name()).containsOnly("99-fake"); // its quick variant only
    }

    @Test
    void theCommandLineListsItsPoints() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new Main(new PrintStream(out, true, StandardCharsets.UTF_8), false));

        int code = cl.execute("--list", "--quick", "--root", repo.toString(), "--models", "99");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .anyMatch(l -> l.startsWith("99-fake ") && l.contains("ping-pong, 64 B messages, 100 connections"))
                .anyMatch(l -> l.startsWith("99-fake ") && l.contains("1000 idle connections"));
    }

    @Test
    void theLabOffersItWithItsTextsAndFlags() {
        LabModels lab = new LabModels(Catalog.builtIn(repo), repo, CReference.absent("not built by this test"));

        LabModels.Model fake = lab.offered().stream().filter(m -> m.module().equals("99-fake")).findFirst().orElseThrow();
        assertThat(fake.section()).isEqualTo("beyond the note: a test's own");
        assertThat(fake.about().zh()).isEqualTo("一个基准测试从未听说过的章节。");
        assertThat(fake.flags()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("--fake-threads");
            assertThat(f.max()).isEqualTo(9);
        });
        assertThat(lab.missing("99-fake")).isNull();
        assertThat(lab.offered()).extracting(LabModels.Model::module).containsSubsequence(
                Chapters.onClassPath().stream().map(Chapter::name).toList()).endsWith("99-fake", CReference.MODULE);
    }

    @Test
    void theChartsGiveItAColourOfItsOwn() {
        List<String> names = Catalog.builtIn(repo).names();
        List<Integer> colours = names.stream().map(n -> Charts.colour(names, n).getRGB()).toList();

        assertThat(colours).doesNotHaveDuplicates(); // the palette has room for every model here
        assertThat(Charts.colour(names, "99-fake")).isNotNull();
        assertThat(names).contains(Subject.of(new FakeChapter(), List.of()).name());
    }
}
