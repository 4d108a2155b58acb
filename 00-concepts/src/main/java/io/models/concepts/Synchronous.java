package io.models.concepts;

import io.models.concepts.Watch.Sample;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * 同步 (synchronous): "发起同步调用后,就在原地等着任务结束,根本不考虑任务是在计算还是在io阻塞" (after a
 * synchronous call the caller waits where it is until the task ends, whether the task computes or
 * is blocked on IO). In Java, {@code submit(task).get()}: the note's {@code submit(func).result()}
 * and {@code Pool.apply}. The task runs on a pool's thread ("worker"); the caller ("caller") waits
 * in {@code get()}; the tour watches both.
 */
final class Synchronous {

    /** What happened, and how the caller and the worker looked while the task was under way. */
    record Result(Timeline timeline, Sample caller, Sample worker) {
    }

    private Synchronous() {
    }

    /** The task computes (累计) until the tour has watched for {@code window}. */
    static Result whileTheTaskComputes(Duration window) throws Exception {
        Timeline timeline = new Timeline();
        Counting task = new Counting(timeline, "task");
        return call(timeline, task, task.thread(), window, () -> true, () -> {
            timeline.observer("stop", "asks the task to finish");
            task.stop();
        });
    }

    /** The task reads a socket that has no data (recv), until the tour has watched and sends some. */
    static Result whileTheTaskWaitsForData(Duration window) throws Exception {
        Timeline timeline = new Timeline();
        try (Loopback connection = Loopback.open()) {
            Watched worker = new Watched("task");
            Callable<Integer> recv = new Callable<>() {
                @Override
                public Integer call() throws Exception {
                    worker.here();
                    timeline.mark("task starts", "the task calls read() on a socket with no data (recv), in blocking mode");
                    int n = connection.server().read(ByteBuffer.allocate(64)); // waits for the data, then copies it
                    timeline.mark("task done", "the task's read() returned %d bytes".formatted(n));
                    return n;
                }

                @Override
                public String toString() {
                    return "recv";
                }
            };
            return call(timeline, recv, worker, window, () -> Watch.asleepInNativeCode(worker), () -> {
                timeline.observer("stop", "sends 5 bytes to the socket");
                connection.send("hello");
            });
        }
    }

    /**
     * The caller: {@code submit(task).get()}. The tour waits until the task is under way and the
     * caller is waiting for it, watches both for {@code window}, then lets the task finish.
     */
    private static Result call(Timeline timeline, Callable<?> task, Watched worker, Duration window,
                               BooleanSupplier underWay, Watched.Body finish) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("worker").factory());
        try {
            Watched caller = Watched.platform("caller", () -> {
                timeline.mark("call", "submit(task).get(): asks for the result, and waits for it");
                Object result = pool.submit(task).get(); // submit(func).result(), Pool.apply
                timeline.mark("returned", "get() returned " + (result instanceof Long n ? "%,d".formatted(n) : result));
            });
            Watch.until("the task under way and the caller waiting in get()",
                    () -> timeline.has("task starts") && underWay.getAsBoolean()
                            && timeline.has("call") && caller.javaState() == Thread.State.WAITING);
            List<Sample> seen = Watch.over(window, caller, worker);
            finish.run();
            caller.join();
            return new Result(timeline, seen.get(0), seen.get(1));
        } finally {
            pool.shutdownNow(); // if something went wrong: interrupts the task (an interrupted read closes its channel)
            pool.awaitTermination(Watch.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
