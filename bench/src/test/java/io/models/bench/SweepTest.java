package io.models.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which points run, and how the flags narrow them. */
class SweepTest {

    @Test
    void theDefaultSweepHasEveryShapeAndRuns01AtOneConnectionOnly() {
        List<Step> steps = new Sweep(false, null, null, null).steps();
        assertThat(steps).extracting(Step::shape).contains(Shape.values());
        assertThat(steps).filteredOn(s -> s.subject() == Subject.BLOCKING && s.load().active() > 0)
                .allMatch(s -> s.load().active() == 1);
        int concurrent = Subject.MAIN.size() - 1; // all but 01-blocking, at 1, 10, 100 and 1000
        assertThat(steps).filteredOn(s -> s.shape() == Shape.PING_PONG_64 && s.trial() == 1).hasSize(1 + concurrent * 4);
        assertThat(steps).filteredOn(s -> s.shape() == Shape.HEAVY).extracting(Step::subject)
                .containsExactly(Subject.HEAVY_ON_REACTOR, Subject.HEAVY_ON_WORKERS);
        assertThat(steps).filteredOn(s -> s.shape() == Shape.POOL).allMatch(s -> s.subject() == Subject.POOL_8);
        assertThat(steps).filteredOn(s -> s.shape() == Shape.HOLD).extracting(Step::connections).containsOnly(10_000);
        assertThat(steps).filteredOn(s -> s.shape() == Shape.MIXED && s.subject() == Subject.SELECT)
                .extracting(s -> s.load().idle()).containsExactly(0, 1000, 5000);
    }

    @Test
    void virtualThreadsHaveARowInEveryShapeButThePoolsAndTheirTargetsCompareWithTheSelectors() {
        List<Step> steps = new Sweep(false, Set.of("07-virtual-threads"), null, null).steps();
        assertThat(steps).extracting(Step::shape).containsOnly(Shape.PING_PONG_64, Shape.PING_PONG_4K, Shape.STREAM,
                Shape.MIXED, Shape.IDLE, Shape.HOLD).contains(Shape.PING_PONG_64, Shape.PING_PONG_4K, Shape.STREAM,
                Shape.MIXED, Shape.IDLE, Shape.HOLD);
        assertThat(Subject.module("07")).isEqualTo("07-virtual-threads");
        List<Step> compared = new Sweep(false, Set.of("06-selectors", "07-virtual-threads"), Set.of(1000), Set.of("pingpong"))
                .steps().stream().filter(s -> s.shape() == Shape.PING_PONG_64).toList();
        assertThat(compared).extracting(s -> s.subject().module() + " " + s.trial()).containsExactly(
                "06-selectors 1", "07-virtual-threads 1", "06-selectors 2", "07-virtual-threads 2",
                "06-selectors 3", "07-virtual-threads 3");
    }

    @Test
    void theComparedPointsRunThreeTimesInterleavedAndOnlyWhenSelected() {
        List<Step> steps = new Sweep(false, null, null, null).steps();
        assertThat(steps).filteredOn(s -> s.key().equals(new Step(Shape.STREAM, Subject.C, Load.stream(10, 65536)).key()))
                .extracting(Step::trial).containsExactly(1, 2, 3);
        List<Step> trials = steps.stream().filter(s -> s.trial() > 1).toList();
        assertThat(trials).hasSize(2 * 16);
        List<Step> narrowed = new Sweep(false, Set.of("06-selectors"), Set.of(100), Set.of("pingpong")).steps();
        assertThat(narrowed).extracting(Step::trial).containsExactly(1, 1, 2, 2, 3, 3); // 64 B and 4 KiB, 3 runs each
        assertThat(new Sweep(true, null, null, null).steps()).allMatch(s -> s.trial() == 1);
    }

