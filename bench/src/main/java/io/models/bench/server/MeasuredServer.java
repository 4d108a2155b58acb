package io.models.bench.server;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The server a point measures: a chapter the bench started in its own process
 * ({@link ServerProcess}), or one that was running already ({@link RunningServer}, {@code --target}).
 */
public interface MeasuredServer extends AutoCloseable {

    /** Where the load generator connects. */
    InetSocketAddress address();

    /** The process whose CPU, threads and RSS {@code Proc} reads; -1 if not known (then not measured). */
    long pid();

    /** False once the server's process is known to have ended. */
    boolean alive();

    /** True if the server said {@code OutOfMemoryError} (only a server whose output the bench reads). */
    boolean outOfMemory();

    /** The last lines the server printed, if the bench reads its output. */
    List<String> tail();

    /** Ends the server if the bench started it; leaves it running otherwise. */
    @Override
    void close();
}
