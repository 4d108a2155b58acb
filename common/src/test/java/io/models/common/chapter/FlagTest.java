package io.models.common.chapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A chapter's flag checks its value and says in one line what is allowed. */
class FlagTest {

    private static final Text HELP = new Text("How big.", "多大。");
    private static final Flag SIZE = Flag.number("--size", "N", "a size from 1 to 9", 1, 9, 3, HELP);
    private static final Flag MODE = Flag.choice("--mode", "NAME", "a mode: fine or broken", List.of("fine", "broken"), HELP);

    @Test
    void aNumberFromItsLeastToItsMostBothIncluded() {
        assertThat(SIZE.check("1")).isEqualTo("1");
        assertThat(SIZE.check("9")).isEqualTo("9");
        assertThat(SIZE.check(" 5 ")).isEqualTo("5");
        assertThat(SIZE.check("007")).as("as the chapter takes it").isEqualTo("7");
        assertThat(SIZE.isChoice()).isFalse();
        assertThat(SIZE.byDefault()).isEqualTo("3");
        assertThat(SIZE.choices()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "10", "-1", "abc", "", "1.5", "99999999999999999999"})
    void anythingElseIsOneLineSayingWhatIsAllowed(String value) {
        assertThatThrownBy(() -> SIZE.check(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + value.trim() + "' is not a size from 1 to 9");
    }

    @Test
    void noValueAtAllIsNotANumber() {
        assertThatThrownBy(() -> SIZE.check(null)).hasMessage("'' is not a size from 1 to 9");
    }

    @Test
    void aChoiceIsOneOfItsWordsInAnyCase() {
        assertThat(MODE.isChoice()).isTrue();
        assertThat(MODE.check("fine")).isEqualTo("fine");
        assertThat(MODE.check(" Broken ")).isEqualTo("broken");
        assertThat(MODE.byDefault()).as("the chapter chooses").isEmpty();
        assertThatThrownBy(() -> MODE.check("odd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'odd' is not a mode: fine or broken");
        assertThatThrownBy(() -> MODE.check("3")).hasMessage("'3' is not a mode: fine or broken");
    }

    @Test
    void itsChoicesAreItsOwn() {
        List<String> words = new java.util.ArrayList<>(List.of("a", "b"));
        Flag f = Flag.choice("--x", "X", "a or b", words, HELP);
        words.add("c");
        assertThat(f.choices()).containsExactly("a", "b");
        assertThatThrownBy(() -> new Flag(null, "N", "w", 0, 1, "0", List.of(), HELP))
                .isInstanceOf(NullPointerException.class);
    }
}
