package io.models.bench;

import io.models.bench.server.Repository;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --root DIR}, which every command takes: the repository whose chapters' jars they run. */
public final class RootFlag {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The repository, whose <module>/target/<module>.jar are run (default: found from the bench's own location).")
    Path root;

    /**
     * The repository: --root, or found.
     *
     * @param needed false if the command can do without (a --target): then null when there is none
     */
    public Path repository(boolean needed) {
        if (root != null) {
            Path r = root.toAbsolutePath().normalize();
            if (!Repository.is(r)) {
                throw new ParameterException(spec.commandLine(), "--root " + root
                        + " is not the repository (no common/ and bench/pom.xml there)");
            }
            return r;
        }
        try {
            return Repository.find();
        } catch (IllegalStateException e) {
            if (needed) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            return null;
        }
    }
}
