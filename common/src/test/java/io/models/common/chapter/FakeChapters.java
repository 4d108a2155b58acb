package io.models.common.chapter;

import io.models.common.server.Model;
import io.models.common.server.ServerContext;

/**
 * Descriptors for {@link ChaptersTest}. {@link Listed} and {@link AlsoListed} are listed in common's
 * test resources ({@code META-INF/services}), so they are on the class path; {@link Built} and
 * {@link NotAModule} are listed only in the jars the test builds.
 */
public final class FakeChapters {

    private FakeChapters() {
    }

    /** A model that is never started: these descriptors are only found and read. */
    static final class Idle extends Model {
        Idle(String name) {
            super(name);
        }

        @Override
        public void start(ServerContext server) {
            throw new UnsupportedOperationException(name() + " is only a descriptor");
        }
    }

    private static Chapter.Facts facts(String name) {
        return Chapter.named(name).section("(a test)").about("A descriptor " + name + ".", "描述 " + name + "。")
                .model(options -> new Idle(name)).describe("nothing");
    }

    public static final class Listed extends Chapter {
        public Listed() {
            super(facts("09-listed"));
        }
    }

    public static final class AlsoListed extends Chapter {
        public AlsoListed() {
            super(facts("02-listed"));
        }
    }

    public static final class Built extends Chapter {
        public Built() {
            super(facts("01-built"));
        }
    }

    public static final class NotAModule extends Chapter {
        public NotAModule() {
            super(facts("common-only"));
        }
    }
}
