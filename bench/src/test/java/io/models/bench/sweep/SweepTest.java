package io.models.bench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.bench.load.Load;
import io.models.bench.load.Shape;
import io.models.bench.server.CReference;
import io.models.bench.server.Catalog;
import io.models.bench.server.Subject;
import io.models.common.chapter.Chapters;
import io.models.common.chapter.Variant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which points run, as the chapters' descriptors declare their variants, and how the flags narrow them. */
class SweepTest {

    private static final Catalog CATALOG = Catalog.of(Chapters.onClassPath());
    private static final List<Subject> ALL = CATALOG.subjects();

    private static List<Step> sweep(boolean quick, Set<String> modules, Set<Integer> connections, Set<String> shapes) {
        return new Sweep(ALL, quick, modules, connections, shapes).steps();
    }

    /** The catalog's row of {@code module} with these flags. */
    private static Subject subject(String module, String... args) {
        return ALL.stream().filter(s -> s.is(module, List.of(args))).findFirst()
                .orElseThrow(() -> new AssertionError("no variant " + module + " " + List.of(args) + " in " + CATALOG.names()));
    }

    @Test
    void everyShapesRowsAreTheVariantsThatNameItAndAModelThatServesOneAtATimeRunsAtOneConnection() {
        List<Step> steps = sweep(false, null, null, null);
        assertThat(steps).extracting(Step::shape).contains(Shape.values());
        for (Shape shape : Shape.values()) {
            assertThat(steps).as("%s", shape).filteredOn(s -> s.shape() == shape).extracting(Step::subject).containsOnly(
                    ALL.stream().filter(s -> s.in(shape.flag)).toArray(Subject[]::new));
        }
        assertThat(ALL).filteredOn(s -> !s.concurrent()).isNotEmpty();
        assertThat(steps).filteredOn(s -> !s.subject().concurrent() && s.load().active() > 0)
                .allMatch(s -> s.load().active() == 1);
        assertThat(steps).filteredOn(s -> !s.subject().concurrent() && s.shape() == Shape.IDLE)
                .allMatch(s -> !s.load().touch()); // it would answer only the first
        long concurrent = ALL.stream().filter(s -> s.in("pingpong") && s.concurrent()).count();
        long oneAtATime = ALL.stream().filter(s -> s.in("pingpong") && !s.concurrent()).count();
        assertThat(steps).filteredOn(s -> s.shape() == Shape.PING_PONG_64 && s.trial() == 1 && s.main())
                .hasSize((int) (oneAtATime + concurrent * 4)); // at 1, 10, 100 and 1000
        assertThat(steps).filteredOn(s -> s.shape() == Shape.HEAVY).extracting(Step::subject).containsExactly(
                subject("08-reactors", "--workers", "0", "--work-us", "2000"), subject("08-reactors", "--workers", "2", "--work-us", "2000"));
        assertThat(steps).filteredOn(s -> s.shape() == Shape.POOL).allMatch(s -> s.subject().is("02-threadpool", List.of("--pool", "8")));
        assertThat(steps).filteredOn(s -> s.shape() == Shape.HOLD).extracting(Step::connections).containsOnly(10_000);
        assertThat(steps).filteredOn(s -> s.shape() == Shape.MIXED && s.subject().module().equals("04-select"))
                .extracting(s -> s.load().idle()).containsExactly(0, 1000, 5000);
    }

    @Test
    void everyVariantNamesOnlyShapesTheBenchHasAndEveryChapterHasOneForTheQuickRun() {
        for (var c : Chapters.onClassPath()) {
            assertThat(c.variants()).as(c.name()).isNotEmpty().anyMatch(Variant::quick);
            for (Variant v : c.variants()) {
                assertThat(v.shapes()).as(v.label(c.name())).isNotEmpty().allMatch(Shape::isFlag);
            }
        }
        List<Step> quick = sweep(true, null, null, null);
        assertThat(quick).extracting(s -> s.subject().module()).containsAll(CATALOG.modules());
        assertThat(quick).allMatch(s -> s.subject().quick() && s.trial() == 1);
    }

