package io.models.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.model.Ulimit;
import io.models.common.linux.Proc;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One chapter's server running as a container: started the way a person starts it
 * ({@code java -jar <chapter>.jar --port ...}), optionally under cgroup limits, and measured from
 * outside: its process in this machine's {@code /proc} ({@code docker inspect}'s pid), its cgroup.
 */
final class ChapterContainer implements AutoCloseable {

    /** The port a chapter listens on inside its own network namespace (mapped-port mode only). */
    private static final int INNER_PORT = 8000;
    private static final Pattern LISTENING = Pattern.compile("listening on \\S+:(\\d+)");

    private final PackagedChapter chapter;
    private final GenericContainer<?> container;
    private final int port;

    private ChapterContainer(PackagedChapter chapter, GenericContainer<?> container, int port) {
        this.chapter = chapter;
        this.container = container;
        this.port = port;
    }

    static Options of(PackagedChapter chapter) {
        return new Options(chapter);
    }

    /** What {@code docker run} gets: limits, a port, the chapter's own flags. */
    static final class Options {
        private final PackagedChapter chapter;
        private long memoryBytes;
        private long pidsLimit;
        private long nofile;
        private double cpus;
        private int port; // 0: any free one
        private final List<String> args = new ArrayList<>();

        private Options(PackagedChapter chapter) {
            this.chapter = chapter;
        }

        /** {@code --memory}: the cgroup's memory limit, swap included (none may be used). */
        Options memoryMiB(int mib) {
            memoryBytes = mib * 1024L * 1024;
            return this;
        }

        /** {@code --pids-limit}: tasks (threads) the cgroup may hold, the JVM's own included. */
        Options pidsLimit(int n) {
            pidsLimit = n;
            return this;
        }

        /** {@code --ulimit nofile=n:n}: open file descriptors. */
        Options nofile(int n) {
            nofile = n;
            return this;
        }

        /** {@code --cpus}: the CFS quota, in cores. */
        Options cpus(double n) {
            cpus = n;
            return this;
        }

        /** The port to serve on (the host's port where ports are mapped). */
        Options port(int p) {
            port = p;
            return this;
        }

        /** The chapter's own flags, after --host and --port. */
        Options args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        ChapterContainer start() {
            return ChapterContainer.start(this);
        }
    }

