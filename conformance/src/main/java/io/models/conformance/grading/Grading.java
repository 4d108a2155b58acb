package io.models.conformance.grading;

import io.models.conformance.Messages;
import io.models.conformance.cases.Case;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checker's grading commands, {@code conformance gradebook} and {@code conformance
 * rubric-page}, and what its {@code Main} needs from this package.
 */
public final class Grading {

    private Grading() {
    }

    /** The command called {@code name} ({@code gradebook}, {@code rubric-page}), or null for the checker itself. */
    public static Object command(String name) {
        return switch (name) {
            case Gradebook.NAME -> new Gradebook();
            case RubricPage.NAME -> new RubricPage();
            default -> null;
        };
    }

    /** The rubric of {@code --gradescope} without {@code --rubric}: each case that runs is worth 1 point. */
    public static Rubric onePointEach(List<Case> cases) {
        String text = cases.stream().map(c -> c.name() + " 1").collect(Collectors.joining("\n"));
        try {
            return Rubric.parse(text, Path.of(Messages.get("grading.one-point-each")), Rubric.knownCases());
        } catch (Rubric.Invalid e) {
            throw new IllegalStateException("the checker's own cases: " + e.getMessage(), e); // never: they are known
        }
    }

    /** Writes {@code text} to {@code file} (UTF-8), making its folder first. */
    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
