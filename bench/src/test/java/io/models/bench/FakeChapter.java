package io.models.bench;

import io.models.common.chapter.Chapter;
import io.models.common.chapter.Flag;
import io.models.common.chapter.Text;
import io.models.common.chapter.Variant;
import java.util.List;

/**
 * A chapter that is not one: a descriptor for {@link NewChapterTest}, found only where that test
 * lists it (a jar of its own), never on the class path's list of chapters.
 */
public final class FakeChapter extends Chapter {

    public FakeChapter() {
        super(named("99-fake").port(9999).section("beyond the note: a test's own")
                .model(options -> {
                    throw new UnsupportedOperationException("99-fake serves nothing: it is a test's descriptor");
                })
                .describe("a test's fake chapter")
                .about("A chapter the bench has never heard of.", "一个基准测试从未听说过的章节。")
                .flag(Flag.number("--fake-threads", "N", "a number of threads from 1 to 9", 1, 9, 1,
                        new Text("threads that do nothing", "什么也不做的线程")))
                .bench(Variant.of(List.of(), "pingpong", "stream", "mixed", "idle", "hold"))
                .bench(Variant.of(List.of("--fake-threads", "4"), "idle").notQuick()));
    }
}
