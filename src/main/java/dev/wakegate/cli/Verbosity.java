package dev.wakegate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** {@code -v} (info), {@code -vv} (debug), {@code -vvv} (trace); also shows stack traces of errors. */
final class Verbosity {
    private static volatile boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "More output on stderr: -v info, -vv debug, -vvv trace; shows stack traces.")
    boolean[] levels = new boolean[0];

    static boolean verbose() {
        return verbose;
    }

    static int executeWithLogging(ParseResult parsed) {
        int count = 0;
        for (ParseResult pr = parsed; pr != null; pr = pr.subcommand()) {
            count = Math.max(count, pr.matchedOptionValue("--verbose", new boolean[0]).length);
        }
        verbose = count > 0;
        setLevel(switch (count) {
            case 0 -> Level.WARN;
            case 1 -> Level.INFO;
            case 2 -> Level.DEBUG;
            default -> Level.TRACE;
        });
        return new CommandLine.RunLast().execute(parsed);
    }

    private static void setLevel(Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
    }
}
