package io.models.common.testkit;

import io.models.common.chapter.Chapter;
import io.models.common.cli.ServerLauncher;

/** The reference model's descriptor: what the kit's own tests start, in-process and as a JVM of its own. */
public final class ReferenceChapter extends Chapter {

    public ReferenceChapter() {
        super(named(ReferenceModel.NAME).port(0).section("(none: the kit's own test)")
                .model(options -> new ReferenceModel())
                .describe("the reference: a thread per connection")
                .about("A thread per connection, for testing the kit.", "每个连接一个线程，用来测试测试工具本身。"));
    }

    public static void main(String[] args) {
        ServerLauncher.main(new ReferenceChapter(), args);
    }
}
