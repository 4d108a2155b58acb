package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.conformance.cases.Cases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a server must get from the checker: every case run passes, except the failures named here,
 * each with words its reason must contain and why it fails, in the note's words.
 */
final class Expect {

    /** A failure expected by design. */
    record Failure(String reasonContains, String why) {
    }

    private final Map<String, Failure> failures = new LinkedHashMap<>();
    private final Map<String, Failure> either = new LinkedHashMap<>();

    static Expect allPass() {
        return new Expect();
    }

    /** Case {@code name} fails, its reason containing {@code reasonContains}, because {@code why} (the note's words). */
    Expect fails(String name, String reasonContains, String why) {
        assertThat(Cases.named(name)).as("a case called %s", name).isNotNull();
        failures.put(name, new Failure(reasonContains, why));
        return this;
    }

    /**
     * Case {@code name} passes or fails depending on how fast the server runs on a loaded machine,
     * because {@code why}; if it fails, its reason contains {@code reasonContains}.
     */
    Expect either(String name, String reasonContains, String why) {
        assertThat(Cases.named(name)).as("a case called %s", name).isNotNull();
        either.put(name, new Failure(reasonContains, why));
        return this;
    }

    /** The cases whose verdict depends on the machine's load (not compared with a report). */
    Set<String> loadDependent() {
        return either.keySet();
    }

    /** Every case after {@code name} (among those run) fails without running: the server is gone. */
    Expect restNotRun(String after, List<String> run, String why) {
        boolean past = false;
        for (String c : run) {
            if (past) {
                fails(c, "not run: ", why);
            }
            past |= c.equals(after);
        }
        return this;
    }

    Map<String, Failure> failures() {
        return failures;
    }

    /** Asserts that {@code run} printed exactly this: each case of {@code cases} once, as expected, and the right exit code. */
    void assertMatches(String subject, List<String> cases, CheckRun run) {
        Map<String, String> verdicts = run.verdicts();
        assertThat(verdicts.keySet()).as("%s: the cases printed, in order\n%s", subject, run.printed())
                .containsExactlyElementsOf(cases);
        long failed = 0;
        for (String c : cases) {
            Failure f = failures.get(c);
            Failure e = either.get(c);
            if (e != null && verdicts.get(c).startsWith("FAIL")) {
                f = e; // it failed this time: for the reason expected
            }
            if (f == null) {
                assertThat(verdicts.get(c)).as("%s: %s\n%s", subject, c, run.printed()).matches("PASS(: .*)?");
            } else {
                assertThat(verdicts.get(c)).as("%s: %s fails by design: %s\n%s", subject, c, f.why(), run.printed())
                        .startsWith("FAIL: ").contains(f.reasonContains());
                failed++;
            }
        }
        assertThat(run.out()).as("%s: the summary\n%s", subject, run.printed())
                .last().isEqualTo("%d passed, %d failed".formatted(cases.size() - failed, failed));
        assertThat(run.exitCode()).as("%s: the exit code\n%s", subject, run.printed()).isEqualTo(failed == 0 ? 0 : 1);
    }
}
