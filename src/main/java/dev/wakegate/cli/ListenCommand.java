package dev.wakegate.cli;

import dev.wakegate.audio.Capture;
import dev.wakegate.audio.CaptureThread;
import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Engines;
import dev.wakegate.detect.FrontEnd;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.internal.NoCoreDumps;
import dev.wakegate.internal.Terminal;
import dev.wakegate.listen.ListenModel;
import dev.wakegate.listen.ListenState;
import dev.wakegate.listen.ListenView;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.vad.EnergyVad;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A live view for tuning in the room: level, VAD and each wake word's score.",
                "Each wake word's score against its threshold (1 - sensitivity), and detections as they happen.",
                "Nothing is sent and nothing is written.",
                "Redrawn in place about 20 times a second; Ctrl-C stops."},
        footer = {"", "Examples:", "  wakegate listen --device USB --model me.json --sensitivity 0.6",
                "  wakegate listen --model me.json --input kitchen.wav --realtime"})
final class ListenCommand implements Callable<Integer> {
    /** A picture every 5 frames (50 ms) of audio: 20 per second at real time. */
    static final int RENDER_FRAMES = 5;
    static final String HOME = "\033[H", CLEAR_LINE = "\033[K", CLEAR_BELOW = "\033[J", CLEAR = "\033[2J", HIDE_CURSOR = "\033[?25l",
            SHOW_CURSOR = "\033[?25h";

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Audio source (one of):%n")
    Source source;

    static final class Source {
        @Option(names = "--device", paramLabel = "NAME", description = "A Java Sound capture device whose name contains NAME (see 'wakegate devices').")
        String device;

        @Option(names = "--command", paramLabel = "CMD", description = "A command whose stdout is raw PCM (see --rate, --channels, --sample-format), e.g. arecord.")
        String command;

        @Option(names = "--input", paramLabel = "FILE", description = "A WAV file: as fast as possible (every picture drawn), or at real time with --realtime.")
        Path input;
    }

    @Option(names = "--realtime", description = "Play --input at real time, as a microphone would deliver it.")
    boolean realtime;

    @Mixin
    EngineOptions engine;
    @Mixin
    AudioOptions audio;
    @Mixin
    Verbosity verbosity;

    private volatile boolean stopped;

    @Override
    public Integer call() throws InterruptedException {
        Captures.requireInputForRealtime(realtime, source.input != null);
        NoCoreDumps.apply();
        Capture capture = capture();
        width = terminalWidth();
        PrintWriter out = spec.commandLine().getOut();
        var problem = new AtomicReference<Optional<String>>();  // a capture problem, or empty once capture is back
        var captureThread = new CaptureThread(capture, new CaptureThread.Listener() {
            @Override
            public void failed(String reason) {
                problem.set(Optional.of(reason));
            }

            @Override
            public void restored(String detail) {
                problem.set(Optional.empty());
            }
        });
        var done = new CountDownLatch(1);
        var hook = Thread.ofPlatform().name("wg-listen-stop").unstarted(() -> {
            stopped = true;
            captureThread.stop();
            try {
                done.await(1, TimeUnit.SECONDS); // let the last picture and the cursor be restored
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (var engines = new Engines(); WakeDetector detector = engines.detector(engine.spec().confirmedByTemplate(false))) {
            Runtime.getRuntime().addShutdownHook(hook);
            var model = new ListenModel(capture.describe(), detector);
            out.print(HIDE_CURSOR + CLEAR);
            Thread.ofPlatform().name("wg-capture").daemon().start(captureThread);
            try {
                listen(captureThread, detector, model, problem, out);
            } finally {
                draw(out, model.snapshot(stopped ? "stopped" : "end of input"));
                out.print(SHOW_CURSOR);
                out.printf(Locale.ROOT, "Heard %.1f s; %d detection%s.%n", model.frames() / (double) Pcm.FRAMES_PER_SECOND, model.detections(),
                        model.detections() == 1 ? "" : "s");
                out.flush();
                captureThread.stop();
                done.countDown();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
        return 0;
    }

    private void listen(CaptureThread captureThread, WakeDetector detector, ListenModel model, AtomicReference<Optional<String>> problem,
                        PrintWriter out) throws InterruptedException {
        var ear = new FrontEnd(new AudioRing(4 * Pcm.SAMPLE_RATE), new EnergyVad(), detector);
        try {
            while (!stopped) {
                var news = problem.getAndSet(null);
                if (news != null) model.problem(news.orElse(null));
                CaptureThread.Frame f = captureThread.poll(50);
                if (f == null) continue;
                if (f.index < 0) return;
                try {
                    ear.hear(f.samples, f.index);
                    model.onFrame(f.samples, f.index, ear.speech(), ear.fed(0));
                    for (int i = 0; i < ear.found(); i++) model.onDetection(ear.found(i));
                    if ((f.index + 1) % RENDER_FRAMES == 0) draw(out, model.snapshot(null));
                } finally {
                    captureThread.recycle(f);
                }
            }
        } finally {
            ear.ring().wipe();
        }
    }

    private void draw(PrintWriter out, ListenState state) {
        var sb = new StringBuilder(HOME);
        for (String line : ListenView.render(state, width)) sb.append(line).append(CLEAR_LINE).append('\n');
        out.print(sb.append(CLEAR_BELOW));
        out.flush();
    }

    private int width = 80;

    /** The terminal's width: $COLUMNS if exported, else what 'stty size' says of the terminal, else 80. */
    private static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            if (columns != null) return Integer.parseInt(columns.trim());
            if (!Terminal.isTerminal(Terminal.STDOUT)) return 80;
            var p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] rowsCols = new String(p.getInputStream().readAllBytes()).trim().split("\\s+");
            return p.waitFor(1, TimeUnit.SECONDS) && rowsCols.length == 2 ? Integer.parseInt(rowsCols[1]) : 80;
        } catch (IOException | NumberFormatException e) {
            return 80;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 80;
        }
    }

    private Capture capture() {
        if (source.input == null) return Captures.live(source.device, source.command, audio);
        return Captures.file(source.input, audio.channelOrDownmix(), realtime);   // a bad file is refused before the screen is cleared
    }
}
