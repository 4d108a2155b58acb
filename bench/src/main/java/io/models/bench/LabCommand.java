package io.models.bench;

import io.models.bench.lab.LabModels;
import io.models.bench.lab.LabRun;
import io.models.bench.lab.LabRuns;
import io.models.bench.lab.LabServer;
import io.models.bench.server.CReference;
import io.models.bench.server.Catalog;
import io.models.bench.server.ServerProcess;
import io.models.bench.sweep.Runner;
import io.models.common.cli.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar bench/target/bench.jar lab [--port P]}: a local web page to watch each model live
 * under load. Each model runs as its own process, as in the benchmark, driven by the benchmark's
 * load generator; the page charts it once a second. Ctrl-C stops the lab and every server it started.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves a local page (127.0.0.1 only) where you start a model's server under a load you choose, "
                + "and watch its requests/s, latency, CPU, threads, memory and descriptors live, two models side by side.",
                "Ctrl-C stops the lab and every server it started."})
public final class LabCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 8070;
    /**
     * A page that has said nothing about its run for this long is gone without a word (its browser
     * crashed, its laptop went to sleep): the run stops. A page that closes or leaves says so, and its
     * runs stop at once; this limit is only for the silent ones, so it can be long. A slow page is not
     * a closed one: a full-page screenshot on a loaded 2-core machine once held a page's requests for
     * about 7 s, and the old limit of 5 s stopped its run (issue 24). 30 s is four times that stall,
     * and fifteen times the longest silence measured here (see bench/README.md, "A closed page stops
     * its runs"). The page's heartbeat runs in a worker of its own, which a busy main thread and a
     * hidden tab's throttled timers do not hold up.
     */
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "The page's port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = DEFAULT_PORT;

    @Mixin
    RootFlag root;

    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public LabCommand() {
        this(System.out);
    }

    LabCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw bad("--port is 0 to 65535, not " + port);
        }
        Path repo = root.repository(true);
        CReference c = CReference.build(repo);
        LabModels models = new LabModels(Catalog.builtIn(repo), repo, c);
        Runner.Env env = new Runner.Env(repo, ServerProcess.javaBinary(), ServerProcess.jvmFlags(ServerProcess.DEFAULT_HEAP), c, 2,
                Runner.Timing.DEFAULT);
        LabRuns runs = new LabRuns(models, new LabRun.Setup(env, HEARTBEAT));
        LabServer server;
        try {
            server = new LabServer(runs, models, port);
        } catch (BindException e) {
            spec.commandLine().getErr().println("lab: port " + port + " on 127.0.0.1 is in use: --port P picks another (0: any free one)");
            return Cli.FAILED;
        } catch (IOException e) {
            spec.commandLine().getErr().println("lab: cannot serve the page: " + e.getMessage());
            return Cli.FAILED;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("lab-stop").unstarted(() -> {
            out.println("lab: stopping, with every server it started");
            server.close();
            runs.close();
            stopped.countDown();
        }));
        for (LabModels.Model m : models.offered()) {
            if (models.missing(m.module()) != null) {
                out.println("lab: " + m.module() + " is not offered: " + models.missing(m.module()));
            }
        }
        out.println("lab: open " + server.uri() + " in a browser (this machine only); Ctrl-C stops the lab and every server it started");
        out.flush();
        stopped.await();
        return 0;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
