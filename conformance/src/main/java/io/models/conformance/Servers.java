package io.models.conformance;

import io.models.common.linux.Proc;
import io.models.conformance.cases.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/**
 * Where each case's server comes from: the one at {@code --host}/{@code --port} (its process from
 * {@code --pid}, if given), or one the checker starts itself ({@code --exec}), once for the whole run
 * or, with {@code --fresh-server}, once per case.
 */
abstract class Servers implements AutoCloseable {

    /** The server one case runs against: where it listens, its process (or null), its output (or none). */
    record Server(InetSocketAddress address, ServerProcess process, ServerCommand command) {

        /** A mark in its output, for {@link #linesSince(long)}. */
        long mark() {
            return command == null ? 0 : command.mark();
        }

        /** Its last lines since {@code mark}, for a failed case's report; empty if its output is not known. */
        List<String> linesSince(long mark) {
            return command == null ? List.of() : command.linesSince(mark);
        }
    }

    /** The server the next case runs against, started first if need be. */
    abstract Server next() throws ServerCommand.CannotStart;

    /** A case has ended on {@code server}. */
    void after(Server server) {
    }

    /** True if each case gets a server of its own. */
    boolean fresh() {
        return false;
    }

    /** True if the cases that read the server's process can run. */
    abstract boolean hasProcess();

    /** The port of the last server, for the reports (0 if none was started). */
    abstract int port();

    /** The process id of the first server, for the reports (null if none is known). */
    abstract Long pid();

    @Override
    public void close() {
    }

    /** The server at {@code address}, with its process if known. */
    static Servers given(InetSocketAddress address, ServerProcess process) {
        Server server = new Server(address, process, null);
        return new Servers() {
            @Override
            Server next() {
                return server;
            }

            @Override
            boolean hasProcess() {
                return process != null;
            }

            @Override
            int port() {
                return address.getPort();
            }

            @Override
            Long pid() {
                return process == null ? null : process.pid();
            }
        };
    }

    /**
     * Servers started by {@code template} ({@code sh -c}, {@code {port}} replaced): on {@code port} if
     * given (else a free port each time), each given {@code patience} to listen; with {@code fresh}, a
     * new one for every case.
     */
    static Servers exec(String template, String host, Integer port, Duration patience, boolean fresh) {
        return new Exec(template, host, port, patience, fresh);
    }

    private static final class Exec extends Servers {
        private final String template;
        private final String host;
        private final Integer port;
        private final Duration patience;
        private final boolean fresh;
        private ServerCommand current;
        private Server server;
        private int lastPort;
        private Long firstPid;

        Exec(String template, String host, Integer port, Duration patience, boolean fresh) {
            this.template = template;
            this.host = host;
            this.port = port;
            this.patience = patience;
            this.fresh = fresh;
        }

        @Override
        Server next() throws ServerCommand.CannotStart {
            if (current != null && !fresh) {
                return server;
            }
            int p = port != null ? port : freePort();
            InetSocketAddress address = new InetSocketAddress(host, p);
            current = ServerCommand.start(ServerCommand.command(template, p), address, patience);
            lastPort = p;
            server = new Server(address, current.server(), current);
            if (firstPid == null && current.server() != null) {
                firstPid = current.server().pid();
            }
            return server;
        }

        private int freePort() throws ServerCommand.CannotStart {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new ServerCommand.CannotStart(Messages.get("exec.no-free-port", host, e.getMessage()), List.of());
            }
        }

        @Override
        void after(Server s) {
            if (fresh) {
                close();
            }
        }

        @Override
        boolean fresh() {
            return fresh;
        }

        @Override
        boolean hasProcess() {
            return Proc.available();
        }

        @Override
        int port() {
            return lastPort;
        }

        @Override
        Long pid() {
            return firstPid;
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
                server = null;
            }
        }
    }
}