    @SuppressWarnings("resource") // closed by close()
    private static ChapterContainer start(Options o) {
        boolean host = Docker.hostNetwork();
        List<String> cmd = new ArrayList<>(host
                ? List.of("--host", "127.0.0.1", "--port", String.valueOf(o.port))
                : List.of("--host", "0.0.0.0", "--port", String.valueOf(INNER_PORT)));
        cmd.addAll(o.args);
        // Per-connection log lines off: thousands of connections would fill the log. WARNING and
        // ERROR lines stay, and the tests read them.
        List<String> entrypoint = Images.entrypoint(o.chapter, List.of("-Dio.models.log=WARNING"));
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Images.of(o.chapter)))
                .withCommand(cmd.toArray(String[]::new))
                .withLabel("io.models.chapter", o.chapter.name())
                .withStartupAttempts(1)
                .waitingFor(Wait.forLogMessage(".*listening on .*\\n", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)))
                .withCreateContainerCmdModifier(create -> {
                    create.withEntrypoint(entrypoint);
                    var hc = create.getHostConfig();
                    if (o.memoryBytes > 0) {
                        hc.withMemory(o.memoryBytes).withMemorySwap(o.memoryBytes);
                    }
                    if (o.pidsLimit > 0) {
                        hc.withPidsLimit(o.pidsLimit);
                    }
                    if (o.nofile > 0) {
                        hc.withUlimits(List.of(new Ulimit("nofile", o.nofile, o.nofile)));
                    }
                    if (o.cpus > 0) {
                        hc.withNanoCPUs((long) (o.cpus * 1e9));
                    }
                });
        if (host) {
            c.withNetworkMode("host");
        } else {
            c.withExposedPorts(INNER_PORT);
            if (o.port != 0) {
                c.setPortBindings(List.of(o.port + ":" + INNER_PORT));
            }
        }
        try {
            c.start();
        } catch (ContainerLaunchException e) {
            String logs = c.getContainerId() == null ? "" : c.getLogs();
            c.stop();
            throw new IllegalStateException(o.chapter.name() + " did not start: " + e.getMessage() + "; its output: "
                    + logs, e);
        }
        int port;
        if (host) {
            Matcher m = LISTENING.matcher(c.getLogs());
            if (!m.find()) {
                c.stop();
                throw new IllegalStateException(o.chapter.name() + " said it listens, but on no port: " + c.getLogs());
            }
            port = Integer.parseInt(m.group(1));
        } else {
            port = c.getMappedPort(INNER_PORT);
        }
        return new ChapterContainer(o.chapter, c, port);
    }

    PackagedChapter chapter() {
        return chapter;
    }

    /** Where a client connects: 127.0.0.1 and this port. */
    int port() {
        return port;
    }

    String id() {
        return container.getContainerId();
    }

    /** stdout and stderr so far. */
    String logs() {
        return container.getLogs();
    }

    ContainerState state() {
        return Docker.state(id());
    }

    /** The JVM's pid on this machine (the container's pid 1 inside it). */
    long pid() {
        assumeTrue(Docker.sameKernel(), "the container's process is not on this machine's kernel "
                + "(Docker Desktop runs containers in a VM): its /proc and cgroup cannot be read from here");
        Long pid = state().getPidLong();
        if (pid == null || pid == 0) {
            throw new IllegalStateException(chapter + "'s container has no process: " + state().getStatus());
        }
        return pid;
    }

    /** The server's process as this machine's /proc shows it. */
    Proc proc() {
        return Proc.of(pid());
    }

    /** Open file descriptors of the server's process, listener and connections included. */
    long openFds() throws IOException {
        return proc().fds();
    }

    /** Threads of the server's process: the JVM's own and the server's. */
    long threads() throws IOException {
        return proc().tasks().size();
    }

    /**
     * Threads the server started: every chapter names its threads after itself, and the kernel
     * keeps a thread's name ({@code /proc/<pid>/task/<tid>/comm}) cut to 15 characters. The
     * JVM's own threads are not counted: G1 starts GC workers as it needs them, and the JIT its
     * compiler threads.
     */
    long serverThreads() throws IOException {
        String prefix = chapter.name().substring(0, Math.min(15, chapter.name().length()));
        return proc().tasks().stream().filter(t -> t.name().startsWith(prefix)).count();
    }

    /** CPU time (user + system) the process has used, in clock ticks ({@link Proc#TICKS_PER_SECOND}). */
    long cpuTicks() throws IOException {
        return proc().cpuTicks();
    }

    Cgroup cgroup() throws IOException {
        return Cgroup.of(proc());
    }

    /** {@code docker stop -t seconds}: SIGTERM, then SIGKILL if it has not exited by then. */
    void stop(int graceSeconds) {
        Docker.client().stopContainerCmd(id()).withTimeout(graceSeconds).exec();
    }

    /** {@code docker kill}: SIGKILL. */
    void kill() {
        Docker.client().killContainerCmd(id()).exec();
    }

    /** {@code docker pause}: every task of the cgroup frozen (the freezer), sockets left as they are. */
    void pause() {
        // runc gives up freezing a cgroup whose tasks keep running ("unable to freeze") when the
        // machine is busy; it leaves the cgroup thawed, so trying again is safe.
        for (int attempt = 1; ; attempt++) {
            try {
                Docker.client().pauseContainerCmd(id()).exec();
                return;
            } catch (com.github.dockerjava.api.exception.InternalServerErrorException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("unable to freeze")) {
                    throw e;
                }
                Measured.line("pause " + id().substring(0, 12), "docker pause failed (%s), attempt %d: trying again",
                        "unable to freeze", attempt);
            }
        }
    }

    void unpause() {
        Docker.client().unpauseContainerCmd(id()).exec();
    }

    /** The last {@code n} lines of its output, for a failure message. */
    String lastLines(int n) {
        List<String> lines = logs().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Lines of the log that a server prints only when something is wrong. */
    List<String> errorLines() {
        return logs().lines().filter(l -> l.contains(" SEVERE ") || l.contains("ERROR") || l.contains("Exception")
                || l.startsWith("\tat ")).toList();
    }

    /** Removes the container, whatever state it is in. */
    @Override
    public void close() {
        container.stop();
    }
}
