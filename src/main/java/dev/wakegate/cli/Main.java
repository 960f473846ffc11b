package dev.wakegate.cli;

import dev.wakegate.internal.UserError;
import picocli.CommandLine;

/** The {@code wakegate} command: builds the command tree and exits with its code (0 ok, 1 error, 2 usage). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Verbosity.configure(args);
        System.exit(run(args));
    }

    /** Runs a command line in this JVM and returns its exit code (for tests). */
    public static int run(String... args) {
        try {
            return commandLine(args).execute(args);
        } catch (UserError e) {
            System.err.println("wakegate: " + e.getMessage());
            return Errors.USER_ERROR;
        } catch (OutOfMemoryError e) {
            System.err.println(Errors.outOfMemory(args));
            return Errors.USER_ERROR;
        }
    }

    /**
     * The command tree, with {@code run}'s defaults taken from {@code --config FILE} when the arguments name one
     * (the file is read before parsing, so its values are defaults the command line overrides).
     *
     * @throws dev.wakegate.internal.UserError if the config file cannot be read or has an unknown key
     */
    public static CommandLine commandLine(String... args) {
        var cmd = commandLine();
        var config = ConfigFile.requested(args);
        if (config != null && args.length > 0 && args[0].equals("run")) {
            var run = cmd.getSubcommands().get("run");
            run.setDefaultValueProvider(ConfigFile.load(config, run.getCommandSpec()));
        }
        return cmd;
    }

    public static CommandLine commandLine() {
        var cmd = new CommandLine(new WakegateCommand());
        cmd.setExecutionStrategy(Verbosity::executeWithLogging);
        cmd.setExecutionExceptionHandler(Errors::handle);
        cmd.setParameterExceptionHandler(Errors::usage);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        return cmd;
    }
}
