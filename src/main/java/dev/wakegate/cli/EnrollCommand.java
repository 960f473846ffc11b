package dev.wakegate.cli;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.WavReader;
import dev.wakegate.audio.WavWriter;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.detect.EngineSpec;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.template.EmbeddingTemplates;
import dev.wakegate.detect.template.Espeak;
import dev.wakegate.detect.template.Enroller;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.internal.NoCoreDumps;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "enroll", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make a personal wake word (template) from 3 or more recordings of it, or record them now (--record).",
                "Each take is checked: not silent, not clipped, 0.25-2.5 s of speech, and like the other takes.",
                "With --record, a take that will not do is asked for again, saying why; only the template is written",
                "(the recorded audio stays in memory and is wiped) unless --keep-takes DIR."},
        footer = {"", "Examples:", "  wakegate enroll --name hey-computer --out hey-computer.json take1.wav take2.wav take3.wav",
                "  wakegate enroll --record --name hey-computer --device USB",
                "  wakegate enroll --record --name hey-computer --command \"arecord -q -f S16_LE -r 16000 -c 1 -t raw -d 3\""})
final class EnrollCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,63}");

    @Spec
    CommandSpec spec;
    @Mixin
    Verbosity verbosity;

    @Option(names = "--name", paramLabel = "NAME", description = "The wake word's name, as reported in detections (e.g. hey-computer)."
            + " Required unless --add.")
    String name;

    @Option(names = "--add", paramLabel = "FILE", description = "Add these takes, another person's, to the wake word in FILE (a household):"
            + " each voice keeps its own takes, and detections say which voice matched. With a --voice already in FILE: more"
            + " takes of that voice (said another day, or across the room), which find it more often. Writes FILE again unless --out.")
    Path addTo;

    @Option(names = "--voice", paramLabel = "LABEL", description = "A label for whose takes these are (a name, never audio), shown in"
            + " detections and the audit log. Default: 'voice 1', or with --add the next number.")
    String voice;

    @Option(names = "--out", paramLabel = "FILE", description = "Template file to write (with --record, default: NAME.json here).")
    Path out;

    @Mixin
    AudioOptions audio;

    @Option(names = "--oww-features", paramLabel = "DIR", defaultValue = EngineSpec.OWW_FEATURES_DEFAULT,
            description = "Folder with openWakeWord's feature models (melspectrogram.onnx, embedding_model.onnx). The template"
                    + " also keeps the takes as speech embeddings, which find the word in other voices too"
                    + " (scan/run --template-features embedding). Default: ${DEFAULT-VALUE}, or the copies built into the jar"
                    + " when that folder does not hold them.")
    Path owwFeatures;

    @Option(names = "--no-embeddings", description = "Keep only the log mel spectra, even when the feature models are there.")
    boolean noEmbeddings;

    @Option(names = "--verifier", negatable = true, description = "Learn a verifier too (the default where espeak-ng is installed):"
            + " a score over the takes' speech embeddings, learned against ordinary speech and phrases one sound away from the wake phrase"
            + " that espeak-ng says (the phrase is the template's name, - read as a space). With it, run also accepts the word said by"
            + " another voice or through another microphone that log mel refuses, in a quiet room: more guests' words found (not the"
            + " enrolled voices': a word said at an enrolled take's pitch is left to log mel, which refuses their sound-alikes)."
            + " Enroll takes longer with it (README, \"the verifier\"). --verifier insists on it (an error without espeak-ng);"
            + " --no-verifier enrolls without it.")
    Boolean verifier;
    /** Set by verifierVoice(): the default wanted a verifier and espeak-ng was not there. */
    private boolean espeakMissing;

    @Parameters(paramLabel = "TAKE.wav", arity = "0..*", description = "Recordings of the wake word, one utterance each (at least 3).")
    List<Path> takes = new ArrayList<>();

    @Option(names = "--record", description = "Record the takes now from the microphone (--device or --command), with prompts.")
    boolean record;

    @Option(names = "--device", paramLabel = "NAME", description = "With --record: a Java Sound capture device whose name contains NAME. Default: the first one.")
    String device;

    @Option(names = "--command", paramLabel = "CMD", description = "With --record: a command whose stdout is one take of raw PCM (run once per take), e.g. arecord -d 3.")
    String command;

    @Option(names = "--takes", paramLabel = "N", defaultValue = "3", description = "With --record: how many takes. Default: ${DEFAULT-VALUE}.")
    int takeCount;

    @Option(names = "--countdown", paramLabel = "SECONDS", defaultValue = "3", description = "With --record: the countdown before each take. Default: ${DEFAULT-VALUE}.")
    int countdown;

    @Option(names = "--near-misses", paramLabel = "N", defaultValue = "0",
            description = "With --record: then record N phrases that sound like the wake word and are not it ('hey jester' for 'hey jasper'),"
                    + " and say which of them run would wake on with its defaults. Kept (in DIR/near-misses) only with --keep-takes DIR.")
    int nearMissCount;

    @Option(names = "--keep-takes", paramLabel = "DIR", description = "With --record: also save the accepted takes as WAV files (owner-only) in DIR.")
    Path keepTakes;

    @Override
    public Integer call() throws IOException {
        WakeTemplate household = addTo == null ? null : TemplateFile.read(addTo);
        if (household != null) {
            if (name != null && !name.equals(household.name()))
                throw new UserError("--name " + name + " but " + addTo + " is the wake word '" + household.name() + "'. Fix: drop --name with --add");
            name = household.name();
            if (out == null) out = addTo;
        }
        if (name == null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--name=NAME'");
        voice = voiceLabel(household);
        if (!NAME.matcher(name).matches())
            throw new UserError("--name '" + name + "': use letters, digits, spaces, '-', '_' or '.' (at most 64). Fix: e.g. --name hey-computer");
        if (out == null && !record) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--out=FILE'");
        if (out == null) out = Path.of(name.replace(' ', '-') + ".json");
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw new UserError(out + ": the folder does not exist. Fix: create it first");
        if (Boolean.TRUE.equals(verifier) && noEmbeddings) throw new UserError("--verifier learns from the takes' speech embeddings. Fix: drop --no-embeddings");
        if (record) return recordAndEnroll(household);
        if (takes.isEmpty()) throw new UserError("no takes. Fix: name 3 or more recordings of the wake word, or record them now with --record");
        if (device != null || command != null || keepTakes != null)
            throw new UserError("--device, --command and --keep-takes are for recording. Fix: add --record, or drop them");
        if (nearMissCount != 0)
            throw new UserError("--near-misses records them after the takes. Fix: add --record, or check recordings you have with"
                    + " wakegate tune --confirm template --near-misses DIR (docs/tuning.md)");
        var recordings = new ArrayList<Enroller.Recording>();
        for (Path take : takes) recordings.add(new Enroller.Recording(take.getFileName().toString(), readAll(take)));
        report(enrollAndWrite(recordings, household));
        return 0;
    }

    private int recordAndEnroll(WakeTemplate household) throws IOException {
        NoCoreDumps.apply(); // the takes are recorded into memory
        if (!takes.isEmpty()) throw new UserError("--record records the takes itself. Fix: drop the take files, or drop --record");
        if (device != null && command != null) throw new UserError("--device and --command both given. Fix: record from one of them");
        if (takeCount < Enroller.MIN_TAKES || takeCount > 10) throw new UserError("--takes " + takeCount + ": use 3 to 10. Fix: e.g. --takes 3");
        if (countdown < 0 || countdown > 10) throw new UserError("--countdown " + countdown + ": use 0 to 10 seconds. Fix: e.g. --countdown 3");
        if (nearMissCount < 0 || nearMissCount > 20) throw new UserError("--near-misses " + nearMissCount + ": use 0 to 20. Fix: e.g. --near-misses 5");
        if (keepTakes != null) Files.createDirectories(keepTakes);
        var capture = Captures.live(command == null && device == null ? "" : device, command, audio);
        var w = spec.commandLine().getOut();
        var answers = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
        try (var recorder = new TakeRecorder(capture, answers, w, countdown, s -> Thread.sleep((long) (s * 1000)))) {
            List<Enroller.Recording> recordings = recorder.record(takeCount);
            var written = enrollAndWrite(recordings, household);
            if (keepTakes != null) keep(recordings.stream().map(Enroller.Recording::samples).toList(), keepTakes, "take");
            w.println();
            report(written);
            if (nearMissCount > 0) checkNearMisses(recorder.recordNearMisses(nearMissCount));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("enrollment interrupted; nothing was written. Fix: run it again");
        }
        return 0;
    }

    /**
     * Which of the recorded near misses run would wake on with its defaults and the template just written; each kept
     * in --keep-takes DIR/near-misses, for tune --near-misses, only when asked.
     */
    private void checkNearMisses(List<short[]> nearMisses) throws IOException {
        var w = spec.commandLine().getOut();
        if (nearMisses.isEmpty()) return;
        int woke = 0;
        try (var check = new NearMissCheck(out, owwFeatures)) {
            for (int i = 0; i < nearMisses.size(); i++) {
                var woken = check.wakes(nearMisses.get(i));
                if (woken.isPresent()) woke++;
                w.println("Near miss " + (i + 1) + ": " + woken.map(k -> String.format(Locale.ROOT,
                        "WOKE IT (detector %.2f, confirmation %.2f): run would send what is said after it.", k.detectorScore(), k.confirmScore()))
                        .orElse("refused."));
            }
        }
        Path kept = keepTakes == null ? null : Files.createDirectories(keepTakes.resolve("near-misses"));
        if (kept != null) keep(nearMisses, kept, "near-miss");
        if (woke == 0) {
            w.printf("None of the %d woke it, as run decides by default.%n", nearMisses.size());
        } else {
            w.printf("%d of the %d woke it. Fix: a stricter confirmation, measured on your own recordings: wakegate tune --model %s --confirm template"
                            + " --confirm-sensitivities %s --positives TAKES --negatives SOUND --near-misses %s (docs/tuning.md); or a wake word"
                            + " that sounds less like them.%n", woke, nearMisses.size(), out,
                    TuneCommand.stricterValues(Confirmers.TEMPLATE_DEFAULT), kept != null ? kept : "DIR (keep them with --keep-takes DIR)");
        }
    }

    /** Writes each recording as DIR/NAME-KIND-N.wav (owner-only), saying so. */
    private void keep(List<short[]> recordings, Path dir, String kind) throws IOException {
        var w = spec.commandLine().getOut();
        for (int i = 0; i < recordings.size(); i++) {
            Path file = dir.resolve(out.getFileName().toString().replaceFirst("\\.json$", "") + "-" + kind + "-" + (i + 1) + ".wav");
            WavWriter.write(file, recordings.get(i));
            w.println("Kept " + file + " (readable by you only).");
        }
    }

    private short[] readAll(Path file) throws IOException {
        try (AudioSource source = WavReader.open(file, audio.channelOrDownmix())) {
            short[] buf = new short[16_000 * 4];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n >= 16_000 * 60) throw new UserError(file + ": longer than a minute; a take is one utterance of the wake word. Fix: trim it");
                    buf = Arrays.copyOf(buf, n * 2);
                }
                int r = source.read(buf, n, buf.length - n);
                if (r < 0) break;
                n += r;
            }
            return Arrays.copyOf(buf, n);
        }
    }

    /**
     * This enrollment's voice label: --voice, else "voice 1", or with --add the next free number. With --add, a label
     * already there adds more takes of that voice (said another day, or from elsewhere in the room).
     */
    private String voiceLabel(WakeTemplate household) {
        if (voice != null && !NAME.matcher(voice).matches())
            throw new UserError("--voice '" + voice + "': use letters, digits, spaces, '-', '_' or '.' (at most 64). Fix: e.g. --voice anna");
        if (household == null) return voice != null ? voice : WakeTemplate.FIRST_VOICE;
        var taken = household.voices();
        if (voice != null) return voice;
        int n = taken.size() + 1;
        while (taken.contains("voice " + n)) n++;
        return "voice " + n;
    }

    /**
     * What enrollment wrote: the takes' enrollment, their template (this voice's), the household's template they were added
     * to (null without --add) and the file's template (the household's with these takes, or these alone).
     */
    private record Written(Enroller.Enrollment enrollment, WakeTemplate template, WakeTemplate household, WakeTemplate file) {}

    /** Enrolls the recordings, adds them to the household's template when there is one, and writes the result to --out. */
    private Written enrollAndWrite(List<Enroller.Recording> recordings, WakeTemplate household) throws IOException {
        var enrollment = new Enroller(Clock.systemUTC()).enroll(name, recordings);
        var template = withEmbeddings(enrollment.template(), recordings).withVoice(voice);
        var file = template;
        if (household != null) {
            int total = household.takes().size() + template.takes().size();
            if (total > WakeTemplate.MAX_TAKES)
                throw new UserError(addTo + " would hold " + total + " takes; at most " + WakeTemplate.MAX_TAKES + " are matched. Fix: enroll 3 takes per voice");
            file = household.plus(template);
        }
        TemplateFile.write(file, out);
        return new Written(enrollment, template, household, file);
    }

    /** espeak-ng for the verifier: null with --no-verifier, or by default where it is not installed (report() says so). */
    private Espeak verifierVoice() {
        if (Boolean.FALSE.equals(verifier) || noEmbeddings) return null;
        boolean embeddings = FeatureModels.available(owwFeatures);
        if (!embeddings && verifier == null) return null;   // nothing to learn one from; report() says log mel only
        var espeak = Espeak.find();
        espeakMissing = espeak == null;
        if (espeak == null && Boolean.TRUE.equals(verifier))
            throw new UserError("--verifier needs espeak-ng to say the wake phrase and phrases one sound away from it. Fix: sudo apt install espeak-ng,"
                    + " or enroll with --no-verifier");
        if (espeak != null && embeddings)
            spec.commandLine().getOut().printf("Learning a verifier: espeak-ng says '%s' and phrases one sound away from it (this takes a while;"
                    + " --no-verifier skips it).%n", EmbeddingTemplates.phraseOf(name));
        return espeak;
    }

    /** Adds the takes as speech embeddings when the feature models are there (and not refused), with a verifier when espeak-ng is. */
    private WakeTemplate withEmbeddings(WakeTemplate template, List<Enroller.Recording> recordings) {
        return noEmbeddings ? template : EmbeddingTemplates.withEmbeddings(template, owwFeatures, recordings, verifierVoice());
    }

    /** Why a template with speech embeddings has no verifier, or nothing when it was not wanted. */
    private String noVerifierBecause() {
        if (Boolean.FALSE.equals(verifier)) return "";
        if (espeakMissing) return " No verifier: espeak-ng is not installed, so run finds the word in other voices less often."
                + " Fix: sudo apt install espeak-ng, then enroll again.";
        return " No verifier: ONNX Runtime's embedding model and the built-in bank of ordinary speech differ (enroll again with this"
                + " wakegate's feature models).";
    }

    private void report(Written written) {
        var e = written.enrollment();
        var template = written.template();
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%-30s %8s %8s %8s %9s%n", "TAKE", "SPEECH", "PEAK", "SNR", "DISTANCE");
        for (var t : e.takes())
            w.printf(Locale.ROOT, "%-30s %7.2fs %6.0fdB %6.0fdB %9.3f%n", t.source(), t.speechSeconds(), t.peakDb(), Math.min(99, t.snrDb()), t.distance());
        double a = e.template().agreement();
        w.printf(Locale.ROOT, "Takes agree: %s (typical distance %.3f). Wrote %s (wake word '%s').%n",
                a < 0.1 ? "very well" : a < 0.2 ? "well" : a < 0.35 ? "loosely - detection will be less certain; consider recording again in a quiet room" : "poorly", a, out, e.template().name());
        if (template.hasEmbeddings()) {
            w.printf(Locale.ROOT, "Speech embeddings kept (takes agree at %.3f): run confirms each candidate on them too, which refuses words that"
                            + " merely sound alike.%s%n", template.embeddings().agreement(), !template.embeddings().verifiers().isEmpty()
                            ? " A verifier learned from them (and from espeak-ng saying '" + EmbeddingTemplates.phraseOf(template.name())
                            + "' and phrases one sound away) lets it accept the word said by another voice or through another microphone, in a quiet room."
                            : noVerifierBecause());
            for (int t : EmbeddingTemplates.takesNearOrdinarySpeech(template))
                w.println(template.takes().get(t).source() + " lies near ordinary speech: with --template-features embedding it accepts only what"
                        + " lies nearer to it than ordinary words do, and finds fewer other voices. A take said more distinctly finds more.");
        } else if (!noEmbeddings)
            w.println(FeatureModels.unavailableHere() != null
                    ? "Log mel spectra only (ONNX Runtime, which computes speech embeddings, has no build for this machine): the word is found in the voice(s) enrolled."
                    + (Boolean.TRUE.equals(verifier) ? " No verifier: it learns from speech embeddings." : "")
                    : "Log mel spectra only (no feature models in " + owwFeatures + "): the word is found in the voice(s) enrolled."
                    + " For other voices too: scripts/fetch-model.sh oww-features, then enroll again.");
        if (written.household() != null) {
            var joined = written.file();
            var counts = new StringBuilder();
            for (String v : joined.voices())
                counts.append(counts.isEmpty() ? "" : ", ").append(v).append(": ").append(joined.takes().stream().filter(t -> t.voice().equals(v)).count());
            boolean more = written.household().voices().contains(voice);
            w.printf(Locale.ROOT, "Added %d %s '%s': '%s' now has %d voice%s, %d takes (%s).%n", template.takes().size(),
                    more ? "more takes of" : "takes as", voice, joined.name(), joined.voices().size(), joined.voices().size() == 1 ? "" : "s",
                    joined.takes().size(), counts);
            if (written.household().hasEmbeddings() && !joined.hasEmbeddings())
                w.println("Its speech embeddings were dropped (the takes were not all enrolled with the same feature models): enroll every voice"
                        + " again to confirm on them and for --template-features embedding.");
        } else {
            w.printf("The same voice says the word differently another day or from across the room: 3 more takes said so, added"
                    + " later, find it more often (wakegate enroll --add %s --voice '%s' --record, or with TAKE.wav files).%n", out, voice);
            if (nearMissCount == 0) w.println("Phrases that sound like it ('hey jester' for 'hey jasper') can wake it too: record a few, one per file, and see"
                    + " which pass with wakegate tune --near-misses DIR (docs/tuning.md).");
        }
        w.flush();
    }
}
