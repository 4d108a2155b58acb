package io.models.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What a teacher hands out: {@code exercises/handout.sh} writes a folder that is pushed as the
 * students' repository. The test writes one into a temporary folder outside the repository and
 * uses it there alone, as a student's clone and the CI would: no Maven, no repository beside it (the
 * Java starter is built with javac and jar, the checker is the handout's own jar). It checks that
 * the folder holds what the issue lists and no answer (no teacher's page, no solution, no chapter,
 * nothing of notes/python or bench results, no file equal to one of them), that its CI workflows are
 * valid YAML with the keys GitHub Actions and GitLab CI require, and it runs their commands: the
 * starter fails the checker, and the same commands pass once a solution is in the starter's place.
 */
class HandoutTest {

    /** Files that hold answers, or lead to them; none may be in a handout. */
    private static final Set<String> ANSWERS = Set.of("teacher.md", "teacher.zh.md", "TEACHING.md", "TEACHING.zh.md",
            "REPORT.md", "REPORT.zh.md", "latest.md", "check-all.sh", "pom.xml", "mvnw", "note_server.py.orig",
            "questions.md", "questions.zh.md");

    record Result(int code, String output) {
    }

    static Result run(Path dir, long seconds, Map<String, String> env, String... command) throws Exception {
        Path log = Files.createTempFile("handout", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            // alone: nothing that points back into the repository
            pb.environment().keySet().removeAll(Set.of("ROOT", "CHECKER_JAR", "MAVEN_OPTS", "PYTHON_FILE", "JAVA_JAR", "C_DIR"));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("PORT", "0");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s: "
                        + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Result handout(Path out, String... args) throws Exception {
        Path root = ReadmeTwinsTest.root();
        assertThat(root.resolve("conformance/target/conformance.jar"))
                .as("the checker's jar (./mvnw verify builds it before this module)").isRegularFile();
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("exercises/handout.sh").toString()));
        command.addAll(List.of(args));
        command.add(out.toString());
        return run(root, 120, Map.of(), command.toArray(String[]::new));
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static String sha(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Every answer in the repository, by its content: the solutions, the chapters' code, the teacher's pages. */
    static Map<String, Path> answers() throws Exception {
        Path root = ReadmeTwinsTest.root();
        Map<String, Path> byHash = new HashMap<>();
        List<Path> places = new ArrayList<>(List.of(root.resolve("exercises/solutions"), root.resolve("notes/python"),
                root.resolve("bench/results")));
        try (Stream<Path> top = Files.list(root)) {
            top.filter(d -> d.getFileName().toString().matches("0\\d-.*")).map(d -> d.resolve("src/main"))
                    .filter(Files::isDirectory).forEach(places::add);
        }
        assertThat(places).as("the chapters' sources among the answers").hasSizeGreaterThan(10);
        for (Path place : places) {
            for (Path f : files(place)) {
                byHash.put(sha(f), f);
            }
        }
        for (Path f : files(root.resolve("exercises"))) {
            if (ANSWERS.contains(f.getFileName().toString())) {
                byHash.put(sha(f), f);
            }
        }
        // what the starters are given is no answer, wherever else it is (a Makefile, a .gitignore)
        for (Path f : files(root.resolve("exercises"))) {
            String rel = root.relativize(f).toString();
            if (!rel.contains("solutions") && !rel.contains("target") && !ANSWERS.contains(f.getFileName().toString())) {
                byHash.remove(sha(f));
            }
        }
        return byHash;
    }

    /** No answer in OUT: by name, by folder, and by content. */
    static void assertNoAnswer(Path out) throws Exception {
        Map<String, Path> answers = answers();
        Path root = ReadmeTwinsTest.root();
        for (Path f : files(out)) {
            String rel = out.relativize(f).toString();
            assertThat(ANSWERS).as("%s is an answer's name", rel).doesNotContain(f.getFileName().toString());
            assertThat(rel).as("a handout's file").doesNotContain("solutions").doesNotContain("teacher");
            Path same = answers.get(sha(f));
            assertThat(same).as("%s is the same file as %s", rel, same == null ? "" : root.relativize(same)).isNull();
            if (rel.endsWith(".java") || rel.endsWith(".py") || rel.endsWith(".c")) {
                String text = Files.readString(f);
                // a chapter's model class (SelectModel, BlockingModel ...) or a solution's marks
                assertThat(text).as("%s names a chapter's model class", rel).doesNotContainPattern("class \\w+Model\\b");
            }
        }
    }

    /** Every relative link of every Markdown page of OUT leads to a file of OUT. */
    static void assertLinksStayInside(Path out) throws Exception {
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        for (Path page : files(out)) {
            if (!page.toString().endsWith(".md")) {
                continue;
            }
            for (String line : ExercisePagesTest.prose(page)) {
                Matcher m = link.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.contains("://") || target.startsWith("#") || target.startsWith("mailto:")) {
                        continue;
                    }
                    Path to = page.getParent().resolve(target.replaceFirst("#.*", "")).normalize();
                    assertThat(to).as("%s links to %s", out.relativize(page), target).startsWith(out).exists();
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        Object doc = new Yaml().load(Files.readString(file));
        assertThat(doc).as("%s is a YAML mapping", file.getFileName()).isInstanceOf(Map.class);
        return (Map<String, Object>) doc;
    }

    /**
     * The GitHub workflow's shell commands, after checking what GitHub Actions requires: on, and jobs
     * whose every job has runs-on and steps, every step either uses ACTION@VERSION or runs a command.
     */
    @SuppressWarnings("unchecked")
    static List<String> githubCommands(Path file) throws IOException {
        Map<String, Object> wf = yaml(file);
        // YAML 1.1 (SnakeYAML) reads the key on as true; GitHub reads it as "on"
        assertThat(wf.containsKey("on") || wf.containsKey(Boolean.TRUE)).as("the workflow's on:").isTrue();
        Object on = wf.containsKey("on") ? wf.get("on") : wf.get(Boolean.TRUE);
        assertThat((Map<String, Object>) on).as("it runs on every push").containsKey("push");
        Map<String, Object> jobs = (Map<String, Object>) wf.get("jobs");
        assertThat(jobs).as("jobs").isNotEmpty();
        List<String> commands = new ArrayList<>();
        for (Object j : jobs.values()) {
            Map<String, Object> job = (Map<String, Object>) j;
            assertThat(job).containsKeys("runs-on", "steps");
            List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
            assertThat(steps).isNotEmpty();
            assertThat(steps.get(0).get("uses")).as("the first step checks the repository out")
                    .asString().startsWith("actions/checkout@");
            for (Map<String, Object> step : steps) {
                assertThat(step.containsKey("uses") ^ step.containsKey("run")).as("a step uses or runs: %s", step).isTrue();
                if (step.containsKey("uses")) {
                    assertThat(step.get("uses")).asString().matches("[\\w-]+/[\\w-]+@v\\d+");
                } else if (!"always()".equals(step.get("if"))) {
                    commands.add((String) step.get("run"));
                }
            }
        }
        assertThat(commands).as("the workflow's commands").isNotEmpty();
        return commands;
    }

    /** The GitLab job's script, after checking what GitLab CI requires: a job with a script, the JUnit report. */
    @SuppressWarnings("unchecked")
    static List<String> gitlabCommands(Path file) throws IOException {
        Map<String, Object> ci = yaml(file);
        List<String> commands = new ArrayList<>();
        for (Map.Entry<String, Object> e : ci.entrySet()) {
            if (e.getKey().startsWith(".") || Set.of("stages", "variables", "default", "include", "workflow").contains(e.getKey())) {
                continue;
            }
            Map<String, Object> job = (Map<String, Object>) e.getValue();
            assertThat(job).as("job %s", e.getKey()).containsKeys("image", "script");
            commands.addAll((List<String>) job.get("script"));
            Map<String, Object> artifacts = (Map<String, Object>) job.get("artifacts");
            assertThat(artifacts).as("job %s keeps the reports", e.getKey()).containsEntry("when", "always");
            assertThat((Map<String, Object>) artifacts.get("reports")).containsKey("junit");
        }
        assertThat(commands).as("the GitLab job's script").isNotEmpty();
        return commands;
    }

    static Result runAll(Path dir, List<String> commands) throws Exception {
        return run(dir, 600, Map.of(), "bash", "-euo", "pipefail", "-c", String.join("\n", commands));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void theHandoutFor04HoldsNoAnswerAndItsOwnCiFailsTheStarterAndPassesASolution(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("io-models-04");
        Result made = handout(out, "04");
        assertThat(made.code()).as("handout.sh 04: %s", made.output()).isZero();

        for (String f : List.of("README.md", "README.zh.md", "grade.sh", ".gitignore", ".gitlab-ci.yml",
                ".github/workflows/grade.yml", "checker/conformance.jar", "kit/exercise.sh", "kit/Client.java",
                "kit/src/main/java/io/models/exercises/kit/Kit.java", "04-select/run.sh", "04-select/LANGUAGE",
                "04-select/worksheet.md", "04-select/worksheet.zh.md", "04-select/report.md", "04-select/report.zh.md",
                "04-select/src/main/java/io/models/exercises/select/Starter.java", "04-select/python/server.py")) {
            assertThat(out.resolve(f)).as("the handout's %s", f).isRegularFile();
        }
        assertThat(Files.readString(out.resolve("04-select/LANGUAGE")).strip()).isEqualTo("java");
        assertThat(out.resolve("01-blocking")).as("only the exercise asked for").doesNotExist();
        assertNoAnswer(out);
        assertLinksStayInside(out);
        assertThat(Files.readString(out.resolve("README.zh.md"))).contains("提交要求", "评分方式", "04-select/worksheet.zh.md");
        assertThat(Files.readString(out.resolve("04-select/report.zh.md"))).startsWith("# 实验报告：04-select")
                .contains("[English](report.md)");

        List<String> github = githubCommands(out.resolve(".github/workflows/grade.yml"));
        List<String> gitlab = gitlabCommands(out.resolve(".gitlab-ci.yml"));

        // the starter, as handed out: both CI jobs fail, with the checker's reason and its report
        for (List<String> commands : List.of(github, gitlab)) {
            Result r = runAll(out, commands);
            assertThat(r.code()).as("the CI's commands on the starter: %s", r.output()).isEqualTo(1);
            assertThat(r.output()).contains("javac and jar (JDK only)", "FAIL every-byte", "04-select (java): FAILED");
            assertThat(Files.readString(out.resolve("reports/04-select/TEST-conformance.xml"))).contains("<failure");
        }

        // a solution in the Python starter's place, LANGUAGE python: both pass, full marks on the rubric,
        // every case the rubric names in the JUnit XML and none failed
        if (ExerciseScriptsTest.onPath("python3")) {
            Files.copy(ReadmeTwinsTest.root().resolve("exercises/solutions/04-select/python/server.py"),
                    out.resolve("04-select/python/server.py"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(out.resolve("04-select/LANGUAGE"), "python\n");
            for (List<String> commands : List.of(github, gitlab)) {
                Result r = runAll(out, commands);
                assertThat(r.code()).as("the CI's commands on a solution: %s", r.output()).isZero();
                assertThat(r.output()).contains("graded with 04-select/rubric.txt", "score: 100/100",
                        "04-select (python): passed");
                long rubricCases = Files.readAllLines(out.resolve("04-select/rubric.txt")).stream()
                        .filter(line -> line.matches("[a-z][a-z0-9-]* +([0-9]+( .*)?|expect-fail)")).count();
                assertThat(rubricCases).as("the cases 04's rubric names").isGreaterThanOrEqualTo(12);
                assertThat(Files.readString(out.resolve("reports/04-select/TEST-conformance.xml")))
                        .contains("tests=\"" + rubricCases + "\"").doesNotContain("<failure");
            }
        }
        // and the C starter builds there with its Makefile, and fails
        if (ExerciseScriptsTest.onPath("make") && ExerciseScriptsTest.onPath("cc")) {
            Files.writeString(out.resolve("04-select/LANGUAGE"), "c\n");
            Result r = run(out, 300, Map.of(), "./grade.sh", "04-select");
            assertThat(r.code()).as("the C starter: %s", r.output()).isEqualTo(1);
            assertThat(r.output()).contains("FAIL every-byte", "04-select (c): FAILED");
        }
        // what the runs left is what .gitignore keeps out of the students' commits
        assertThat(Files.readString(out.resolve(".gitignore"))).contains("target/", ".run/", "reports/");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void allExercisesUnguidedInPythonOnly(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("course");
        Result made = handout(out, "--lang", "python", "--unguided", "all");
        assertThat(made.code()).as("handout.sh --lang python --unguided all: %s", made.output()).isZero();
        List<String> exercises = List.of("01-blocking", "02-threadpool", "03-nonblocking", "04-select", "05-aio", "06-selectors");
        for (String e : exercises) {
            assertThat(out.resolve(e + "/python/server.py")).isRegularFile();
            assertThat(out.resolve(e + "/src")).as("no Java starter with --lang python").doesNotExist();
            assertThat(out.resolve(e + "/c")).as("no C starter with --lang python").doesNotExist();
            assertThat(Files.readString(out.resolve(e + "/LANGUAGE")).strip()).isEqualTo("python");
            assertThat(Files.readString(out.resolve(e + "/python/server.py"))).as("%s unguided", e)
                    .doesNotContain("GUIDE").contains("TODO");
            assertThat(Files.readString(out.resolve("README.md"))).contains("(" + e + "/worksheet.md)");
            assertThat(Files.readString(out.resolve("README.zh.md"))).contains("(" + e + "/worksheet.zh.md)");
        }
        assertThat(Files.readString(out.resolve("README.md"))).contains("unguided");
        assertNoAnswer(out);
        assertLinksStayInside(out);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void itRefusesAFolderInsideTheRepositoryOrNotEmpty(@TempDir Path tmp) throws Exception {
        Result inside = handout(ReadmeTwinsTest.root().resolve("target/handout-test"), "04");
        assertThat(inside.code()).as(inside.output()).isEqualTo(2);
        assertThat(inside.output()).contains("inside the repository");
        Files.writeString(tmp.resolve("something"), "x");
        Result full = handout(tmp, "04");
        assertThat(full.code()).as(full.output()).isEqualTo(2);
        assertThat(full.output()).contains("is not empty");
        assertThat(tmp.resolve("something")).exists();
        Result unknown = handout(tmp.resolve("x"), "07");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.output()).contains("no exercise 07");
    }
}
