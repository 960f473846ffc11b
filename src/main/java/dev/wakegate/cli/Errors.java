package dev.wakegate.cli;

import dev.wakegate.internal.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.io.IOException;

/** One line for problems the user can fix (exit 1, or 2 for a command line that does not parse); a stack trace in the log for bugs (exit 70). */
final class Errors {
    static final int USER_ERROR = 1, USAGE_ERROR = 2, INTERNAL_ERROR = 70;
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {}

    /**
     * An option or value picocli cannot parse, from the command line or a --config file: the message and where to look,
     * in one line (the usage page printed after it would bury the line that says what is wrong).
     */
    static int usage(CommandLine.ParameterException ex, String[] args) {
        var cmd = ex.getCommandLine();
        String problem = ex.getMessage().lines().findFirst().orElse("the command line does not parse").strip();
        if (problem.endsWith(".")) problem = problem.substring(0, problem.length() - 1);
        String suggestion = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                ? " (did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?)" : "";
        cmd.getErr().println("wakegate: " + problem + suggestion + ". Fix: see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        return USAGE_ERROR;
    }

    /**
     * The line for a command that ran out of Java heap: how much it had and how to give it more (the launcher passes
     * WAKEGATE_JAVA_OPTS to java in place of its own settings). Nothing it was writing is kept: files are written whole
     * or not at all.
     */
    static String outOfMemory(String[] args) {
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "the command";
        long more = Math.max(256, Long.highestOneBit(Math.max(1, mb)) * 4);
        return "wakegate: " + command + " ran out of memory: the Java heap holds at most " + mb + " MB here. Fix: give it more, e.g. "
                + "WAKEGATE_JAVA_OPTS=-Xmx" + more + "m wakegate " + command + " ... (or java -Xmx" + more + "m -jar wakegate.jar " + command + " ...)";
    }

    static int handle(Exception ex, CommandLine cmd, ParseResult parsed) {
        Throwable cause = ex;
        if (cause instanceof UserError u) {
            cmd.getErr().println("wakegate: " + u.getMessage());
            if (Verbosity.verbose()) u.printStackTrace(cmd.getErr());
            return USER_ERROR;
        }
        if (cause instanceof IOException io) {
            cmd.getErr().println("wakegate: " + cmd.getCommandName() + ": " + io.getMessage());
            if (Verbosity.verbose()) io.printStackTrace(cmd.getErr());
            return USER_ERROR;
        }
        log.error("internal error in '{}'", cmd.getCommandName(), ex);
        cmd.getErr().println("wakegate: internal error (" + ex.getClass().getSimpleName() + "); run with --verbose for details");
        if (Verbosity.verbose()) ex.printStackTrace(cmd.getErr());
        return INTERNAL_ERROR;
    }
}
