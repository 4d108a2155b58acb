package io.models.concepts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guided tour: every step in the note's order, or the steps asked for; one clear line for a bad argument. */
@Timeout(120)
class TourTest {

    record Run(int code, String out, String err) {
    }

    private static Run tour(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Tour.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theWholeTourRunsEveryStepInTheNotesOrder() {
        Run run = tour();
        assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).containsSubsequence("1. 同步", "a) the task computes", "b) the task waits for IO",
                "2. 异步", "3. 阻塞", "4. 非阻塞", "5. checking a variable in a loop", "小结",
                "1. 同步与异步针对的是函数/任务的调用方式", "2. 阻塞与非阻塞针对的是进程或线程");
        assertThat(run.out()).contains("「发起同步调用后,就在原地等着任务结束,根本不考虑任务是在计算还是在io阻塞」")
                .contains("isDone() was false").contains("The result came by callback, on worker")
                .contains("after the first 10,000");
    }

    @Test
    void stepsCanBeChosen() {
        Run run = tour("polling", "blocking");
        assertThat(run.code()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.out()).containsSubsequence("3. 阻塞", "5. checking a variable in a loop", "小结")
                .doesNotContain("1. 同步 (").doesNotContain("2. 异步 (").doesNotContain("4. 非阻塞 (");
    }

    @Test
    void aBadStepIsOneLineAndTheUsage() {
        Run run = tour("sleep");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().findFirst().orElseThrow())
                .isEqualTo("'sleep' is not a step of the tour: choose from sync, async, blocking, nonblocking, polling");
        assertThat(run.err()).contains("Usage: 00-concepts").doesNotContain("\tat ");
    }

    @Test
    void helpSaysWhatItDoes() {
        Run run = tour("--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Usage: 00-concepts").contains("同步, 异步, 阻塞, 非阻塞");
    }
}