    @Test
    void severalRunsOfOnePointAreOneRowTheMedianRun() {
        Step a = new Step(Shape.PING_PONG_64, Subject.C, Load.pingPong(100, 64), 1);
        Step b = new Step(Shape.PING_PONG_64, Subject.C, Load.pingPong(100, 64), 2);
        Step c = new Step(Shape.PING_PONG_64, Subject.C, Load.pingPong(100, 64), 3);
        List<Result> merged = Bench.merge(List.of(result(a, 300), result(b, 100), result(c, 200)));
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).requests()).isEqualTo(200);
        assertThat(merged.get(0).trials()).containsExactly(300.0, 100.0, 200.0);
        assertThat(merged.get(0).step().trial()).isEqualTo(1);
    }

    private static Result result(Step s, long requests) {
        return new Result(s, null, 1, requests, requests * 64, 1, 2, 3, 0.5, 1, 1, 1, 0, 0, List.of());
    }

    @Test
    void theDefaultSweepFitsInFifteenMinutesByItsOwnEstimate() {
        // Ten minutes until 09-netty's three transports, 08-reactors and 07-virtual-threads joined
        // every shape (about 3:40, 1:10 and 1:10 more).
        List<Step> steps = new Sweep(false, null, null, null).steps();
        Runner runner = new Runner(new Runner.Env(null, null, List.of(), CReference.absent("test"), 2, Runner.Timing.DEFAULT));
        assertThat(steps.stream().mapToDouble(runner::estimateSeconds).sum()).isLessThan(900);
        List<Step> quick = new Sweep(true, null, null, null).steps();
        Runner quickRunner = new Runner(new Runner.Env(null, null, List.of(), CReference.absent("test"), 2, Runner.Timing.QUICK));
        assertThat(quick.stream().mapToDouble(quickRunner::estimateSeconds).sum()).isLessThan(60);
    }

    @Test
    void netty09RunsOnItsThreeTransportsInEveryShapeThatComparesModels() {
        List<Step> steps = new Sweep(false, Set.of("09-netty"), null, null).steps();
        assertThat(steps).extracting(s -> s.subject().name()).containsOnly("09-netty nio", "09-netty epoll", "09-netty io_uring");
        for (Shape shape : List.of(Shape.PING_PONG_64, Shape.PING_PONG_4K, Shape.STREAM, Shape.MIXED, Shape.IDLE, Shape.HOLD)) {
            assertThat(steps).as("%s", shape).filteredOn(s -> s.shape() == shape).extracting(s -> s.subject().args())
                    .contains(List.of("--transport", "nio"), List.of("--transport", "epoll"), List.of("--transport", "io_uring"));
        }
    }

    @Test
    void modelsAndConnectionsNarrowIt() {
        List<Step> steps = new Sweep(false, Set.of("06-selectors", "c-epoll"), Set.of(100), null).steps();
        assertThat(steps).isNotEmpty().allMatch(s -> s.subject() == Subject.SELECTORS || s.subject() == Subject.C);
        assertThat(steps).allMatch(s -> s.shape() == Shape.MIXED ? s.load().active() == 100 : s.connections() == 100);
        assertThat(steps).noneMatch(s -> s.shape() == Shape.MIXED); // mixed needs 1000 or 5000 idle
        List<Step> mixed = new Sweep(false, Set.of("04-select"), Set.of(5000), Set.of("mixed")).steps();
        assertThat(mixed).extracting(s -> s.load().idle()).containsExactly(0, 5000);
    }

    @Test
    void modelNamesResolve() {
        assertThat(Subject.module("06")).isEqualTo("06-selectors");
        assertThat(Subject.module("04-select")).isEqualTo("04-select");
        assertThat(Subject.module("selectors")).isEqualTo("06-selectors");
        assertThat(Subject.module("C")).isEqualTo(Subject.C_MODULE);
        assertThat(Subject.module("09")).isEqualTo("09-netty");
        assertThatThrownBy(() -> Subject.module("99")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a model");
        assertThatThrownBy(() -> Subject.module(" ")).hasMessageContaining("not a model");
        assertThatThrownBy(() -> Subject.module("0")).hasMessageContaining("more than one model"); // not the first that fits
    }

    @Test
    void aTargetRunsEveryShapeButThePoolsOnceEachOnItsOwnRow() {
        Subject t = Subject.target("127.0.0.1:9000");
        List<Step> steps = new TargetSweep(t, false, null, null).steps();
        assertThat(steps).allMatch(s -> s.subject() == t && s.trial() == 1);
        assertThat(steps).extracting(Step::shape).doesNotContain(Shape.POOL)
                .contains(Shape.PING_PONG_64, Shape.PING_PONG_4K, Shape.STREAM, Shape.MIXED, Shape.IDLE, Shape.HOLD);
        assertThat(steps).filteredOn(s -> s.shape() == Shape.PING_PONG_64).extracting(Step::connections)
                .containsExactly(1, 10, 100, 1000);
        assertThat(new TargetSweep(t, true, null, null).steps()).extracting(s -> s.shape() + " " + s.connections())
                .containsExactly("PING_PONG_64 100", "STREAM 1", "IDLE 1000");
        assertThat(new TargetSweep(t, false, Set.of(5000), null).steps()).extracting(s -> s.load().idle())
                .containsExactly(0, 5000); // the mixed shape with its 0 baseline
        assertThat(new TargetSweep(t, false, Set.of(100), Set.of("mixed")).steps()).isEmpty();
        assertThat(t.isTarget()).isTrue();
        assertThat(Subject.SELECTORS.isTarget()).isFalse();
    }

    @Test
    void listPrintsThePointsAndRunsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new Main(new PrintStream(out, true, StandardCharsets.UTF_8), false));
        assertThat(cl.execute("--list", "--quick", "--models", "06")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("06-selectors", "points, about");
        // A target is listed without being reached: nothing listens on port 1.
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        cl = new CommandLine(new Main(new PrintStream(target, true, StandardCharsets.UTF_8), false));
        assertThat(cl.execute("--list", "--target", "127.0.0.1:1")).isZero();
        assertThat(target.toString(StandardCharsets.UTF_8).lines()).filteredOn(l -> l.startsWith("127.0.0.1:1 ")).hasSize(15);
    }
}
