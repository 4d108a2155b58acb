package io.models.common.chapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The values of a chapter's own flags: given, checked, else each flag's default. */
class OptionsTest {

    private static final Text HELP = new Text("h", "帮助");
    private static final List<Flag> FLAGS = List.of(
            Flag.number("--pool", "N", "a pool size from 0 to 100", 0, 100, 8, HELP),
            Flag.choice("--selector", "NAME", "a selector: poll or epoll", List.of("poll", "epoll"), HELP));

    @Test
    void withNothingGivenEachFlagsDefault() {
        Options o = Options.of(FLAGS, List.of());
        assertThat(o.number("--pool")).isEqualTo(8);
        assertThat(o.value("--selector")).isEmpty();
        assertThat(o.given("--pool")).isFalse();
        assertThat(o.args()).isEmpty();
    }

    @Test
    void theChaptersFlagsAreTakenAndTheOthersLeftAlone() {
        Options o = Options.of(FLAGS, List.of("--host", "::1", "--selector", "EPOLL", "--port", "0", "--pool", "16"));
        assertThat(o.number("--pool")).isEqualTo(16);
        assertThat(o.value("--selector")).isEqualTo("epoll");
        assertThat(o.given("--pool")).isTrue();
        assertThat(o.given("--selector")).isTrue();
        assertThat(o.args()).as("in the order given, checked").containsExactly("--selector", "epoll", "--pool", "16");
    }

    @Test
    void aFlagLastWithNoValueIsNotGiven() {
        Options o = Options.of(FLAGS, List.of("--port", "0", "--pool"));
        assertThat(o.given("--pool")).isFalse();
        assertThat(o.number("--pool")).isEqualTo(8);
    }

    @Test
    void aValueOutOfRangeIsOneLine() {
        assertThatThrownBy(() -> Options.of(FLAGS, List.of("--pool", "101"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'101' is not a pool size from 0 to 100");
    }

    @Test
    void aFlagTheChapterDoesNotHaveSaysWhichItHas() {
        Options o = Options.of(FLAGS, List.of());
        assertThatThrownBy(() -> o.value("--workers")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no flag --workers here; the flags are [--pool, --selector]");
    }
}
