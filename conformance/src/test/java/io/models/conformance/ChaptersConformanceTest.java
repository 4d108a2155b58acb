package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Chapters;
import io.models.common.chapter.Check;
import io.models.common.testkit.ChildServer;
import io.models.conformance.cases.Cases;
import io.models.conformance.cases.ModelVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checker against every chapter on the class path, as its descriptor says: its server, and its
 * {@code NoteServer} (the note's Python line by line, its bugs kept), each started as a person starts
 * it (its main, on a free port, in a JVM of its own) and checked from outside with {@code --pid}.
 * Every case passes except what the model fails by design, each of those named in the descriptor
 * with the note's words ({@link Chapter#checks()}, {@link Chapter#noteChecks()}); and the model the
 * checker sees in /proc is the one the chapter's check declares ({@code --model}). (A NoteServer's
 * model is seen on a server of its own, after none of its kept bugs has struck: {@link ModelsTest}.)
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChaptersConformanceTest {

    /**
     * A server to check: how to start it, which cases to run, and what must fail; with
     * {@code withModel}, the model case too (every chapter's server; a NoteServer's is in ModelsTest).
     */
    record Subject(String label, String main, List<String> jvmArgs, Check check, boolean withModel) {

        static Subject of(String label, String main, List<String> jvmArgs, Check check, boolean withModel) {
            return new Subject(check.args().isEmpty() ? label : label + " " + String.join(" ", check.args()), main,
                    jvmArgs, check, withModel);
        }

        /** The cases it runs: the check's own (and the model, if asked for), or every case. */
        List<String> cases() {
            if (check.cases().isEmpty()) {
                return withModel ? Cases.names() : Cases.names().stream().filter(c -> !c.equals("model")).toList();
            }
            List<String> cases = new ArrayList<>(check.cases());
            if (withModel && !cases.contains("model")) {
                cases.add("model");
            }
            return cases;
        }

        /** The checker's flags for the model: {@code --model NAME} when the check names one model. */
        List<String> modelFlags() {
            return withModel && check.models().size() == 1 ? List.of("--model", check.models().get(0)) : List.of();
        }

        Expect expect() {
            Expect expect = Expect.allPass();
            for (Check.Failure f : check.fails()) {
                expect.fails(f.testCase(), f.message(), f.why());
            }
            return expect;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Subject> subjects() {
        List<Subject> all = new ArrayList<>();
        for (Chapter c : Chapters.onClassPath()) {
            for (Check check : c.checks()) {
                all.add(Subject.of(c.name(), c.mainClass(), c.jvmFlags(), check, true));
            }
            for (Check check : c.noteChecks()) {
                all.add(Subject.of(c.name() + " NoteServer", c.noteServer(), c.jvmFlags(), check, false));
            }
        }
        return all.stream();
    }

    @Test
    void everyChapterOnTheClassPathSaysWhatTheCheckerMustFind() {
        List<Chapter> chapters = Chapters.onClassPath();
        assertThat(chapters).as("the chapters' descriptors on this module's class path").isNotEmpty();
        for (Chapter c : chapters) {
            assertThat(c.checks()).as("%s's checks: without one it would be silently left out", c).isNotEmpty();
            if (c.noteServer() == null) {
                assertThat(c.noteChecks()).as("%s has no NoteServer to check", c).isEmpty();
            } else {
                assertThat(c.noteChecks()).as("%s's NoteServer checks: without one it would be silently left out", c)
                        .isNotEmpty();
            }
            for (Check check : concat(c.checks(), c.noteChecks())) {
                assertThat(Cases.names()).as("%s: the cases it names", c).containsAll(check.cases());
                assertThat(check.models()).as("%s: the model its check says the checker must see", c).isNotEmpty();
                assertThat(ModelVerdict.MODELS).as("%s: the models it names", c).containsAll(check.models());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void everyCasePassesExceptWhatTheModelFailsByDesign(Subject s) throws Exception {
        try (ChildServer server = ChildServer.of(s.main()).jvm(s.jvmArgs()).args(s.check().args()).measured().start()) {
            List<String> flags = new ArrayList<>(List.of("--report-dir", reportDir(s.label()).toString()));
            if (s.cases().size() < Cases.ALL.size()) {
                flags.addAll(List.of("--cases", String.join(",", s.cases())));
            }
            flags.addAll(s.modelFlags());
            CheckRun run = CheckRun.against(server.port(), server.pid(), flags);
            s.expect().assertMatches(s.label(), s.cases(), run);
            if (s.withModel() && s.check().models().size() > 1) { // the machine decides which: one of them
                assertThat(run.verdicts().get("model")).as("%s: the model\n%s", s.label(), run.printed())
                        .startsWith("PASS: ");
                assertThat(s.check().models()).as("%s: the model seen\n%s", s.label(), run.printed())
                        .anyMatch(m -> run.verdicts().get("model").contains(ModelsTest.SAYS.get(m)));
            }
        }
    }

    /** Where a run's reports go: target/conformance-reports/LABEL (a CI job can keep them). */
    static Path reportDir(String label) {
        return Path.of("target", "conformance-reports", label.replaceAll("[^A-Za-z0-9._-]+", "_"));
    }

    private static List<Check> concat(List<Check> a, List<Check> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
