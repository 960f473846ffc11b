package dev.wakegate.cli;

import picocli.CommandLine;

/** The {@code wakegate} command: builds the command tree and exits with its code (0 ok, 1 error, 2 usage). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line in this JVM and returns its exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        var cmd = new CommandLine(new WakegateCommand());
        cmd.setExecutionStrategy(Verbosity::executeWithLogging);
        cmd.setExecutionExceptionHandler(Errors::handle);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }
}
