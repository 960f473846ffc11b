package dev.wakegate.cli;

import dev.wakegate.internal.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.io.IOException;

/** One line for problems the user can fix (exit 1); a stack trace in the log for bugs (exit 70). */
final class Errors {
    static final int USER_ERROR = 1, INTERNAL_ERROR = 70;
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {}

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
