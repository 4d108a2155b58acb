package io.models.conformance;

import io.models.common.cli.Cli;
import io.models.common.linux.Proc;
import io.models.conformance.cases.Case;
import io.models.conformance.cases.Cases;
import io.models.conformance.cases.ServerProcess;
import io.models.conformance.cases.Session;
import io.models.conformance.grading.Grading;
import io.models.conformance.grading.Rubric;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar conformance/target/conformance.jar (--port P [--pid PID] | --exec "CMD {port}"
 * [--fresh-server]) [--host H] [--cases a,b] [--model NAME] [--idle-timeout SECONDS] [--report-dir D]
 * [--wait SECONDS] [--rubric FILE] [--gradescope FILE] [--lang en|zh]}: checks any server of the
 * protocol, in any language, from outside; with a rubric, it scores the run. {@code conformance
 * gradebook ...} and {@code conformance rubric-page ...} are the grading commands ({@link Grading}).
 * Every text it prints is in the messages ({@link Messages}), the usage help too ({@code help.*}).
 * Its flag values are read by {@link FlagValues}, {@code --pid}'s process is found by {@link PidServer},
 * and what it prints and writes once the cases have run is {@link RunOutputs}.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
public final class Main implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", descriptionKey = "help.host")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", converter = FlagValues.Port.class, descriptionKey = "help.port")
    Integer port;

    @Option(names = "--pid", paramLabel = "PID", converter = FlagValues.Pid.class, descriptionKey = "help.pid")
    Long pid;

    @Option(names = "--exec", paramLabel = "CMD", descriptionKey = "help.exec")
    String exec;

    @Option(names = "--fresh-server", descriptionKey = "help.fresh-server")
    boolean freshServer;

    @Option(names = "--cases", paramLabel = "NAME", split = ",", converter = FlagValues.CaseName.class,
            descriptionKey = "help.cases")
    List<Case> cases;

    @Option(names = "--model", paramLabel = "NAME", split = ",", converter = FlagValues.ModelName.class,
            descriptionKey = "help.model")
    List<String> model;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", converter = FlagValues.IdleTimeout.class,
            descriptionKey = "help.idle-timeout")
    Integer idleTimeout;

    @Option(names = "--report-dir", paramLabel = "DIR", descriptionKey = "help.report-dir")
    Path reportDir;

    @Option(names = "--wait", paramLabel = "SECONDS", converter = FlagValues.Wait.class, descriptionKey = "help.wait")
    int waitSeconds = 5;

    @Option(names = "--rubric", paramLabel = "FILE", descriptionKey = "help.rubric")
    Path rubricFile;

    @Option(names = "--gradescope", paramLabel = "FILE", descriptionKey = "help.gradescope")
    Path gradescopeFile;

    @Option(names = "--lang", paramLabel = "LANG", converter = FlagValues.Lang.class, descriptionKey = "help.lang")
    Locale lang;

    @Spec
    CommandSpec spec;

    /** Before every line on stderr: the program's name, in every language. */
    static final String PREFIX = "conformance: ";

    /**
     * How long a server started by {@code --exec} has to listen: four times {@code --wait}, and at
     * least half a minute (a JVM on a loaded machine takes seconds to start). A server that exits
     * before it listens is said at once.
     */
    static Duration startPatience(Duration wait) {
        Duration four = wait.multipliedBy(4);
        return four.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : four;
    }

    @Override
    public Integer call() {
        if (lang != null) {
            Messages.use(lang);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String wrong = wrongCombination();
        if (wrong != null) {
            err.println(PREFIX + wrong);
            return Cli.USAGE;
        }
        Rubric rubric;
        try {
            rubric = rubricFile != null ? Rubric.read(rubricFile)
                    : gradescopeFile != null ? Grading.onePointEach(selected(null)) : null;
        } catch (Rubric.Invalid e) {
            err.println(PREFIX + e.getMessage());
            return Cli.USAGE;
        }
        List<String> models = expectedModels(rubric);
        InetSocketAddress address = new InetSocketAddress(host, port == null ? 0 : port);
        if (address.isUnresolved()) {
            err.println(PREFIX + Messages.get("main.unknown-host", host));
            return Cli.USAGE;
        }
        if (reportDir != null) {
            try {
                Files.createDirectories(reportDir);
            } catch (IOException e) {
                err.println(PREFIX + Messages.get("main.report-dir", reportDir, e.getMessage()));
                return Cli.USAGE;
            }
        }
        if (!isLoopback(address.getAddress())) {
            err.println(Messages.get("main.not-local", host));
        }
        Duration wait = Duration.ofSeconds(waitSeconds);
        Servers servers;
        if (exec != null) {
            servers = Servers.exec(exec, host, port, startPatience(wait), freshServer);
        } else {
            ServerProcess proc = null;
            if (pid != null) {
                try {
                    proc = PidServer.listening(pid, port, wait, Proc.available(), err);
                } catch (IllegalArgumentException e) {
                    err.println(PREFIX + e.getMessage());
                    return Cli.USAGE;
                }
            }
            servers = Servers.given(address, proc);
        }

        Session.Settings settings = new Session.Settings(wait, models,
                idleTimeout == null ? null : Duration.ofSeconds(idleTimeout));
        ZonedDateTime started = ZonedDateTime.now();
        long start = System.nanoTime();
        List<Verdict> results;
        try (servers) {
            results = new Checker(servers, settings, r -> r.lines().forEach(out::println)).run(selected(rubric));
        } catch (Checker.Unreachable e) {
            err.println(PREFIX + (e.didNotStart ? e.getMessage()
                    : Messages.get("main.unreachable", host, servers.port(), e.getMessage())));
            e.output.forEach(line -> err.println(Checker.shown(line)));
            return Cli.USAGE;
        }
        Reports.Run run = new Reports.Run(host, servers.port(), servers.pid(), started,
                Duration.ofNanos(System.nanoTime() - start), results);
        return new RunOutputs(reportDir, gradescopeFile, rubricFile != null).finish(run, rubric, out, err);
    }

    /** What is wrong with the flags together, in one line; null if nothing. */
    String wrongCombination() {
        if (exec != null && pid != null) {
            return Messages.get("main.exec-and-pid");
        }
        if (exec == null && port == null) {
            return Messages.get("main.no-port");
        }
        if (exec != null && !exec.contains(ServerCommand.PORT) && port == null) {
            return Messages.get("main.exec-without-port", ServerCommand.PORT);
        }
        if (freshServer && exec == null) {
            return Messages.get("main.fresh-without-exec");
        }
        return null;
    }

    /**
     * The cases asked for (by {@code --cases}, and by the rubric if there is one), in the order of
     * {@link Cases#ALL}, each once.
     */
    List<Case> selected(Rubric rubric) {
        Set<Case> asked = cases == null ? null : new LinkedHashSet<>(cases);
        return Cases.ALL.stream().filter(c -> asked == null || asked.contains(c))
                .filter(c -> rubric == null || rubric.has(c.name())).toList();
    }

    /**
     * The models the {@code model} case accepts: {@code --model}'s, else the rubric's model line's
     * ({@code model 10 select,poll}); empty if neither names one.
     */
    List<String> expectedModels(Rubric rubric) {
        if (model != null) {
            return model;
        }
        return rubric == null ? List.of() : rubric.models();
    }

    private static boolean isLoopback(InetAddress a) {
        return a.isLoopbackAddress() || a.isAnyLocalAddress();
    }

    /** The command line for {@code args}, its help and messages in the language they ask for. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        FlagValues.useLanguageOf(args);
        CommandLine cl = new CommandLine(new Main());
        cl.setResourceBundle(Messages.bundle());
        cl.setOut(out);
        cl.setErr(err);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    /** {@code conformance [flags]} checks one server; {@code conformance gradebook|rubric-page ...} grades. */
    public static void main(String[] args) {
        Object grading = args.length > 0 ? Grading.command(args[0]) : null;
        if (grading != null) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            FlagValues.useLanguageOf(rest);
            CommandLine cl = new CommandLine(grading);
            cl.setResourceBundle(Messages.bundle());
            cl.setUsageHelpAutoWidth(true);
            System.exit(cl.execute(rest));
        }
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args)
                .execute(args));
    }
}
