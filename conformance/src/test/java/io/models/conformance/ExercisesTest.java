package io.models.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.models.common.testkit.ChildServer;
import io.models.conformance.cases.Cases;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each exercise's starter, run as a student runs it, compiles, starts, says where it listens,
 * and fails the checker until its loop is written: every case fails, the first because the
 * starter closes each client at once, the others because a new client is not served either.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExercisesTest {

    /** 04's starter uses the JDK's poll selector, as 04-select does. */
    private static final List<String> ADD_EXPORTS = List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED");

    record Starter(String label, Class<?> main, List<String> jvmArgs) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Starter> starters() {
        return Stream.of(
                new Starter("exercise-01-blocking", io.models.exercises.blocking.Starter.class, List.of()),
                new Starter("exercise-02-threadpool", io.models.exercises.threadpool.Starter.class, List.of()),
                new Starter("exercise-03-nonblocking", io.models.exercises.nonblocking.Starter.class, List.of()),
                new Starter("exercise-04-select", io.models.exercises.select.Starter.class,
                        ADD_EXPORTS),
                new Starter("exercise-05-aio", io.models.exercises.aio.Starter.class, List.of()),
                new Starter("exercise-06-selectors", io.models.exercises.selectors.Starter.class, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starters")
    void aStarterFailsTheCheckerUntilItsLoopIsWritten(Starter s) throws Exception {
        try (ChildServer starter = ChildServer.of(s.main()).jvm(s.jvmArgs()).measured().start()) {
            CheckRun run = CheckRun.against(starter.port(), starter.pid(), List.of());
            Expect expect = Expect.allPass()
                    .fails("every-byte", "after 0 of 512 bytes" /* closed, or reset: the client had sent its bytes */,
                            "the placeholder accepts each client and closes it at once")
                    .restNotRun("every-byte", Cases.names(), "a new client is closed at once too");
            expect.assertMatches(s.label(), Cases.names(), run);
            assertThat(starter.isAlive()).as("the starter keeps running").isTrue();
        }
    }
}
