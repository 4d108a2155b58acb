package io.models.common.testkit;

import static io.models.common.testkit.ContractSuite.assertServes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract's cases about the chapter's main, each in a JVM of its own: serving, SIGTERM (Ctrl-C) and bad flags. */
interface MainContract {

    /** The suite running these cases: its server under test and its hooks. */
    ContractSuite suite();

    // 15. The chapter's main: flags, banner, serving, SIGTERM (Ctrl-C) and a bad flag, in a JVM of its own.

    @Test
    default void theMainServesUntilSigtermAndStopsCleanly() throws Exception {
        try (ChildServer child = suite().child().args(suite().mainArgs()).start()) {
            try (TestClient client = TestClient.connect(child.port())) {
                assertServes(client, "through main");
            }
            assertThat(child.stop()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    @Test
    default void theMainRejectsABadFlagWithOneLineAndTheUsage() throws Exception {
        ChildServer.Run run = suite().child().args("--port", "70000").run();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).isNotEmpty();
        assertThat(run.lines().get(0)).contains("--port").contains("70000").doesNotContain("Exception");
        assertThat(String.join("\n", run.lines())).contains("Usage:").doesNotContain("\tat ");
    }

    @Test
    default void theMainRejectsAHostThatDoesNotResolveWithOneLine() throws Exception {
        List<String> args = new ArrayList<>(suite().mainArgs());
        args.addAll(List.of("--host", "nosuchhost.invalid"));
        ChildServer.Run run = suite().child().args(args).run();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).isNotEmpty();
        assertThat(run.lines().get(0)).contains("nosuchhost.invalid").contains("does not resolve")
                .doesNotContain("Exception");
        assertThat(String.join("\n", run.lines())).doesNotContain("\tat ");
    }
}
