package dev.wakegate.cli;

import dev.wakegate.audio.AudioInputs;
import dev.wakegate.audio.Capture;
import dev.wakegate.audio.StreamCapture;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.detect.EngineSpec;
import dev.wakegate.detect.Engines;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.gate.Control;
import dev.wakegate.gate.GateSettings;
import dev.wakegate.hw.GpioSettings;
import dev.wakegate.hw.Hardware;
import dev.wakegate.hw.LedException;
import dev.wakegate.internal.NoCoreDumps;
import dev.wakegate.internal.UserError;
import dev.wakegate.uplink.Uplink;
import dev.wakegate.uplink.wyoming.PlaybackListener;
import dev.wakegate.uplink.wyoming.WyomingUplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The gate: listen locally, confirm, and stream only after a confirmed wake word.",
                "Nothing captured before the end of the wake word is ever sent; the hardware mute wins over everything."},
        footer = {"", "Examples:",
                "  wakegate run --device ArrayUAC10 --model me.json --uplink https://speech.lan:8443/listen --token-file /etc/wakegate/token",
                "  wakegate run --command \"arecord -D plughw:CARD=ArrayUAC10 -f S16_LE -r 16000 -c 6 -t raw\" --channels 6 --channel 0 \\",
                "               --model me.json --uplink wyoming://0.0.0.0:10700",
                "  wakegate run --input kitchen.wav --gpio mock --mock-mute 20-40 --model me.json --uplink http://127.0.0.1:8080/ --events-json"})
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
    private static final Duration CLEANUP_WAIT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    // one of these three (checked in call(), so that the config file can name the source too)
    @Option(names = "--device", paramLabel = "NAME", descriptionKey = "device", description = "Audio source: a Java Sound capture device whose name contains NAME (see 'wakegate devices').")
    String device;

    @Option(names = "--command", paramLabel = "CMD", descriptionKey = "command", description = "Audio source: a command whose stdout is raw PCM (see --rate, --channels, --sample-format), e.g. arecord.")
    String command;

    @Option(names = "--input", paramLabel = "FILE", descriptionKey = "input", description = "Audio source: a WAV file, as fast as possible (or --realtime); '-' reads raw PCM or WAV from stdin.")
    String input;

    @Option(names = "--realtime", descriptionKey = "realtime", description = "Read --input at real time, as a microphone would deliver it.")
    boolean realtime;

    @Mixin
    AudioOptions audio;
    @Mixin
    EngineOptions engine;
    @Mixin
    ConfirmOptions confirm;
    @Mixin
    UplinkOptions uplink;
    @Mixin
    WyomingOptions wyoming;
    @Mixin
    GpioOptions gpio;
    @Mixin
    AuditOptions audit;
    @Mixin
    ControlSocketOptions controlSocket;
    @Mixin
    Verbosity verbosity;

    @Option(names = "--end-silence", paramLabel = "SECONDS", defaultValue = "0.8", descriptionKey = "end-silence",
            description = "The longest pause within a command (and the longest wait for it to start) before the stream ends."
                    + " Default: ${DEFAULT-VALUE} s.")
    double endSilence;

    @Option(names = "--min-end-silence", paramLabel = "SECONDS", defaultValue = "" + GateSettings.MIN_END_SILENCE, descriptionKey = "min-end-silence",
            description = "The shortest pause that ends a command: a fluent command ends after this much quiet (twice the"
                    + " speaker's longest pause so far, at most --end-silence), so what others say next is not sent. Raise it"
                    + " if commands get cut. Default: ${DEFAULT-VALUE} s.")
    double minEndSilence;

    @Option(names = "--max-session", paramLabel = "SECONDS", defaultValue = "10", descriptionKey = "max-session",
            description = "A session never sends more than this much audio. Default: ${DEFAULT-VALUE} s.")
    double maxSession;

    @Option(names = "--refractory", paramLabel = "SECONDS", defaultValue = "2", descriptionKey = "refractory",
            description = "After a session, wake words are ignored this long. Default: ${DEFAULT-VALUE} s.")
    double refractory;

    @Option(names = "--send-wake-word", descriptionKey = "send-wake-word",
            description = "Also send the wake word itself (off: the stream starts at the end of the wake word).")
    boolean sendWakeWord;

    @Option(names = "--events-json", descriptionKey = "events-json",
            description = "One JSON object per line on stdout for every state change and session step.")
    boolean eventsJson;

    @Option(names = "--config", paramLabel = "FILE", descriptionKey = "config",
            description = "A properties file whose keys are these options' long names (end-silence = 0.8); the command line wins.")
    Path config;

    @Option(names = "--check", description = "Check the configuration and exit: load the wake-word models and the confirmer"
            + " and check the uplink's options, without touching the microphone, the GPIO pins, the network or the audit log.")
    boolean check;

    /** Counted down once the run has cleaned up (session, ring, LEDs, GPIO), for the shutdown hook. */
    private final CountDownLatch cleanedUp = new CountDownLatch(1);

    @Option(names = "--force", descriptionKey = "force",
            description = "Take a --sensitivity or --confirm-sensitivity above 0.9 (false wakes grow fast there, each streams audio).")
    boolean force;

    /** Everything the start needs, checked, nothing opened: what {@code --check} reports is what the start refuses. */
    private record Plan(GateSettings settings, Capture capture, GpioSettings pins, AuditLog audit, Path controlSocket) {}

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        if (check) return checkConfiguration(plan);
        NoCoreDumps.apply(); // from here on the process holds what the microphone hears
        try (Hardware hw = gpio.open()) {
            showMuteAtOnce(hw);
            runWith(hw, plan);
        } finally {
            cleanedUp.countDown();
        }
        return 0;
    }

    /**
     * The start-up validation, one path for {@code --check} and the real start: the source, the gate's settings, the
     * pins, the audit log, the sensitivities and the control socket (the models and the uplink follow once loaded).
     * Only what needs the hardware is left to the start: whether the GPIO chip is there. A microphone that is not
     * plugged in is no reason to stay down: the daemon starts, and keeps trying it.
     */
    private Plan plan() {
        int sources = (device != null ? 1 : 0) + (command != null ? 1 : 0) + (input != null ? 1 : 0);
        if (sources != 1)
            throw new ParameterException(spec.commandLine(), sources == 0
                    ? "Missing the audio source: give one of --device NAME, --command CMD or --input FILE"
                    : "Give only one audio source: --device, --command or --input");
        Captures.requireInputForRealtime(realtime, input != null);
        GateSettings settings;
        try {
            settings = new GateSettings(endSilence, Math.min(minEndSilence, endSilence), maxSession, refractory, sendWakeWord,
                    input != null && !realtime && !AudioInputs.STDIN.equals(input), wyoming.muteAfterReply().toMillis() / 1000.0);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        requireForceForRiskySensitivities();
        refuseOptionsOfTheOtherUplink();
        return new Plan(settings, capture(), gpio.settings(), audit.forRun(Clock.systemUTC()), controlSocket.forRun(input == null));
    }

    /**
     * Options of the other kind of uplink would be ignored without a word; and an ignored {@code --allow} or
     * {@code --home-assistant} looks like protection that is not there.
     */
    private void refuseOptionsOfTheOtherUplink() {
        boolean toWyoming = uplink.wyoming();
        List<String> ignored = (toWyoming ? UplinkOptions.HTTP_ONLY : spec.mixins().get("wyoming").options().stream().map(o -> o.longestName()).toList())
                .stream().filter(this::given).toList();
        if (ignored.isEmpty()) return;
        throw new UserError(String.join(", ", ignored) + (ignored.size() == 1 ? " applies" : " apply") + " to "
                + (toWyoming ? "an https:// uplink" : "the Wyoming uplink (Home Assistant)") + " only, and the uplink is " + uplink.uri()
                + ": " + (ignored.size() == 1 ? "it" : "they") + " would be ignored. Fix: remove " + (ignored.size() == 1 ? "it" : "them")
                + " (command line or --config file), or use " + (toWyoming ? "--uplink https://HOST:PORT/PATH" : "--uplink wyoming://0.0.0.0:10700"));
    }

    /** Whether {@code option} was set on the command line or in the --config file (not left at its default). */
    private boolean given(String option) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) return true;
        return spec.defaultValueProvider() instanceof ConfigFile config && config.sets(option);
    }

    private void requireForceForRiskySensitivities() {
        var risky = new ArrayList<String>();
        for (var s : engine.spec().sensitivities()) if (s.risky()) risky.add("--sensitivity " + s);
        var confirmSensitivity = confirm.spec().sensitivity();
        if (confirmSensitivity != null && confirmSensitivity.risky()) risky.add("--confirm-sensitivity " + confirmSensitivity);
        if (risky.isEmpty()) return;
        if (!force)
            throw new UserError(String.join(", ", risky) + ": above " + Sensitivity.RISKY_ABOVE + " false wakes grow fast, and each streams audio."
                    + " Fix: a lower value, or add --force if you mean it");
        log.warn("{}: above {} (forced): expect many more false wakes, each of which streams audio", String.join(", ", risky), Sensitivity.RISKY_ABOVE);
    }

    /** The engine as run detects with it: under its confirmation (by default the engine's own second stage). */
    private EngineSpec detectingSpec() {
        var asked = engine.spec();
        return Confirmers.detecting(asked, confirm.spec(), Confirmers.defaultFor(asked));
    }

    /** What the daemon would load and refuse before it starts, for {@code run --check} (and scripts/install.sh). */
    private int checkConfiguration(Plan plan) throws Exception {
        var engineSpec = detectingSpec();
        try (var engines = new Engines(); var detector = engines.detector(engineSpec);
             var confirmer = Confirmers.build(confirm.spec(), engineSpec, engines, Confirmers.defaultFor(engineSpec))) {
            if (confirmer == null)
                throw new UserError("run never streams without a second local check. Fix: --confirm template (or oww, vosk)");
            if (uplink.wyoming()) wyoming.check(uplink.uri(), detector.words(), Version.current());
            else uplink.checkHttp();
            spec.commandLine().getOut().printf("wakegate: configuration OK: engine %s (%s), confirm %s, uplink %s%n",
                    engine.engine, String.join(", ", detector.words()), confirmer.name(), uplink.uri());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * On SIGTERM the JVM halts as soon as the shutdown hooks return: the hook waits (briefly) until the open session is
     * aborted, the ring wiped, the LEDs off and the GPIO released, so that a stop never leaves the stream LED lit.
     */
    private void stopAndAwaitCleanup(Daemon daemon) {
        daemon.post(new Control.Stop());
        try {
            if (!cleanedUp.await(CLEANUP_WAIT.toMillis(), TimeUnit.MILLISECONDS))
                log.warn("shutdown: cleanup did not finish within {} s; exiting anyway", CLEANUP_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The owner sees the switch's state on the mute LED before anything slow (loading models) happens. */
    private static void showMuteAtOnce(Hardware hw) {
        try {
            hw.streamLed().set(false);
            hw.muteLed().set(hw.mute().muted());
        } catch (LedException e) {
            log.warn("LED at start: {}", e.getMessage());
        }
    }

    private void runWith(Hardware hw, Plan plan) throws Exception {
        var settings = plan.settings();
        var engineSpec = detectingSpec();
        var engines = new Engines(); // one model for detector and confirmer when both are vosk
        var detector = engines.detector(engineSpec);
        var confirmer = Confirmers.build(confirm.spec(), engineSpec, engines, Confirmers.defaultFor(engineSpec));
        if (confirmer == null)
            throw new UserError("run never streams without a second local check. Fix: --confirm template (or oww, vosk)");
        try (Uplink up = buildUplink(settings, detector.words())) {
            if (!hw.real()) warnNoHardware();
            log.info("gpio {}", hw.description());
            var daemon = new Daemon();
            daemon.controlSocket(plan.controlSocket());
            if (up instanceof WyomingUplink w) w.onPlayback(new PlaybackListener() {
                @Override
                public void started() {
                    daemon.post(new Control.Playback(true));
                }

                @Override
                public void finished() {
                    daemon.post(new Control.Playback(false));
                }
            });
            var hook = Thread.ofPlatform().name("wg-shutdown").unstarted(() -> stopAndAwaitCleanup(daemon));
            Runtime.getRuntime().addShutdownHook(hook);
            var printer = new EventPrinter(spec.commandLine().getOut(), eventsJson);
            plan.audit().create();
            var summary = daemon.run(new Daemon.Parts(plan.capture(), detector, confirmer, up, hw, plan.audit(), settings, printer,
                    gpio.mockSchedule(hw)));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            if (!eventsJson) spec.commandLine().getOut().printf(Locale.ROOT, "Heard %.1f s of audio; %d session%s, %d bytes sent.%n",
                    summary.secondsHeard(), summary.sessions(), summary.sessions() == 1 ? "" : "s", summary.bytesSent());
            spec.commandLine().getOut().flush();
        } finally {
            detector.close();
            confirmer.close();
            engines.close();
        }
    }

    private Capture capture() {
        if (input == null) return Captures.live(device, command, audio, "", false);   // run's --command message has no example
        if (AudioInputs.STDIN.equals(input)) return new StreamCapture(System.in, audio.raw(), audio.channelOrDownmix());
        return Captures.file(Path.of(input), audio.channelOrDownmix(), realtime);
    }

    private Uplink buildUplink(GateSettings settings, List<String> words) {
        if (uplink.wyoming()) return wyoming.build(uplink.uri(), words, Version.current());
        return uplink.buildHttp(settings.maxSessionSeconds());
    }

    private void warnNoHardware() {
        var err = spec.commandLine().getErr();
        err.println("wakegate: WARNING: --gpio none: there is NO hardware mute switch and NO LED showing when audio leaves.");
        err.println("wakegate: WARNING: only software stands between the microphone and the uplink. Use --gpio gpiod on a real speaker.");
        err.flush();
    }
}
