package io.models.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one server: started once, it gives the model a context; closed, or failing to start, it undoes what the model opened. */
@Timeout(60)
class BaseServerTest {

    /** A model that listens and accepts on a thread of its own; {@code failing} fails once both are open. */
    private static final class Accepting extends Model {
        private final boolean failing;
        private final boolean withSelector;
        ServerSocketChannel listener;
        int port;
        Thread acceptor;

        Accepting(boolean failing, boolean withSelector) {
            super("test");
            this.failing = failing;
            this.withSelector = withSelector;
        }

        @Override
        public void start(ServerContext server) throws IOException {
            listener = server.listen();
            port = Listener.port(listener);
            if (withSelector) {
                server.selector(Selector.open());
            }
            acceptor = server.thread("test-acceptor", Thread::interrupt, () -> {
                while (server.running()) {
                    SocketChannel conn = server.accept(listener);
                    if (conn != null) {
                        conn.close();
                    }
                }
            });
            if (failing) {
                throw new IllegalStateException("injected");
            }
        }
    }

    private static void assertNobodyListensOn(int port) throws IOException {
        try (SocketChannel c = SocketChannel.open()) {
            assertThatThrownBy(() -> c.connect(new InetSocketAddress("127.0.0.1", port)))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void startedOnceItServesThenCloseUndoesEverything() throws IOException {
        Accepting model = new Accepting(false, false);
        BaseServer server = new BaseServer(ServerConfig.anyPort(), model);
        assertThat(server.name()).isEqualTo("test");
        assertThat(server.model()).isSameAs(model);
        server.start();
        int port = server.port();
        assertThat(port).isEqualTo(((InetSocketAddress) model.listener.getLocalAddress()).getPort());
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> server.stats().accepted() == 1);
        }
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessage("test is started already");
        server.close();
        assertThat(model.listener.isOpen()).isFalse();
        assertThat(model.acceptor.isAlive()).isFalse();
        assertNobodyListensOn(port);
        server.close(); // twice: harmless
    }

    @Test
    void aStartThatFailsClosesWhatTheModelHadOpened() throws IOException {
        Accepting model = new Accepting(true, false);
        BaseServer server = new BaseServer(ServerConfig.anyPort(), model);
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessage("injected");
        assertThat(model.listener.isOpen()).as("the listener it had opened").isFalse();
        assertThat(model.acceptor.isAlive()).as("the thread it had started").isFalse();
        assertNobodyListensOn(model.port);
        server.close(); // harmless after a failed start
    }

    @Test
    void theSelectLoopsCountsOnlyForAModelWithASelector() throws IOException {
        try (BaseServer plain = new BaseServer(ServerConfig.anyPort(), new Accepting(false, false));
             BaseServer looping = new BaseServer(ServerConfig.anyPort(), new Accepting(false, true))) {
            plain.start();
            looping.start();
            assertThat(EventLoop.of(plain)).isNull();
            assertThat(EventLoop.of(looping)).isNotNull().extracting(EventLoop::wakeups).isEqualTo(0L);
        }
        EchoServer another = new EchoServer() {
            @Override
            public void start() {
            }

            @Override
            public int port() {
                return 0;
            }

            @Override
            public Stats stats() {
                return new Counters().snapshot();
            }

            @Override
            public String name() {
                return "another";
            }

            @Override
            public void close() {
            }
        };
        assertThat(EventLoop.of(another)).as("not a BaseServer").isNull();
    }
}
