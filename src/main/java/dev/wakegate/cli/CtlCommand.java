package dev.wakegate.cli;

import dev.wakegate.control.ControlClient;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ctl", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Talk to the running daemon over its control socket.",
                "  status                  gate state, hardware mute, pause, wake words and sensitivities, sessions",
                "  sensitivity WORD VALUE  change a wake word's sensitivity (0-1) at once, without a restart (above 0.9: --force)",
                "  pause | resume          a software pause; resume never ends a hardware mute (only the switch does)",
                "  pair                    for two minutes, the first Home Assistant that connects becomes this satellite's own"},
        footer = {"", "Examples:", "  wakegate ctl status", "  wakegate ctl sensitivity hey-computer 0.6",
                "  wakegate ctl --control-socket /run/wakegate/control.sock pause"})
final class CtlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ControlSocketOptions socket;
    @Mixin
    Verbosity verbosity;

    @Parameters(index = "0", paramLabel = "REQUEST", description = "status, sensitivity, pause, resume or pair.")
    String request;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "For sensitivity: the wake word and the value.")
    List<String> args = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "The run's configuration file: its control-socket is the one used.")
    Path config;

    @Option(names = "--force", description = "For sensitivity: take a value above 0.9 (more false wakes, each of which streams audio).")
    boolean force;

    @Override
    public Integer call() {
        Path path = socket.forClient(config);
        var line = new StringBuilder(request);
        for (String a : args) line.append(' ').append(a);
        if (force) line.append(" force");
        if (line.indexOf("\n") >= 0 || line.indexOf("\r") >= 0) throw new UserError("a request is one line. Fix: no line breaks in the arguments");
        List<String> reply;
        try {
            reply = ControlClient.request(path, line.toString());
        } catch (AccessDeniedException e) {
            throw denied(path);
        } catch (IOException e) {
            if (!Files.exists(path)) throw new UserError("no control socket at " + path + ". Fix: is 'wakegate run' running? Else give its --control-socket PATH");
            if (e instanceof SocketException && String.valueOf(e.getMessage()).contains("ermission")) throw denied(path);
            throw new UserError("control socket " + path + ": " + e.getMessage() + ". Fix: is 'wakegate run' still running? Check its log");
        }
        if (reply.isEmpty()) throw new UserError("control socket " + path + ": no reply. Fix: check the daemon's log");
        String first = reply.get(0);
        if (first.startsWith("error ")) throw new UserError(first.substring("error ".length()));
        var out = spec.commandLine().getOut();
        if (first.length() > 3) out.println(first.substring(3));
        for (String l : reply.subList(1, reply.size())) out.println(l);
        out.flush();
        return 0;
    }

    private static UserError denied(Path path) {
        return new UserError("control socket " + path + ": permission denied. Fix: run ctl as the daemon's user or a member of its group");
    }
}
