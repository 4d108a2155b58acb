package io.models.bench.lab;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command made to die with the lab even if the lab is killed outright (SIGKILL, which no shutdown
 * hook sees): {@code setpriv --pdeathsig KILL} asks Linux to kill the server when the thread that
 * started it ends. That thread is the run's own, which lives as long as the server. Without setpriv
 * (not Linux, no util-linux) only the shutdown hook takes the servers down.
 */
public final class DiesWithTheLab {

    private static final String SETPRIV = onPath("setpriv");

    private DiesWithTheLab() {
    }

    /** {@code command}, behind {@code setpriv --pdeathsig KILL} where there is one. */
    public static List<String> command(List<String> command) {
        if (SETPRIV == null) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of(SETPRIV, "--pdeathsig", "KILL"));
        c.addAll(command);
        return c;
    }

    private static String onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
