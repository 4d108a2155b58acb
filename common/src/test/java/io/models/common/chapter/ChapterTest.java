package io.models.common.chapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.models.common.server.Model;
import io.models.common.server.ServerContext;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A descriptor states its facts once; everything that reads a chapter reads them from here. */
class ChapterTest {

    /** A model named by the options it was made with. */
    static final class Named extends Model {
        Named(String name) {
            super(name);
        }

        @Override
        public void start(ServerContext server) {
            throw new UnsupportedOperationException("never started here");
        }
    }

    private static final Flag POOL = Flag.number("--pool", "N", "a pool size from 1 to 64", 1, 64, 8,
            new Text("Threads.", "线程数。"));

    /** Every fact stated. */
    static final class Full extends Chapter {
        Full() {
            super(named("02-full").port(8082).section("二、阻塞IO").about("A pool.", "一个线程池。")
                    .flag(POOL)
                    .traits(Trait.ONE_CLIENT_AT_A_TIME, Trait.EVENT_LOOP)
                    .jvm("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED")
                    .noteServer(String.class)
                    .bench(Variant.of(List.of(), "pingpong"))
                    .bench(Variant.of(List.of("--pool", "2"), "idle").notQuick())
                    .check(Check.everyCase())
                    .check(Check.everyCase().with("--pool", "1"))
                    .checkNote(Check.everyCase().only("every-byte"))
                    .model(options -> new Named("02-full with " + options.number("--pool")))
                    .describe(options -> "a pool of " + options.value("--pool")));
        }
    }

    /** The least a chapter states: a name, a section and what it does. */
    static final class Least extends Chapter {
        Least() {
            super(named("00-least").section("(none)").about("Nothing.", "无。"));
        }
    }

    @Test
    void theFactsAsStated() {
        Chapter c = new Full();
        assertThat(c.name()).isEqualTo("02-full").isEqualTo(c.toString());
        assertThat(c.port()).isEqualTo(8082);
        assertThat(c.section()).isEqualTo("二、阻塞IO");
        assertThat(c.about()).isEqualTo(new Text("A pool.", "一个线程池。"));
        assertThat(c.flags()).containsExactly(POOL);
        assertThat(c.jvmFlags()).containsExactly("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(c.noteServer()).isEqualTo("java.lang.String");
        assertThat(c.variants()).extracting(v -> v.label(c.name()))
                .containsExactly("02-full", "02-full --pool 2");
        assertThat(c.checks()).extracting(Check::args).containsExactly(List.of(), List.of("--pool", "1"));
        assertThat(c.noteChecks()).extracting(Check::cases).containsExactly(List.of("every-byte"));
        assertThat(c.traits()).containsExactlyInAnyOrder(Trait.ONE_CLIENT_AT_A_TIME, Trait.EVENT_LOOP);
        assertThat(c.mainClass()).isEqualTo(Full.class.getName());
    }

    @Test
    void theModelAndItsLineFollowTheFlags() {
        Chapter c = new Full();
        assertThat(c.model(c.options(List.of()))).isInstanceOf(Named.class)
                .extracting(Model::name).isEqualTo("02-full with 8");
        assertThat(c.model(c.options(List.of("--pool", "3"))).name()).isEqualTo("02-full with 3");
        assertThat(c.describe(c.options(List.of("--pool", "3")))).isEqualTo("a pool of 3");
        assertThatThrownBy(() -> c.options(List.of("--pool", "65"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'65' is not a pool size from 1 to 64");
    }

    @Test
    void aChapterThatStatesLittleHasEmptyListsAndSaysWhatItLacks() {
        Chapter c = new Least();
        assertThat(c.port()).isZero();
        assertThat(c.flags()).isEmpty();
        assertThat(c.jvmFlags()).isEmpty();
        assertThat(c.noteServer()).isNull();
        assertThat(c.variants()).isEmpty();
        assertThat(c.checks()).isEmpty();
        assertThat(c.noteChecks()).isEmpty();
        assertThat(c.traits()).isEmpty();
        assertThatThrownBy(() -> c.model(c.options(List.of()))).isInstanceOf(NullPointerException.class)
                .hasMessage("00-least states no model: model(...) in its facts");
        assertThatThrownBy(() -> c.describe(c.options(List.of()))).isInstanceOf(NullPointerException.class)
                .hasMessage("00-least states no line: describe(...) in its facts");
    }

    @Test
    void aFixedLineWhateverTheFlags() {
        Chapter c = new Chapter(Chapter.named("00-line").section("s").about("a", "甲").describe("always this")) {
        };
        assertThat(c.describe(c.options(List.of()))).isEqualTo("always this");
    }

    @Test
    void whatIsReadCannotChangeTheFacts() {
        Chapter c = new Full();
        assertThatThrownBy(() -> c.flags().add(POOL)).isInstanceOf(UnsupportedOperationException.class);
        Set<Trait> traits = c.traits();
        traits.clear(); // a copy
        assertThat(c.traits()).hasSize(2);
    }

    @Test
    void aChapterWithoutItsSectionOrWhatItDoesIsRefused() {
        assertThatThrownBy(() -> new Chapter(Chapter.named("00-x").about("a", "甲")) {
        }).isInstanceOf(NullPointerException.class).hasMessage("section");
        assertThatThrownBy(() -> new Chapter(Chapter.named("00-x").section("s")) {
        }).isInstanceOf(NullPointerException.class).hasMessage("about");
        assertThatThrownBy(() -> Chapter.named(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> new Text("a", null)).isInstanceOf(NullPointerException.class);
    }
}
