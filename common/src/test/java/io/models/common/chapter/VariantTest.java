package io.models.common.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A benchmark row and what the checker must find: small values, built step by step. */
class VariantTest {

    @Test
    void aVariantIsInTheQuickRunUnlessSaidOtherwise() {
        Variant v = Variant.of(List.of("--pool", "8"), "pingpong", "idle");
        assertThat(v.quick()).isTrue();
        assertThat(v.shapes()).containsExactlyInAnyOrder("pingpong", "idle");
        Variant slow = v.notQuick();
        assertThat(slow.quick()).isFalse();
        assertThat(slow.args()).isEqualTo(v.args());
        assertThat(slow.shapes()).isEqualTo(v.shapes());
    }

    @Test
    void itsLabelIsTheModuleThenItsFlags() {
        assertThat(Variant.of(List.of(), "pingpong").label("06-selectors")).isEqualTo("06-selectors");
        assertThat(Variant.of(List.of("--pool", "8"), "pingpong").label("02-threadpool")).isEqualTo("02-threadpool --pool 8");
        assertThat(Variant.EVERY_SHAPE).containsExactlyInAnyOrder("pingpong", "stream", "mixed", "idle");
    }

    @Test
    void aCheckIsBuiltStepByStepAndKeepsItsOwnLists() {
        Check every = Check.everyCase();
        assertThat(every.args()).isEmpty();
        assertThat(every.cases()).isEmpty();
        assertThat(every.fails()).isEmpty();
        Check c = every.with("--pool", "1").only("every-byte", "held-1000")
                .fails("held-1000", "refused", "二: one at a time").fails("every-byte", "longer", "七: _SB");
        assertThat(c.args()).containsExactly("--pool", "1");
        assertThat(c.cases()).containsExactly("every-byte", "held-1000");
        assertThat(c.fails()).containsExactly(new Check.Failure("held-1000", "refused", "二: one at a time"),
                new Check.Failure("every-byte", "longer", "七: _SB"));
        assertThat(every.fails()).as("each step is a new check").isEmpty();
        List<String> args = new ArrayList<>(List.of("--x"));
        Check copied = new Check(args, List.of(), List.of(), List.of());
        args.add("--y");
        assertThat(copied.args()).containsExactly("--x");
    }
}
