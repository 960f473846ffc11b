package dev.wakegate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "wakegate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"On-device wake-word gate: nothing leaves the house unless the wake word was really said.", ""},
        subcommands = {RunCommand.class, ScanCommand.class, EnrollCommand.class, TuneCommand.class, ListenCommand.class, CtlCommand.class, AuditCommand.class, DevicesCommand.class, DemoCommand.class, HelpCommand.class})
final class WakegateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
