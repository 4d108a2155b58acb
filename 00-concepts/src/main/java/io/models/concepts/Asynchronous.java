package io.models.concepts;

import io.models.concepts.Watch.Sample;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * 异步 (asynchronous): "发起异步调用后,并不会等待任务结束才返回,相反,会立即获取一个临时结果" (the call
 * returns at once with a temporary result, not the final one), and "当该异步功能完成后,通过状态、通知或
 * 回调来通知调用者" (when the task is done, the caller is told by a state, a notification or a callback).
 * In Java, {@code CompletableFuture.supplyAsync(task, pool)} with a callback ({@code thenAccept}):
 * the note's {@code apply_async} and {@code submit(func)} without {@code .result()}.
 */
final class Asynchronous {

    /**
     * What happened; how the caller and the worker looked while the task ran; whether the future
     * was done when the call returned; and the thread the callback ran on.
     */
    record Result(Timeline timeline, Sample caller, Sample worker, boolean doneWhenReturned, String callbackThread) {
    }

    private Asynchronous() {
    }

    /**
     * The caller starts the task, registers a callback and goes on with its own counting; the tour
     * watches both threads for {@code window}, then asks both countings to finish.
     */
    static Result run(Duration window) throws Exception {
        Timeline timeline = new Timeline();
        Counting task = new Counting(timeline, "task");
        Counting ownWork = new Counting(timeline, "own work");
        CompletableFuture<String> notified = new CompletableFuture<>(); // the callback's thread, once it has run
        CompletableFuture<Boolean> doneWhenReturned = new CompletableFuture<>();
        ExecutorService pool = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("worker").factory());
        try {
            Watched caller = Watched.platform("caller", () -> {
                timeline.mark("call", "supplyAsync(task, pool): asks for the result, and does not wait");
                CompletableFuture<Long> result = CompletableFuture.supplyAsync(task::count, pool); // apply_async
                boolean done = result.isDone(); // the task cannot be done yet: it counts until the tour says stop
                doneWhenReturned.complete(done);
                timeline.mark("returned", "the call returned at once, with a future (临时结果); done: " + done);
                result.thenAccept(n -> { // 回调: registered before the result exists, so it runs on the worker, when it is made
                    timeline.mark("callback", "the result is here: %,d".formatted(n));
                    notified.complete(Thread.currentThread().getName());
                });
                timeline.mark("goes on", "goes on with its own work; it never calls get()");
                ownWork.count();
            });
            Watch.until("the task and the caller's own work both under way",
                    () -> timeline.has("task starts") && timeline.has("own work starts"));
            List<Sample> seen = Watch.over(window, caller, task.thread());
            timeline.observer("stop", "asks the task and the caller's own work to finish");
            task.stop();
            ownWork.stop();
            String callbackThread = notified.get(Watch.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            caller.join();
            return new Result(timeline, seen.get(0), seen.get(1), doneWhenReturned.getNow(true), callbackThread);
        } finally {
            task.stop(); // if something went wrong
            ownWork.stop();
            pool.shutdownNow();
            pool.awaitTermination(Watch.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
