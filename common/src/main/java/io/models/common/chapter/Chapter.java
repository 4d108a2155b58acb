package io.models.common.chapter;

import io.models.common.server.Model;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a chapter declares about itself, once: its name and port, the note's section, what its model
 * does, its flags, its traits, the variants worth benchmarking and what the checker must find. Each
 * chapter module has one subclass, listed in its
 * {@code META-INF/services/io.models.common.chapter.Chapter} and found by {@link Chapters}; the
 * contract suite, the checker's tests, the benchmark, the lab and the container tests read it, so a
 * new chapter is one new module and nothing else changes. Its {@code main} starts the chapter.
 */
public abstract class Chapter {

    private final Facts facts;

    protected Chapter(Facts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(facts.section, "section");
        Objects.requireNonNull(facts.about, "about");
    }

    /** Starts describing a chapter: its module's name, such as {@code 04-select}. */
    protected static Facts named(String name) {
        return new Facts(name);
    }

    /**
     * The model to serve with, given the chapter's own flags.
     *
     * @throws UnsupportedOperationException with a one-line message if this machine cannot run it
     */
    public Model model(Options options) {
        return Objects.requireNonNull(facts.model, () -> name() + " states no model: model(...) in its facts")
                .apply(options);
    }

    /** One line naming the model, as the server says it at start (the note's words first). */
    public String describe(Options options) {
        return Objects.requireNonNull(facts.describe, () -> name() + " states no line: describe(...) in its facts")
                .apply(options);
    }

    /** The module, such as {@code 04-select}: also its jar's name and every thread's prefix. */
    public final String name() {
        return facts.name;
    }

    /** The port it listens on by default (the note's own where the note has one). */
    public final int port() {
        return facts.port;
    }

    /** The note's section it follows, such as {@code 四、多路复用IO}, or where beyond the note it goes. */
    public final String section() {
        return facts.section;
    }

    /** What the model does, in one sentence, in both languages. */
    public final Text about() {
        return facts.about;
    }

    /** Its own flags, beside the ones every server takes. */
    public final List<Flag> flags() {
        return List.copyOf(facts.flags);
    }

    /** The JVM flags it needs ({@code --add-exports} for 04's poll selector). */
    public final List<String> jvmFlags() {
        return List.copyOf(facts.jvmFlags);
    }

    /** Its {@code NoteServer}'s class name (the note's code, line by line), or null if it has none. */
    public final String noteServer() {
        return facts.noteServer;
    }

    /** The ways the benchmark runs it. */
    public final List<Variant> variants() {
        return List.copyOf(facts.variants);
    }

    /** What the checker must find on its server: every case passes but those that fail by design. */
    public final List<Check> checks() {
        return List.copyOf(facts.checks);
    }

    /** What the checker must find on its {@code NoteServer}. */
    public final List<Check> noteChecks() {
        return List.copyOf(facts.noteChecks);
    }

    /** What the model does by design, with these flags (03 with an idle sleep no longer polls flat out). */
    public Set<Trait> traits(Options options) {
        return facts.traits.isEmpty() ? EnumSet.noneOf(Trait.class) : EnumSet.copyOf(facts.traits);
    }

    /** The traits with no flags given. */
    public final Set<Trait> traits() {
        return traits(options(List.of()));
    }

    /** The options {@code args} give, checked. */
    public final Options options(List<String> args) {
        return Options.of(facts.flags, args);
    }

    /** The class whose {@code main} starts the chapter: this one. */
    public final String mainClass() {
        return getClass().getName();
    }

    @Override
    public String toString() {
        return name();
    }

    /** A chapter's facts, as its descriptor states them. */
    public static final class Facts {
        private final String name;
        private int port;
        private String section;
        private Text about;
        private final List<Flag> flags = new ArrayList<>();
        private final Set<Trait> traits = EnumSet.noneOf(Trait.class);
        private final List<String> jvmFlags = new ArrayList<>();
        private String noteServer;
        private final List<Variant> variants = new ArrayList<>();
        private final List<Check> checks = new ArrayList<>();
        private final List<Check> noteChecks = new ArrayList<>();
        private Function<Options, Model> model;
        private Function<Options, String> describe;

        private Facts(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Facts port(int defaultPort) {
            this.port = defaultPort;
            return this;
        }

        public Facts section(String noteSection) {
            this.section = noteSection;
            return this;
        }

        /** How to make the model from the chapter's flags. */
        public Facts model(Function<Options, Model> newModel) {
            this.model = newModel;
            return this;
        }

        /** The banner's line naming the model, from the chapter's flags. */
        public Facts describe(Function<Options, String> line) {
            this.describe = line;
            return this;
        }

        /** The banner's line naming the model, whatever the flags. */
        public Facts describe(String line) {
            return describe(options -> line);
        }

        public Facts about(String en, String zh) {
            this.about = new Text(en, zh);
            return this;
        }

        public Facts flag(Flag flag) {
            flags.add(flag);
            return this;
        }

        public Facts traits(Trait... ts) {
            traits.addAll(List.of(ts));
            return this;
        }

        public Facts jvm(String... flagsForTheJvm) {
            jvmFlags.addAll(List.of(flagsForTheJvm));
            return this;
        }

        public Facts noteServer(Class<?> noteServerClass) {
            this.noteServer = noteServerClass.getName();
            return this;
        }

        public Facts bench(Variant variant) {
            variants.add(variant);
            return this;
        }

        public Facts check(Check check) {
            checks.add(check);
            return this;
        }

        public Facts checkNote(Check check) {
            noteChecks.add(check);
            return this;
        }
    }
}
