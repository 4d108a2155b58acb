package io.models.bench.load;

import java.io.IOException;

/**
 * A ping-pong connection: it sends a message, waits for the whole reply, checks it, sends the
 * next. Idle connections are ping-pong ones that never start.
 */
final class PingPongConnection extends LoadConnection {

    private long requestNo;

    PingPongConnection(int index, boolean active, LoadWorker worker) {
        super(index, active, worker);
    }

    @Override
    void start() throws IOException {
        state = State.LOADED;
        sendNext();
    }

    @Override
    long requestNo() {
        return requestNo;
    }

    @Override
    void replied(Request done, long now) throws IOException {
        if (state != State.LOADED) {
            super.replied(done, now); // the one request before the load
            return;
        }
        worker.window.request(this, now - done.sentAt, done.length());
        requestNo++;
        sendNext();
    }

    private void sendNext() throws IOException {
        int k = (int) ((index + requestNo) % Payloads.COUNT);
        send(worker.payloads.request(k), worker.payloads.reply(k));
    }
}
