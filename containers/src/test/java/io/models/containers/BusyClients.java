package io.models.containers;

import io.models.common.protocol.Protocol;
import io.models.common.testkit.Bytes;
import io.models.common.testkit.Probes;
import io.models.common.testkit.TestClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that keep a server busy: each lane, on a virtual thread of its own, does round trips of
 * its own random payload and checks every byte of every reply, until it is told to stop, the
 * server fails it, or it has done {@link #MAX_ROUND_TRIPS} (bounded whatever happens).
 */
final class BusyClients implements AutoCloseable {

    static final int MAX_ROUND_TRIPS = 100_000;

    /** One lane: round trips done, and how it ended (null: told to stop; else what failed it). */
    static final class Lane {
        final AtomicLong roundTrips = new AtomicLong();
        final CompletableFuture<Throwable> end = new CompletableFuture<>();
        volatile TestClient client;
    }

    private final List<Lane> lanes = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * @param reconnect a new connection for every round trip: a one-at-a-time server (01) then
     *                  serves every lane in turn, instead of the first one for ever
     */
    BusyClients(int port, int lanes, int payloadBytes, boolean reconnect) {
        for (int i = 0; i < lanes; i++) {
            Lane lane = new Lane();
            this.lanes.add(lane);
            byte[] payload = Bytes.random(payloadBytes, i);
            byte[] expected = Protocol.upper(payload);
            Thread.ofVirtual().name("load-" + i).start(() -> {
                try {
                    for (int n = 0; n < MAX_ROUND_TRIPS && !stopping; n++) {
                        if (lane.client == null) {
                            lane.client = TestClient.connect(port);
                        }
                        byte[] reply = lane.client.roundTrip(payload);
                        if (!Arrays.equals(expected, reply)) {
                            throw new AssertionError("reply " + n + " differs at byte " + Arrays.mismatch(expected, reply));
                        }
                        lane.roundTrips.incrementAndGet();
                        if (reconnect) {
                            lane.client.close();
                            lane.client = null;
                        }
                    }
                    lane.end.complete(null);
                } catch (Throwable e) {
                    lane.end.complete(e);
                } finally {
                    closeQuietly(lane.client);
                }
            });
        }
    }

    List<Lane> lanes() {
        return lanes;
    }

    long roundTrips() {
        return lanes.stream().mapToLong(l -> l.roundTrips.get()).sum();
    }

    /** True once every lane has done at least {@code n} round trips. */
    boolean eachDid(long n) {
        return lanes.stream().allMatch(l -> l.roundTrips.get() >= n);
    }

    /**
     * How each lane ended (null if it was told to stop), waiting at most {@link Probes#DEADLINE}
     * in all: a lane still running then is a client left hanging, and fails.
     */
    List<Throwable> ends() throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + Probes.DEADLINE.toNanos();
        List<Throwable> ends = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            try {
                ends.add(lanes.get(i).end.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                throw new AssertionError("client " + i + " still waiting " + Probes.DEADLINE.toSeconds()
                        + " s later: it hangs", e);
            }
        }
        return ends;
    }

    /** Asks every lane to stop after its current round trip. */
    void stop() {
        stopping = true;
    }

    @Override
    public void close() {
        stop();
        lanes.forEach(l -> closeQuietly(l.client));
    }

    private static void closeQuietly(TestClient c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
