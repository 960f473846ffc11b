package dev.wakegate.cli;

import dev.wakegate.internal.UserError;
import dev.wakegate.uplink.wyoming.Alarm;
import dev.wakegate.uplink.wyoming.AllowList;
import dev.wakegate.uplink.wyoming.Clip;
import dev.wakegate.uplink.wyoming.CommandPlayer;
import dev.wakegate.uplink.wyoming.Cues;
import dev.wakegate.uplink.wyoming.Discovery;
import dev.wakegate.uplink.wyoming.Pairing;
import dev.wakegate.uplink.wyoming.JavaSoundPlayer;
import dev.wakegate.uplink.wyoming.PipelineStage;
import dev.wakegate.uplink.wyoming.Player;
import dev.wakegate.uplink.wyoming.SatelliteInfo;
import dev.wakegate.uplink.wyoming.Speaker;
import dev.wakegate.uplink.wyoming.WyomingServer;
import dev.wakegate.uplink.wyoming.WyomingUplink;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of the Wyoming uplink ({@code --uplink wyoming://HOST:PORT}): who may connect, how the satellite
 * shows in Home Assistant, how replies and cues are played. A mixin for {@code run}; {@link #build} makes the
 * uplink.
 */
final class WyomingOptions {
    static final String SCHEME = "wyoming";
    static final String NONE = "none";

    enum PipelineEnd { tts, handle }

    @Option(names = "--allow", split = ",", paramLabel = "ADDR[/BITS]", descriptionKey = "allow",
            description = "Who may run the satellite besides the paired Home Assistant: IP addresses or CIDR ranges, "
                    + "comma-separated, or 'none'. Anyone else gets describe answers at most, never audio. "
                    + "Default: loopback (127.0.0.0/8, ::1).")
    List<String> allow = new ArrayList<>();

    @Option(names = "--home-assistant", paramLabel = "ADDR", descriptionKey = "home-assistant",
            description = "The Home Assistant this satellite belongs to (an IP address; install.sh asks for it). "
                    + "Without it, 'wakegate ctl pair' pairs the first Home Assistant that connects within two minutes.")
    String homeAssistant;

    @Option(names = "--pairing-file", paramLabel = "FILE", descriptionKey = "pairing-file",
            description = "Where 'ctl pair' keeps the paired Home Assistant's address. Default: $STATE_DIRECTORY/home-assistant "
                    + "under systemd (/var/lib/wakegate), else ~/.local/state/wakegate/home-assistant.")
    Path pairingFile;

    @Option(names = "--satellite-name", paramLabel = "NAME", defaultValue = "wakegate", descriptionKey = "satellite-name",
            description = "Name shown in Home Assistant and advertised over zeroconf. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--area", paramLabel = "AREA", descriptionKey = "area",
            description = "Area suggested to Home Assistant, e.g. Kitchen.")
    String area;

    @Option(names = "--pipeline-end", paramLabel = "STAGE", defaultValue = "tts", descriptionKey = "pipeline-end",
            description = "Last pipeline stage Home Assistant runs: tts (speak a reply) or handle (act, no reply). Default: ${DEFAULT-VALUE}.")
    PipelineEnd pipelineEnd;

    @Option(names = "--play-command", paramLabel = "COMMAND", descriptionKey = "play-command",
            description = "Play replies and cues with this command, raw 16-bit PCM on its input; {rate} and {channels} are "
                    + "filled in, e.g. \"aplay -q -D plughw:CARD=seeed2micvoicec -r {rate} -c {channels} -f S16_LE -t raw\". "
                    + "Default: Java Sound's default output.")
    String playCommand;

    @Option(names = "--awake-wav", paramLabel = "FILE", descriptionKey = "awake-wav",
            description = "Sound when the wake word is confirmed and streaming starts; 'none' for silence. Default: a bundled chime.")
    String awakeWav;

    @Option(names = "--done-wav", paramLabel = "FILE", descriptionKey = "done-wav",
            description = "Sound when the session ends; 'none' for silence. Default: a bundled chime.")
    String doneWav;

    @Option(names = "--alarm-wav", paramLabel = "FILE", descriptionKey = "alarm-wav",
            description = "Sound of a finished Home Assistant timer, repeated every 3 s until the wake word, the mute switch or "
                    + "--alarm-limit; 'none' for silence. The detector keeps listening while it plays, so it must not say the "
                    + "wake word. Default: three bundled beeps.")
    String alarmWav;

    @Option(names = "--alarm-limit", paramLabel = "SECONDS", defaultValue = "600", descriptionKey = "alarm-limit",
            description = "A finished timer stops ringing after this long (10-3600). Default: ${DEFAULT-VALUE}.")
    double alarmLimit;

    @Option(names = "--mute-after-reply", paramLabel = "SECONDS", defaultValue = "0.5", descriptionKey = "mute-after-reply",
            description = "Keep the detector deaf this long after wakegate stops playing a reply or cue (room echo). Default: ${DEFAULT-VALUE}.")
    double muteAfterReply;

    @Option(names = "--no-zeroconf", descriptionKey = "no-zeroconf",
            description = "Do not advertise the satellite over mDNS; add it in Home Assistant by host and port instead.")
    boolean noZeroconf;

    @Option(names = "--zeroconf-name", paramLabel = "NAME", descriptionKey = "zeroconf-name",
            description = "mDNS instance name, which Home Assistant keys the device on. Default: the LAN interface's MAC "
                    + "address in hex, as wyoming-satellite does; set it when one machine runs two satellites.")
    String zeroconfName;

    /** Whether and as what the satellite is advertised. */
    Discovery.Settings zeroconf() {
        if (noZeroconf) return Discovery.Settings.OFF;
        if (zeroconfName == null) return Discovery.Settings.BY_MAC_ADDRESS;
        try {
            return new Discovery.Settings(true, zeroconfName.strip());
        } catch (IllegalArgumentException e) {
            throw new UserError("--zeroconf-name " + e.getMessage() + ". Fix: e.g. --zeroconf-name kitchen-satellite");
        }
    }

    /** How long the detector stays deaf after playback ends. */
    Duration muteAfterReply() {
        if (!(muteAfterReply >= 0 && muteAfterReply <= 60))
            throw new UserError("--mute-after-reply " + muteAfterReply + " is outside 0-60 seconds. Fix: e.g. --mute-after-reply 0.5");
        return Duration.ofMillis(Math.round(muteAfterReply * 1000));
    }

    /**
     * Builds and starts the uplink for {@code wyoming://HOST[:PORT]} (port 10700 if omitted): binds the server,
     * starts the playback thread and, unless {@code --no-zeroconf}, mDNS advertising.
     *
     * @param wakeWords the names of the wake words the gate listens for (shown in Home Assistant)
     * @param version   wakegate's version, for {@code info}
     * @throws UserError for a bad URI or option, or an address that cannot be bound
     */
    WyomingUplink build(URI uri, List<String> wakeWords, String version) {
        var checked = check(uri, wakeWords, version);
        var speaker = new Speaker(checked.player());
        try {
            return WyomingUplink.start(checked.config(), speaker, new Cues(speaker, checked.awake(), checked.done()));
        } catch (IOException e) {
            speaker.close();
            InetSocketAddress bind = checked.config().server().bind();
            throw new UserError("%s: cannot listen on %s (%s). Fix: stop whatever uses that port (another satellite?) or pick another, e.g. %s://%s:%d"
                    .formatted(uri, bind, e.getMessage(), SCHEME, hostOf(uri), bind.getPort() + 1));
        }
    }

    /** The satellite as {@link #build} would start it, every option checked, but nothing bound or opened. */
    record Checked(WyomingUplink.Config config, Player player, Clip awake, Clip done) {}

    /** @throws UserError for a bad URI or option */
    Checked check(URI uri, List<String> wakeWords, String version) {
        InetSocketAddress bind = bindAddress(uri);
        AllowList allowList;
        try {
            allowList = allow.isEmpty() ? AllowList.loopback() : AllowList.parse(allow);
        } catch (IllegalArgumentException e) {
            throw new UserError("--allow " + e.getMessage() + ". Fix: e.g. --allow 192.168.1.20 (or pair with 'wakegate ctl pair')");
        }
        Pairing pairing = pairing();
        muteAfterReply();
        if (name == null || name.isBlank()) throw new UserError("--satellite-name is empty. Fix: e.g. --satellite-name Kitchen");
        var satellite = new SatelliteInfo(name.strip(), area == null || area.isBlank() ? null : area.strip(), wakeWords, version);
        var config = new WyomingUplink.Config(satellite,
                pipelineEnd == PipelineEnd.handle ? PipelineStage.HANDLE : PipelineStage.TTS,
                WyomingServer.Settings.defaults(bind, allowList, pairing), WyomingUplink.Config.DEFAULT_REPLY_TIMEOUT, zeroconf(), alarm());
        return new Checked(config, player(), cue(awakeWav, "awake", "--awake-wav"), cue(doneWav, "done", "--done-wav"));
    }

    /** The pinned Home Assistant ({@code --home-assistant}), else the one {@code ctl pair} stored. */
    private Pairing pairing() {
        if (homeAssistant != null) {
            try {
                return Pairing.pinned(AllowList.literalAddress(homeAssistant));
            } catch (IllegalArgumentException e) {
                throw new UserError("--home-assistant " + e.getMessage() + ". Fix: the IP address of Home Assistant, e.g. --home-assistant 192.168.1.20");
            }
        }
        var files = ServiceFiles.ofThisMachine();
        return Pairing.stored(pairingFile != null ? pairingFile : files.forRun(files.pairing()));
    }

    private Alarm alarm() {
        if (!(alarmLimit >= 10 && alarmLimit <= 3600))
            throw new UserError("--alarm-limit " + alarmLimit + " is outside 10-3600 seconds. Fix: e.g. --alarm-limit 600");
        return new Alarm(cue(alarmWav, "alarm", "--alarm-wav"), Alarm.EVERY, Duration.ofMillis(Math.round(alarmLimit * 1000)));
    }

    Player player() {
        if (playCommand == null || playCommand.isBlank()) return new JavaSoundPlayer();
        try {
            return new CommandPlayer(playCommand);
        } catch (IllegalArgumentException e) {
            throw new UserError("--play-command " + e.getMessage()
                    + ". Fix: e.g. --play-command \"aplay -q -r {rate} -c {channels} -f S16_LE -t raw\"");
        }
    }

    private static Clip cue(String option, String bundled, String optionName) {
        if (option == null) return Cues.bundled(bundled);
        if (option.equalsIgnoreCase(NONE) || option.isBlank()) return null;
        try {
            return Cues.load(Path.of(option));
        } catch (UserError e) {
            throw new UserError(optionName + " " + e.getMessage());
        }
    }

    /** {@code wyoming://HOST[:PORT]} to a socket address; HOST may be 0.0.0.0, [::], an address or a name. */
    static InetSocketAddress bindAddress(URI uri) {
        String fix = ". Fix: e.g. --uplink wyoming://0.0.0.0:" + WyomingServer.Settings.DEFAULT_PORT;
        if (!SCHEME.equalsIgnoreCase(uri.getScheme()) || uri.isOpaque())
            throw new UserError(uri + " is not a wyoming:// address" + fix);
        String host = hostOf(uri);
        if (host == null || host.isEmpty()) throw new UserError(uri + " has no host to listen on" + fix);
        if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) || uri.getQuery() != null
                || uri.getUserInfo() != null || uri.getFragment() != null)
            throw new UserError(uri + ": only host and port are allowed" + fix);
        int port = uri.getPort() < 0 ? WyomingServer.Settings.DEFAULT_PORT : uri.getPort();
        var address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) throw new UserError(uri + ": unknown host '" + host + "'" + fix);
        return address;
    }

    private static String hostOf(URI uri) {
        String host = uri.getHost();
        if (host != null && host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return host;
    }
}
