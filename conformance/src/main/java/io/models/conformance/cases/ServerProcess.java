package io.models.conformance.cases;

import io.models.common.linux.Proc;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * The server as /proc shows it: the process that holds the listening socket, and every process it
 * started (a server that forks a child per connection, or a pool of workers). Every figure is the
 * sum over that tree, read again at each reading, so children that come and go are counted while
 * they live. A wrapper around it (a shell, a script that runs the server) is not part of it: the
 * tree starts at the listener.
 */
public final class ServerProcess {

    /** One thread of the tree: the process it belongs to, and the thread as {@link Proc} reads it. */
    public record Thread(long pid, Proc.Task task) {
    }

    private final Proc root;

    private ServerProcess(Proc root) {
        this.root = root;
    }

    /** The tree under {@code root}, which should be the process holding the listening socket. */
    public static ServerProcess of(Proc root) {
        return new ServerProcess(root);
    }

    /**
     * The process of {@code pid}'s tree that holds a socket listening on {@code port}: {@code pid}
     * itself, or else the first below it that does (the server a shell or a script started); null
     * if none does (yet).
     */
    public static Proc listener(long pid, int port) throws IOException {
        Proc p = Proc.of(pid);
        if (p.listensOn(port)) {
            return p;
        }
        for (long below : p.tree()) {
            if (below != pid) {
                try {
                    Proc child = Proc.of(below);
                    if (child.listensOn(port)) {
                        return child;
                    }
                } catch (NoSuchFileException endedMeanwhile) {
                    // a child that has just exited
                }
            }
        }
        return null;
    }

    public long pid() {
        return root.pid();
    }

    public Proc root() {
        return root;
    }

    public boolean alive() {
        return root.alive();
    }

    /** The processes of the tree now: the root first. */
    public List<Proc> tree() throws IOException {
        List<Proc> all = new ArrayList<>();
        for (long pid : root.tree()) {
            all.add(Proc.of(pid));
        }
        return all;
    }

    /** Open descriptors of every process of the tree. */
    public long fds() throws IOException {
        return sum(Proc::fds);
    }

    /** Threads of every process of the tree. */
    public long threads() throws IOException {
        return sum(Proc::threads);
    }

    /** CPU time (user + system, in ticks) of every process of the tree now. */
    public long cpuTicks() throws IOException {
        return sum(Proc::cpuTicks);
    }

    /**
     * How long (ns) the tree's threads have been running or ready to run, summed: unlike CPU time,
     * this does not shrink when the machine is busy, so a thread that never sleeps shows as 100% of
     * the wall time on a loaded machine too. Threads that ended meanwhile are left out.
     */
    public long runnableNanos() throws IOException {
        return sum(p -> p.runnableNanos(name -> true));
    }

    /** What each descriptor of the tree is ({@code socket:[123]}, {@code anon_inode:[eventpoll]}...). */
    public List<String> fdTargets() throws IOException {
        List<String> all = new ArrayList<>(root.fdTargets());
        for (Proc p : children()) {
            try {
                all.addAll(p.fdTargets());
            } catch (NoSuchFileException endedMeanwhile) {
                // a child that has just exited
            }
        }
        return all;
    }

    /** Every thread of every process of the tree. */
    public List<Thread> threadsNow() throws IOException {
        List<Thread> all = new ArrayList<>();
        for (Proc.Task t : root.tasks()) {
            all.add(new Thread(root.pid(), t));
        }
        for (Proc p : children()) {
            try {
                for (Proc.Task t : p.tasks()) {
                    all.add(new Thread(p.pid(), t));
                }
            } catch (NoSuchFileException endedMeanwhile) {
                // a child that has just exited
            }
        }
        return all;
    }

    /** How many processes the tree has now. */
    public int processes() throws IOException {
        return root.tree().size();
    }

    private interface Reading {
        long of(Proc p) throws IOException;
    }

    /** {@code reading} of the root (whose end is an error) plus that of each child still there. */
    private long sum(Reading reading) throws IOException {
        long sum = reading.of(root);
        for (Proc p : children()) {
            try {
                sum += reading.of(p);
            } catch (NoSuchFileException endedMeanwhile) {
                // a child that has just exited: what it held is gone with it
            }
        }
        return sum;
    }

    private List<Proc> children() throws IOException {
        List<Proc> below = new ArrayList<>();
        for (long pid : root.tree()) {
            if (pid != root.pid()) {
                below.add(Proc.of(pid));
            }
        }
        return below;
    }

    @Override
    public String toString() {
        return "process " + root.pid();
    }
}
