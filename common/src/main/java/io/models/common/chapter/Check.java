package io.models.common.chapter;

import java.util.ArrayList;
import java.util.List;

/**
 * What the checker ({@code conformance}) must find when it checks a chapter's server, or its
 * {@code NoteServer}, started with {@link #args}: which cases it runs, and which of them fail by the
 * model's design, each with the words of its message and the note's words for why.
 *
 * @param args  the server's flags
 * @param cases the cases to run; empty for every case
 * @param fails the cases that must fail, and how
 */
public record Check(List<String> args, List<String> cases, List<Failure> fails) {

    /**
     * A case that fails by design.
     *
     * @param testCase the checker's case, such as {@code held-1000}
     * @param message  words its failure message must contain
     * @param why      why, in the note's words (quoted with its section)
     */
    public record Failure(String testCase, String message, String why) {
    }

    public Check {
        args = List.copyOf(args);
        cases = List.copyOf(cases);
        fails = List.copyOf(fails);
    }

    /** Every case, with no flags; nothing fails yet. */
    public static Check everyCase() {
        return new Check(List.of(), List.of(), List.of());
    }

    /** The same with these flags. */
    public Check with(String... flags) {
        return new Check(List.of(flags), cases, fails);
    }

    /** Only these cases (where the others add nothing). */
    public Check only(String... names) {
        return new Check(args, List.of(names), fails);
    }

    /** {@code testCase} fails by design, with {@code message} in its report; {@code why} in the note's words. */
    public Check fails(String testCase, String message, String why) {
        List<Failure> more = new ArrayList<>(fails);
        more.add(new Failure(testCase, message, why));
        return new Check(args, cases, more);
    }
}
