package io.models.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule, on made-up samples (one every 10 s for 3 minutes): the level is the median of the first
 * minute's last three samples, the end the median of the last three; descriptors and threads may end
 * {@link Mix#coming} above their level, RSS 10%, the heap after GC 10% or 1 MiB. Each margin is tried
 * on both sides of its edge.
 */
class DriftTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Mix MIX = Mix.STANDARD; // 2 connections come and go

    /** 19 samples, 0 to 180 s: flat at 230 descriptors, 15 threads, 80 MiB RSS, 3 MiB heap, then the last three as given. */
    private static List<Sample> run(int fdsEnd, int threadsEnd, long rssEndKiB, long heapEndKiB) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i <= 18; i++) {
            boolean end = i >= 16;
            s.add(new Sample(i * 10, end ? fdsEnd : 230, end ? threadsEnd : 15, end ? rssEndKiB : 80 * 1024,
                    end ? heapEndKiB : 3 * 1024, 1000, 1000, 10, 0, 0));
        }
        return s;
    }

    private static Drift.Measure measure(Drift d, String name) {
        return d.measures().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aFlatRunHasNoDrift() {
        Drift d = Drift.of(run(230, 15, 80 * 1024, 3 * 1024), MINUTE, MIX);

        assertThat(d.none()).isTrue();
        assertThat(d.drifted()).isEmpty();
        assertThat(d.measures()).extracting(Drift.Measure::name)
                .containsExactly("open descriptors", "threads", "RSS", "heap after GC");
        assertThat(measure(d, "open descriptors").level()).isEqualTo(230);
        assertThat(measure(d, "RSS").level()).isEqualTo(80.0);
    }

    @Test
    void descriptorsAndThreadsMayEndAsManyAboveAsTheMixHasComingAndGoingAndNoMore() {
        assertThat(Drift.of(run(232, 17, 80 * 1024, 3 * 1024), MINUTE, MIX).none()).isTrue();

        Drift fds = Drift.of(run(233, 15, 80 * 1024, 3 * 1024), MINUTE, MIX);
        assertThat(fds.none()).isFalse();
        assertThat(fds.drifted()).containsExactly("open descriptors +3 (allowed +2)");

        Drift threads = Drift.of(run(230, 18, 80 * 1024, 3 * 1024), MINUTE, MIX);
        assertThat(threads.drifted()).containsExactly("threads +3 (allowed +2)");
    }

    @Test
    void rssMayEndTenPercentAboveItsLevel() {
        assertThat(Drift.of(run(230, 15, 88 * 1024, 3 * 1024), MINUTE, MIX).none()).isTrue(); // +10.0%
        Drift d = Drift.of(run(230, 15, 88 * 1024 + 100, 3 * 1024), MINUTE, MIX);
        assertThat(d.drifted()).singleElement().asString().startsWith("RSS +8.1 MiB, +10.1%");
    }

    @Test
    void theHeapAfterGcMayEndTenPercentOrOneMibAboveItsLevelWhicheverIsMore() {
        assertThat(Drift.of(run(230, 15, 80 * 1024, 4 * 1024), MINUTE, MIX).none()).isTrue(); // +1 MiB on 3: the 1 MiB floor
        assertThat(Drift.of(run(230, 15, 80 * 1024, 4 * 1024 + 50), MINUTE, MIX).drifted())
                .singleElement().asString().startsWith("heap after GC +1.0 MiB");
        List<Sample> big = run(230, 15, 80 * 1024, 44 * 1024); // a 40 MiB heap may grow by 4 MiB
        big.replaceAll(s -> s.seconds() < 160 ? new Sample(s.seconds(), 230, 15, 80 * 1024, 40 * 1024, 0, 0, 0, 0, 0) : s);
        assertThat(Drift.of(big, MINUTE, MIX).none()).isTrue();
        big.set(18, new Sample(180, 230, 15, 80 * 1024, 45 * 1024, 0, 0, 0, 0, 0));
        big.set(17, new Sample(170, 230, 15, 80 * 1024, 45 * 1024, 0, 0, 0, 0, 0));
        assertThat(Drift.of(big, MINUTE, MIX).none()).isFalse();
    }

    @Test
    void goingDownIsNeverDrift() {
        assertThat(Drift.of(run(100, 5, 40 * 1024, 1024), MINUTE, MIX).none()).isTrue();
    }

    @Test
    void oneSampleCaughtAtABusyMomentDecidesNothingButTwoDo() {
        List<Sample> s = run(230, 15, 80 * 1024, 3 * 1024);
        s.set(17, new Sample(170, 500, 40, 200 * 1024, 30 * 1024, 0, 0, 0, 0, 0));
        s.set(5, new Sample(50, 10, 1, 1024, 10, 0, 0, 0, 0, 0)); // and one low in the first minute's last three
        Drift d = Drift.of(s, MINUTE, MIX);
        assertThat(d.none()).isTrue();
        assertThat(measure(d, "open descriptors").peak()).isEqualTo(500); // shown, not judged

        s.set(16, new Sample(160, 500, 15, 80 * 1024, 3 * 1024, 0, 0, 0, 0, 0));
        assertThat(Drift.of(s, MINUTE, MIX).drifted()).singleElement().asString().startsWith("open descriptors +270");
    }

    @Test
    void aLeakThatGrowsSteadilyIsDrift() {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i <= 18; i++) {
            s.add(new Sample(i * 10, 230 + i, 15, 80 * 1024, 3 * 1024, 0, 0, 0, 0, 0)); // one descriptor every 10 s
        }
        Drift d = Drift.of(s, MINUTE, MIX);
        assertThat(d.drifted()).containsExactly("open descriptors +12 (allowed +2)"); // 247 against 235
    }

    @Test
    void aHeapNotReadIsNotMeasuredAndNotDrift() {
        List<Sample> s = run(230, 15, 80 * 1024, -1);
        s.replaceAll(x -> new Sample(x.seconds(), x.descriptors(), x.threads(), x.rssKiB(), -1, 0, 0, 0, 0, 0));
        Drift d = Drift.of(s, MINUTE, MIX);
        assertThat(measure(d, "heap after GC").measured()).isFalse();
        assertThat(d.none()).isTrue();
    }

    @Test
    void tooFewSamplesCannotBeJudged() {
        List<Sample> s = run(230, 15, 80 * 1024, 3 * 1024).subList(0, 8); // 0 to 70 s: two after the first minute
        assertThatThrownBy(() -> Drift.of(s, MINUTE, MIX)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("there are 7 and 1");
    }

    @Test
    void theHeapAfterGcIsEveryGenerationsUsedAsJcmdSaysIt() {
        String serial = """
                 def new generation   total 19648K, used 312K [0x00000000fc000000, 0x00000000fd550000, 0x00000000fd550000)
                  eden space 17472K,   1% used [0x00000000fc000000, 0x00000000fc04e000, 0x00000000fd110000)
                DefNew     total 19648K, used 0K [0x00000000fc000000, 0x00000000fd550000, 0x00000000fd550000)
                 from space 2176K,   0% used [0x00000000fd110000, 0x00000000fd110000, 0x00000000fd330000)
                Tenured    total 43712K, used 2574K [0x00000000fd550000, 0x0000000100000000, 0x0000000100000000)
                 the  space 43712K,   5% used [0x00000000fd550000, 0x00000000fd7d3930, 0x0000000100000000)
                 Metaspace       used 1234K, committed 1408K, reserved 1114112K
                """;
        assertThat(HeapProbe.parse(serial)).isEqualTo(312 + 2574);
        assertThat(HeapProbe.parse(" garbage-first heap   total 65536K, used 2048K [0x...)\n  region size 1024K")).isEqualTo(2048);
        assertThat(HeapProbe.parse("""
                11338:
                Command executed successfully
                 garbage-first heap   total reserved 6172672K, committed 57344K, used 13372K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 1 young (4096K), 0 survivors (0K)
                 Metaspace       used 21000K, committed 21504K, reserved 1114112K
                """)).isEqualTo(13372); // JDK 25's G1
        assertThat(HeapProbe.parse("12345:\ncom.sun.tools.attach.AttachNotSupportedException: Unable to open socket file"))
                .isEqualTo(-1);
    }
}
