package io.models.common.chapter;

import java.util.ArrayList;
import java.util.List;

/**
 * What the checker ({@code conformance}) must find when it checks a chapter's server, or its
 * {@code NoteServer}, started with {@link #args}: which cases it runs, which of them fail by the
 * model's design, each with the words of its message and the note's words for why, and the IO
 * model its {@code model} case must see in /proc ({@code --model}).
 *
 * @param args   the server's flags
 * @param cases  the cases to run; empty for every case
 * @param fails  the cases that must fail, and how
 * @param models the model the checker must see: one of {@code blocking, threads, pool, nonblocking,
 *               select, poll, epoll, io_uring}; more than one where the flags leave it to the machine
 *               (09's default transport); empty if not said
 */
public record Check(List<String> args, List<String> cases, List<Failure> fails, List<String> models) {

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
        models = List.copyOf(models);
    }

    /** Every case, with no flags; nothing fails yet. */
    public static Check everyCase() {
        return new Check(List.of(), List.of(), List.of(), List.of());
    }

    /** The same with these flags. */
    public Check with(String... flags) {
        return new Check(List.of(flags), cases, fails, models);
    }

    /** Only these cases (where the others add nothing). */
    public Check only(String... names) {
        return new Check(args, List.of(names), fails, models);
    }

    /**
     * The checker's {@code model} case must see this model ({@code --model}), or one of these where
     * the machine decides ({@code "io_uring", "epoll"}: the first where it starts).
     */
    public Check model(String... anyOf) {
        return new Check(args, cases, fails, List.of(anyOf));
    }

    /** {@code testCase} fails by design, with {@code message} in its report; {@code why} in the note's words. */
    public Check fails(String testCase, String message, String why) {
        List<Failure> more = new ArrayList<>(fails);
        more.add(new Failure(testCase, message, why));
        return new Check(args, cases, more, models);
    }
}
