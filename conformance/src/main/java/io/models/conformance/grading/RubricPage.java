package io.models.conformance.grading;

import io.models.common.cli.Cli;
import io.models.conformance.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conformance rubric-page FILE...}: writes the pages students read, {@code rubric.md} and
 * {@code rubric.zh.md}, next to each rubric file, from it alone; {@code --check} only says which
 * are out of date. The pages are never edited by hand: a test fails when one differs from what
 * its rubric file gives.
 */
@Command(name = RubricPage.NAME, mixinStandardHelpOptions = true, usageHelpAutoWidth = true)
public final class RubricPage implements Callable<Integer> {

    static final String NAME = "rubric-page";
    public static final String PAGE = "rubric.md";
    public static final String PAGE_ZH = "rubric.zh.md";

    @Parameters(paramLabel = "FILE", arity = "1..*", descriptionKey = "rubric-page.help.files")
    List<Path> files;

    @Option(names = "--check", descriptionKey = "rubric-page.help.check")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int stale = 0;
        for (Path file : files) {
            try {
                Rubric rubric = Rubric.read(file);
                for (Locale language : List.of(Locale.ENGLISH, Locale.CHINESE)) {
                    Path page = pagePath(file, language);
                    String text = page(rubric, language);
                    String now = Files.isRegularFile(page) ? Files.readString(page, StandardCharsets.UTF_8) : null;
                    if (text.equals(now)) {
                        continue;
                    }
                    if (check) {
                        out.println(Messages.get("grading.page.stale", page, file));
                        stale++;
                    } else {
                        Grading.write(page, text);
                        out.println(Messages.get("grading.page.written", page));
                    }
                }
            } catch (Rubric.Invalid e) {
                err.println("conformance " + NAME + ": " + e.getMessage());
                return Cli.USAGE;
            } catch (IOException e) {
                err.println("conformance " + NAME + ": " + e.getMessage());
                return Cli.FAILED;
            }
        }
        return stale == 0 ? 0 : Cli.FAILED;
    }

    /** Where the page of {@code rubricFile} in {@code language} goes: next to it. */
    public static Path pagePath(Path rubricFile, Locale language) {
        Path dir = rubricFile.toAbsolutePath().getParent();
        return dir.resolve(language.getLanguage().equals("zh") ? PAGE_ZH : PAGE);
    }

    /**
     * The rubric file as the page names it: {@code exercises/NN-name/FILE} for an exercise's (the
     * same from wherever the command runs), else its file name.
     */
    static String shownPath(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir != null && dir.getParent() != null && dir.getParent().getFileName() != null
                && dir.getParent().getFileName().toString().equals("exercises")) {
            return "exercises/" + dir.getFileName() + "/" + abs.getFileName();
        }
        return abs.getFileName().toString();
    }

    /** The page of {@code rubric} in {@code language}, in Markdown: what each case is worth and what a pass shows. */
    public static String page(Rubric rubric, Locale language) {
        String shown = shownPath(rubric.file());
        String name = rubric.file().getFileName().toString();
        boolean exercise = shown.startsWith("exercises/");
        String title = rubric.title(language) != null ? rubric.title(language)
                : rubric.file().toAbsolutePath().getParent().getFileName().toString();
        StringBuilder md = new StringBuilder();
        md.append(t(language, "grading.page.generated", name, "java -jar conformance/target/conformance.jar " + NAME + " "
                + shown)).append("\n");
        md.append(t(language, "grading.page.title", title)).append("\n\n");
        md.append(language.getLanguage().equals("zh") ? "[English](" + PAGE + ")" : "[中文](" + PAGE_ZH + ")").append("\n\n");
        md.append(t(language, "grading.page.intro", name, String.valueOf(rubric.maxScore()))).append("\n\n");
        md.append("<!-- not run: it needs the student's own server, ./server -->\n");
        md.append("```sh\njava -jar conformance/target/conformance.jar --exec \"./server {port}\" --rubric ").append(shown)
                .append("\n```\n\n");
        boolean zh = language.getLanguage().equals("zh");
        md.append(t(language, "grading.page.score", String.valueOf(rubric.maxScore()))).append(exercise
                ? (zh ? "" : " ") + t(language, "grading.page.more", "../../conformance/README" + (zh ? ".zh.md" : ".md")
                        + "#" + t(language, "grading.page.anchor")) : "").append("\n\n");
        md.append(t(language, "grading.page.header")).append("\n|---|--:|---|---|\n");
        for (Rubric.Item item : rubric.items()) {
            if (!item.expectFail()) {
                String note = item.note(language);
                md.append("| `").append(item.name()).append("` | ").append(item.points()).append(" | ")
                        .append(Score.proves(item, language)).append(note == null ? " |" : " | " + note).append(" |\n");
            }
        }
        md.append(t(language, "grading.page.total", String.valueOf(rubric.maxScore()))).append("\n");
        List<Rubric.Item> expected = rubric.items().stream().filter(Rubric.Item::expectFail).toList();
        if (!expected.isEmpty()) {
            md.append("\n").append(t(language, "grading.page.expected.title")).append("\n\n");
            md.append(t(language, "grading.page.expected.intro")).append("\n\n");
            md.append(t(language, "grading.page.header.expected")).append("\n|---|---|---|\n");
            for (Rubric.Item item : expected) {
                String note = item.note(language);
                md.append("| `").append(item.name()).append("` | ").append(note == null ? "" : note).append(" | ")
                        .append(Score.proves(item, language)).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String t(Locale language, String key, Object... args) {
        return Messages.in(language, key, args);
    }
}
