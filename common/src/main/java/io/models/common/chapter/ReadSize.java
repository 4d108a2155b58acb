package io.models.common.chapter;

import io.models.common.connection.Connection;

/**
 * The one flag an event-loop chapter (one read buffer per loop thread, so its size costs nothing per
 * connection) takes to set how much each read asks for: {@code --read-kib N}. Declared here once;
 * a chapter adds it with {@code .flag(ReadSize.FLAG)} and reads it with {@link #bytes}.
 */
public final class ReadSize {

    /** As typed. */
    public static final String FLAG_NAME = "--read-kib";
    /** Without the flag: {@link Connection#READ_BYTES}, every chapter's read size. */
    public static final int DEFAULT_KIB = Connection.READ_BYTES / 1024;
    public static final int MAX_KIB = 1024;

    public static final Flag FLAG = Flag.number(FLAG_NAME, "KIB", "a read size from 1 to " + MAX_KIB + " KiB", 1, MAX_KIB,
            DEFAULT_KIB, new Text("KiB each read asks for, into the loop's one read buffer (1.." + MAX_KIB + "; default "
                    + DEFAULT_KIB + "): one buffer per loop thread, so a larger one costs nothing per connection.",
            "每次读最多读多少 KiB，读进事件循环唯一的那块读缓冲区（1.." + MAX_KIB + "，默认 " + DEFAULT_KIB
                    + "）：每个循环线程只有一块，所以调大它不会按连接数增加内存。"));

    private ReadSize() {
    }

    /** The read size the options ask for, in bytes. */
    public static int bytes(Options options) {
        return options.number(FLAG_NAME) * 1024;
    }
}
