package io.models.concepts;

import io.models.concepts.Watch.Sample;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The note's opening, 了解新知识之前需要知道的一些知识, as a guided tour: each definition (同步, 异步,
 * 阻塞, 非阻塞, and the warning against checking a variable in a loop) is run, its threads are
 * watched from outside, and what happened is printed beside the note's words. A few seconds, on
 * the loopback address only, no server.
 */
@Command(name = "00-concepts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"了解新知识之前需要知道的一些知识: 同步, 异步, 阻塞, 非阻塞, each run and watched from outside.",
                "A few seconds; loopback connections inside this process only."})
public final class Tour implements Callable<Integer> {

    /** The tour's steps, in the note's order. */
    enum Step { sync, async, blocking, nonblocking, polling }

    /** How long each step watches its threads: long enough for many looks, short enough for a tour. */
    static final Duration WINDOW = Duration.ofMillis(300);

    /** How many empty answers the non-blocking reader gets before the data is sent. */
    static final long ZEROES_FIRST = 10_000;

    @Spec
    CommandSpec spec;

    private final List<Step> steps = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    public Tour() {
        this(System.out, System.err);
    }

    Tour(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Parameters(arity = "0..*", paramLabel = "STEP",
            description = "steps to run, of: sync, async, blocking, nonblocking, polling (default: all, in that order)")
    void steps(List<String> names) {
        for (String name : names) {
            try {
                steps.add(Step.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "'%s' is not a step of the tour: choose from %s"
                        .formatted(name, String.join(", ", Arrays.stream(Step.values()).map(Step::name).toList())));
            }
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the tour; returns 0, 2 with one line and the usage for a bad argument, 1 if a step failed. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Tour(out, err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setUsageHelpAutoWidth(true);
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        EnumSet<Step> chosen = steps.isEmpty() ? EnumSet.allOf(Step.class) : EnumSet.copyOf(steps);
        out.println("""
                00-concepts: 了解新知识之前需要知道的一些知识 (what to know before the IO models)
                Each step runs the note's example and watches its threads from outside, %d ms at a time:
                  JVM     what Java says of the thread (Thread.State)
                  kernel  what Linux says of it (/proc/self/task/TID/stat): R running or ready to run, S asleep
                  CPU     the CPU time the thread used while watched (its CPU clock), and the time it was ready
                          to run but waited for a CPU (/proc/self/task/TID/schedstat): 就绪态, long on a busy machine"""
                .formatted(WINDOW.toMillis()));
        try {
            for (Step step : chosen) {
                switch (step) {
                    case sync -> synchronous();
                    case async -> asynchronous();
                    case blocking -> blocking();
                    case nonblocking -> nonBlocking();
                    case polling -> polling();
                }
            }
        } catch (Exception e) {
            err.println("00-concepts: " + (e.getMessage() != null ? e.getMessage() : e));
            return 1;
        }
        summary();
        return 0;
    }

    private void synchronous() throws Exception {
        section("1. 同步 (synchronous): submit(task).get(), the note's submit(func).result() and Pool.apply()",
                "发起同步调用后,就在原地等着任务结束,根本不考虑任务是在计算还是在io阻塞",
                "after a synchronous call, the caller waits where it is until the task ends, "
                        + "whether the task is computing or blocked on IO");
        out.println("   a) the task computes: the note's 累计1亿次, here until the tour has watched it");
        Synchronous.Result computes = Synchronous.whileTheTaskComputes(WINDOW);
        show(computes.timeline(), "while the task computed", computes.caller(), computes.worker());
        out.println("   b) the task waits for IO: read() on a socket with no data");
        Synchronous.Result waits = Synchronous.whileTheTaskWaitsForData(WINDOW);
        show(waits.timeline(), "while the task waited for the data", waits.caller(), waits.worker());
        says("""
                The caller did the same both times: it waited in get() until the task was done, and
                used no CPU while it waited. What differs is the task's thread.
                「对于同步调用来说,很多时候当前线程还是激活的,只是从逻辑上当前函数没有返回而已」: in a) the
                worker, inside its own synchronous call count(), was never suspended: RUNNABLE, kernel R,
                %s; whenever another thread had the CPU, it was ready
                for one: 「即便是被抢走cpu的执行权限,那也是处于就绪态」. In b) it was suspended in read():
                kernel S, %s. That is blocking (step 3), which synchronous is not."""
                .formatted(time(computes.worker()), time(waits.worker())));
    }

    private void asynchronous() throws Exception {
        section("2. 异步 (asynchronous): supplyAsync(task, pool).thenAccept(callback), the note's apply_async()\n"
                        + "   and submit(func) without .result()",
                "发起异步调用后,并不会等待任务结束才返回,相反,会立即获取一个临时结果」\n"
                        + "   「当该异步功能完成后,通过状态、通知或回调来通知调用者",
                "the call returns at once with a temporary result (here a CompletableFuture), not the final one; "
                        + "when the task is done, the caller is told by a state, a notification or a callback");
        Asynchronous.Result r = Asynchronous.run(WINDOW);
        show(r.timeline(), "while both computed", r.caller(), r.worker());
        says("""
                The call returned before the result existed (isDone() was %s), and the caller went on
                with its own work: both threads computed at once. The result came by callback, on
                %s, after the task finished; the caller never asked for it."""
                .formatted(r.doneWhenReturned(), r.callbackThread()));
    }

    private void blocking() throws Exception {
        section("3. 阻塞 (blocking): read() on a socket in blocking mode with no data, the note's recv",
                "阻塞调用是指调用结果返回之前,当前线程会被挂起(如遇到io操作)」\n   「函数只有在得到结果之后才会将阻塞的线程激活",
                "a blocking call suspends the current thread until its result is there; only the result wakes it");
        Blocking.Result r = Blocking.run(WINDOW);
        show(r.timeline(), "while they waited for the data", r.platform(), r.virtual());
        says("""
                Each read() returned only after the data was sent. The JVM calls the platform thread
                RUNNABLE, because it is in native code; the kernel says S: suspended (挂起), and it
                wanted no CPU: %s. A virtual thread blocked in read() is
                parked by the JDK itself, and the JVM says so: WAITING."""
                .formatted(time(r.platform())));
    }

    private void nonBlocking() throws Exception {
        section("4. 非阻塞 (non-blocking): the same read() after configureBlocking(false), the note's\n"
                        + "   setblocking(False)",
                "非阻塞和阻塞的概念相对应,指在不能立刻得到结果之前也会立刻返回,同时该函数不会阻塞当前线程",
                "when the result cannot be had at once, the call still returns at once, "
                        + "and does not block the current thread");
        NonBlocking.Result r = NonBlocking.run(ZEROES_FIRST);
        timeline(r.timeline());
        says("""
                %,d calls returned 0 (no data yet; Python raises BlockingIOError instead), %.1f µs each
                on average; the data was sent after the first %,d, and the first call after it came
                returned its %d bytes. The reader was never suspended, so it had to ask again and
                again (轮询, polling), on a CPU or in the queue for one all the while: %s
                (chapter 03's price)."""
                .formatted(r.zeroes(), r.zeroNanos() / 1e3 / r.zeroes(), ZEROES_FIRST, r.bytes(),
                        time(r.cpuNanos(), r.readyNanos(), r.pollingNanos())));
    }

    private void polling() throws Exception {
        section("5. checking a variable in a loop: while (!ready) { } against a notification (CountDownLatch)",
                "有些初学多线程编程的人,总喜欢用一个循环去检查某个变量的值,这其实是一种很严重的错误」\n"
                        + "   「如果是使用通知的方式,效率则很高",
                "checking a variable in a loop is a serious mistake; a notification is efficient");
        BusyPolling.Result r = BusyPolling.run(WINDOW);
        show(r.timeline(), "while both waited for the event", r.polling(), r.notified());
        says("""
                Both saw the event. While nothing happened, the polling thread checked the variable
                %,d times, on a CPU or in the queue for one all the while: %s.
                The notified one slept: %s."""
                .formatted(r.checks(), time(r.polling()), time(r.notified())));
    }

    private void summary() {
        out.println("""

                小结 (summary):
                1. 同步与异步针对的是函数/任务的调用方式: synchronous or asynchronous is how a call gives its
                   result: when it returns (1), or later, by a state, a notification or a callback (2).
                2. 阻塞与非阻塞针对的是进程或线程: blocking or not is what happens to the calling thread when
                   the request cannot be met yet: it is suspended (3), or it returns at once (4).
                Next, 一、IO模型介绍: every read has two phases, 等待数据准备 (waiting for the data) and
                将数据从内核拷贝到进程中 (copying it from the kernel); the chapters 01-06 differ in which
                phase blocks, and who does the copy.""");
    }

    private void section(String title, String note, String english) {
        out.printf("%n%s%n   「%s」%n", title, note);
        wrap("(" + english + ")");
        out.println();
    }

    /** Prints text in lines at most 100 columns wide, indented like the steps. */
    private void wrap(String text) {
        StringBuilder line = new StringBuilder("  ");
        int width = 2;
        for (String word : text.split(" ")) {
            int w = columns(word);
            if (width > 2 && width + 1 + w > 100) {
                out.println(line);
                line = new StringBuilder("  ");
                width = 2;
            }
            line.append(' ').append(word);
            width += 1 + w;
        }
        out.println(line);
    }

    /** How many columns a terminal gives {@code word}: two for each Chinese character or full-width mark. */
    private static int columns(String word) {
        return word.codePoints().map(c -> c >= 0x2E80 ? 2 : 1).sum();
    }

    private void show(Timeline timeline, String watched, Sample... samples) {
        timeline(timeline);
        out.printf("   %s, looked at %d times in %.0f ms:%n", watched, samples[0].looks(), ms(samples[0].wallNanos()));
        for (Sample s : samples) {
            String kernel = s.virtual() ? "none of its own (a virtual thread)"
                    : !s.kernelSeen() ? "not visible on this system"
                    : counts(s.kernelStates(), s.looks());
            String cpu = s.cpuNanos() < 0 ? "CPU not measured for a virtual thread" : time(s);
            out.printf("     %-15s JVM %s, kernel %s%n     %-15s %s; in %s%n",
                    s.name(), counts(s.javaStates(), s.looks()), kernel, "", cpu, s.where());
        }
    }

    private void timeline(Timeline timeline) {
        for (Timeline.Event e : timeline.events()) {
            out.printf("   %+8.1f ms  %-15s %s%n", ms(e.nanos()), e.thread(), e.text());
        }
    }

    /** "WAITING 30/30", or for the kernel "S 30/30 (sleeping until woken: 挂起)"; several states: each. */
    private static String counts(Map<?, Integer> seen, int looks) {
        StringBuilder b = new StringBuilder();
        seen.forEach((state, n) -> {
            b.append(b.isEmpty() ? "" : ", ").append(state).append(' ').append(n).append('/').append(looks);
            if (state instanceof Character c) {
                b.append(" (").append(Watch.meaning(c)).append(')');
            }
        });
        return b.toString();
    }

    private void says(String text) {
        out.println();
        wrap(String.join(" ", text.lines().toList()));
    }

    /** "30 ms on a CPU and 270 ms ready for one, of 300 ms", or without the ready time where it is not measured. */
    private static String time(Sample s) {
        return time(s.cpuNanos(), s.readyNanos(), s.wallNanos());
    }

    private static String time(long cpu, long ready, long wall) {
        return ready < 0 ? "%.1f ms of CPU in %.0f ms".formatted(ms(cpu), ms(wall))
                : "%.1f ms on a CPU and %.1f ms ready for one, of %.0f ms".formatted(ms(cpu), ms(ready), ms(wall));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