    @Test
    void virtualThreadsHaveARowInEveryShapeButThePoolsAndTheirTargetsCompareWithTheSelectors() {
        List<Step> steps = sweep(false, Set.of("07-virtual-threads"), null, null);
        assertThat(steps).extracting(Step::shape).containsOnly(Shape.PING_PONG_64, Shape.PING_PONG_4K, Shape.STREAM,
                Shape.MIXED, Shape.IDLE, Shape.HOLD).contains(Shape.PING_PONG_64, Shape.PING_PONG_4K, Shape.STREAM,
                Shape.MIXED, Shape.IDLE, Shape.HOLD);
        assertThat(CATALOG.module("07")).isEqualTo("07-virtual-threads");
        List<Step> compared = sweep(false, Set.of("06-selectors", "07-virtual-threads"), Set.of(1000), Set.of("pingpong"))
                .stream().filter(s -> s.shape() == Shape.PING_PONG_64 && s.main()).toList();
        assertThat(compared).extracting(s -> s.subject().module() + " " + s.trial()).containsExactly(
                "06-selectors 1", "07-virtual-threads 1", "06-selectors 2", "07-virtual-threads 2",
                "06-selectors 3", "07-virtual-threads 3");
    }

    @Test
    void theComparedPointsRunThreeTimesInterleavedAndOnlyWhenSelected() {
        List<Step> steps = sweep(false, null, null, null);
        assertThat(steps).filteredOn(s -> s.key().equals(new Step(Shape.STREAM, CReference.SUBJECT, Load.stream(10, 65536)).key()))
                .extracting(Step::trial).containsExactly(1, 2, 3);
        List<Step> trials = steps.stream().filter(s -> s.trial() > 1 && s.main()).toList();
        int compared = Targets.COMPARED.stream().mapToInt(List::size).sum();
        assertThat(compared).isEqualTo(19);
        assertThat(trials).hasSize(2 * compared); // every compared point is a row of the sweep
        List<Step> narrowed = sweep(false, Set.of("06-selectors"), Set.of(100), Set.of("pingpong"));
        assertThat(narrowed).filteredOn(Step::main).extracting(Step::trial).containsExactly(1, 1, 2, 2, 3, 3); // 64 B and 4 KiB, 3 runs each
        // The headline points again with the C load generator, three runs each; not pinned once each when the rows are pinned.
        int headline = Targets.HEADLINE.stream().mapToInt(List::size).sum();
        assertThat(steps).filteredOn(s -> s.generator() == Step.Generator.C).hasSize(3 * headline)
                .allMatch(s -> !s.shared());
        assertThat(steps).noneMatch(Step::shared);
        assertThat(new Sweep(ALL, false, null, null, null, true).steps()).filteredOn(Step::shared).hasSize(headline)
                .allMatch(s -> s.generator() == Step.Generator.JAVA && s.trial() == 1);
        assertThat(sweep(true, null, null, null)).allMatch(s -> s.trial() == 1);
    }

