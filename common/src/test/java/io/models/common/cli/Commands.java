package io.models.common.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a picocli command in this JVM as {@link Cli#execute} does, keeping what it printed. */
public final class Commands {

    private Commands() {
    }

    /** A command's exit code and what it printed on each stream. */
    public record Run(int code, String out, String err) {
    }

    public static Run execute(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(command, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
