package dev.wakegate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code -v} (info), {@code -vv} (debug), {@code -vvv} (trace); also shows stack traces of errors. The SLF4J
 * simple logger reads its level once, when the first logger is made, so {@link #configure} runs on the raw
 * arguments before any command class is loaded.
 */
final class Verbosity {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    private static volatile boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "More output on stderr: -v info, -vv debug, -vvv trace; shows stack traces.")
    boolean[] levels = new boolean[0];

    static boolean verbose() {
        return verbose;
    }

    /** Sets the log level from -v/-vv/-vvv/--verbose among the raw arguments (before loggers exist). */
    static void configure(String[] args) {
        int count = 0;
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals("--verbose")) count++;
            else if (a.matches("-v+")) count += a.length() - 1;
        }
        if (count > 0 && System.getProperty(LEVEL_PROPERTY) == null)
            System.setProperty(LEVEL_PROPERTY, switch (Math.min(count, 3)) {
                case 1 -> "info";
                case 2 -> "debug";
                default -> "trace";
            });
    }

    static int executeWithLogging(ParseResult parsed) {
        int count = 0;
        for (ParseResult pr = parsed; pr != null; pr = pr.subcommand())
            count = Math.max(count, pr.matchedOptionValue("--verbose", new boolean[0]).length);
        verbose = count > 0;
        return new CommandLine.RunLast().execute(parsed);
    }
}