    @Test
    void severalRunsOfOnePointAreOneRowTheMedianRun() {
        Step a = new Step(Shape.PING_PONG_64, CReference.SUBJECT, Load.pingPong(100, 64), 1);
        Step b = new Step(Shape.PING_PONG_64, CReference.SUBJECT, Load.pingPong(100, 64), 2);
        Step c = new Step(Shape.PING_PONG_64, CReference.SUBJECT, Load.pingPong(100, 64), 3);
        List<Measurement> merged = Measurement.merge(List.of(result(a, 300), result(b, 100), result(c, 200)));
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).requests()).isEqualTo(200);
        assertThat(merged.get(0).trials()).containsExactly(300.0, 100.0, 200.0);
        assertThat(merged.get(0).step().trial()).isEqualTo(1);
    }

    private static Measurement result(Step s, long requests) {
        return new Measurement(s, null, 1, requests, requests * 64, 1, 2, 3, 0.5, 1, 1, 1, 0, 0, List.of());
    }

    @Test
    void theDefaultSweepFitsInEighteenMinutesByItsOwnEstimate() {
        // Ten minutes until 09-netty's three transports, 08-reactors and 07-virtual-threads joined
        // every shape (about 3:40, 1:10 and 1:10 more); about seventeen with issue 23's headline points
        // measured by the C load generator too, 09-netty with one event loop, and the second, unpinned table.
        List<Step> steps = new Sweep(ALL, false, null, null, null, true).steps();
        Runner runner = new Runner(new Runner.Env(null, null, List.of(), CReference.absent("test"), 2, Runner.Timing.DEFAULT));
        assertThat(steps.stream().mapToDouble(runner::estimateSeconds).sum()).isLessThan(1080);
        List<Step> quick = sweep(true, null, null, null);
        Runner quickRunner = new Runner(new Runner.Env(null, null, List.of(), CReference.absent("test"), 2, Runner.Timing.QUICK));
        assertThat(quick.stream().mapToDouble(quickRunner::estimateSeconds).sum()).isLessThan(60);
    }

    @Test
    void netty09RunsOnItsThreeTransportsInEveryShapeThatComparesModels() {
        List<Step> steps = sweep(false, Set.of("09-netty"), null, null);
        assertThat(steps).extracting(s -> s.subject().name()).containsOnly("09-netty nio", "09-netty epoll", "09-netty io_uring",
                "09-netty epoll --threads 1"); // one event loop, for the headline comparison with 06's one thread
        assertThat(steps).filteredOn(s -> s.subject().name().endsWith("--threads 1")).extracting(Step::shape)
                .containsOnly(Shape.PING_PONG_64, Shape.PING_PONG_4K);
        for (Shape shape : List.of(Shape.PING_PONG_64, Shape.PING_PONG_4K, Shape.STREAM, Shape.MIXED, Shape.IDLE, Shape.HOLD)) {
            assertThat(steps).as("%s", shape).filteredOn(s -> s.shape() == shape).extracting(s -> s.subject().args())
                    .contains(List.of("--transport", "nio"), List.of("--transport", "epoll"), List.of("--transport", "io_uring"));
        }
    }

    @Test
    void modelsAndConnectionsNarrowIt() {
        Subject selectors = subject("06-selectors");
        List<Step> steps = sweep(false, Set.of("06-selectors", CReference.MODULE), Set.of(100), null);
        assertThat(steps).isNotEmpty().allMatch(s -> s.subject().equals(selectors) || s.subject().equals(CReference.SUBJECT)
                || s.subject().equals(CReference.EDGE));
        assertThat(steps).allMatch(s -> s.shape() == Shape.MIXED ? s.load().active() == 100 : s.connections() == 100);
        assertThat(steps).noneMatch(s -> s.shape() == Shape.MIXED); // mixed needs 1000 or 5000 idle
        List<Step> mixed = sweep(false, Set.of("04-select"), Set.of(5000), Set.of("mixed"));
        assertThat(mixed).extracting(s -> s.load().idle()).containsExactly(0, 5000);
    }

    @Test
    void modelNamesResolve() {
        assertThat(CATALOG.module("06")).isEqualTo("06-selectors");
        assertThat(CATALOG.module("04-select")).isEqualTo("04-select");
        assertThat(CATALOG.module("selectors")).isEqualTo("06-selectors");
        assertThat(CATALOG.module("C")).isEqualTo(CReference.MODULE);
        assertThat(CATALOG.module("09")).isEqualTo("09-netty");
        assertThatThrownBy(() -> CATALOG.module("99")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a model");
        assertThatThrownBy(() -> CATALOG.module(" ")).hasMessageContaining("not a model");
        assertThatThrownBy(() -> CATALOG.module("0")).hasMessageContaining("more than one model"); // not the first that fits
    }

    @Test
    void aTargetRunsEveryShapeButThePoolsOnceEachOnItsOwnRow() {
        Subject t = Subject.target("127.0.0.1:9000");
        List<Step> steps = new TargetSweep(t, false, null, null).steps();
        assertThat(steps).allMatch(s -> s.subject() == t && s.trial() == 1);
        assertThat(steps).extracting(Step::shape).doesNotContain(Shape.POOL, Shape.HEAVY)
                .contains(Shape.PING_PONG_64, Shape.PING_PONG_4K, Shape.STREAM, Shape.MIXED, Shape.IDLE, Shape.HOLD);
        assertThat(steps).filteredOn(s -> s.shape() == Shape.PING_PONG_64).extracting(Step::connections)
                .containsExactly(1, 10, 100, 1000);
        assertThat(new TargetSweep(t, true, null, null).steps()).extracting(s -> s.shape() + " " + s.connections())
                .containsExactly("PING_PONG_64 100", "STREAM 1", "IDLE 1000");
        assertThat(new TargetSweep(t, false, Set.of(5000), null).steps()).extracting(s -> s.load().idle())
                .containsExactly(0, 5000); // the mixed shape with its 0 baseline
        assertThat(new TargetSweep(t, false, Set.of(100), Set.of("mixed")).steps()).isEmpty();
        assertThat(t.isTarget()).isTrue();
        assertThat(subject("06-selectors").isTarget()).isFalse();
    }

    @Test
    void aChapterThatPollsWhileIdleIsExemptFromTheIdleTargetWithEveryVariant() {
        List<Targets.Check> checks = Targets.check(List.of(), ALL);
        List<String> idle = checks.stream().map(Targets.Check::target).filter(t -> t.contains("1000 idle connections")).toList();
        assertThat(idle).noneMatch(t -> t.startsWith("03-nonblocking"))
                .contains("01-blocking ≤ 2% of one core with 1000 idle connections",
                        "06-selectors ≤ 2% of one core with 1000 idle connections",
                        "C epoll (reference) ≤ 2% of one core with 1000 idle connections");
        assertThat(checks).filteredOn(c -> idle.contains(c.target())).allMatch(c -> c.measured().equals("not run"));
    }
}
