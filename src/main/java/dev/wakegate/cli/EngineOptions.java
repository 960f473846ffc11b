package dev.wakegate.cli;

import dev.wakegate.detect.EngineSpec.Engine;
import dev.wakegate.detect.EngineSpec.TemplateFeatures;
import dev.wakegate.detect.EngineSpec;
import dev.wakegate.detect.Sensitivity;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which wake-word engine runs, on which models, how sensitive: shared by scan, run, listen and tune. Parsing only: {@link dev.wakegate.detect.Engines} builds it. */
final class EngineOptions {

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "template", descriptionKey = "engine",
            description = "Wake-word engine: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Engine engine;

    @Option(names = "--model", paramLabel = "FILE", split = ",", descriptionKey = "model",
            description = "Template file made by 'wakegate enroll' (template engine). Repeat for several wake words.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--template-features", paramLabel = "KIND", defaultValue = "auto", descriptionKey = "template-features",
            description = "Template engine: mfcc matches the takes' log mel spectra (no download; best for the enrolled"
                    + " voice, in noise, and fastest); embedding matches them as speech embeddings, which also finds the word in"
                    + " other voices (needs a template enrolled with them, which enroll makes where ONNX Runtime runs); both detects"
                    + " on log mel spectra and confirms on both, each of which must accept; light detects on log mel spectra and"
                    + " confirms on both where the template holds speech embeddings and they run here (in noise against the takes"
                    + " heard through it), else on log mel alone: a tenth of the CPU; either detects on log mel spectra and on speech"
                    + " embeddings, whichever hears the word, and confirms as light (about 1.7 times as many other people's voices"
                    + " found, and more of the enrolled people's own words said another day). Default: ${DEFAULT-VALUE}: either where it"
                    + " runs and the template confirmation is on (as in run), else light.")
    TemplateFeatures templateFeatures;

    @Option(names = "--model-dir", paramLabel = "DIR", descriptionKey = "model-dir",
            description = "Vosk model directory (vosk engine; also --confirm vosk unless --confirm-model-dir)."
                    + " Get one with scripts/fetch-model.sh vosk-model-small-en-us-0.15.")
    Path modelDir;

    @Option(names = "--phrase", paramLabel = "TEXT", descriptionKey = "phrase",
            description = "Wake phrase as text, e.g. \"hey computer\" (vosk engine, --confirm vosk). Repeat for several."
                    + " Every word must be in the model's vocabulary.")
    List<String> phrases = new ArrayList<>();

    @Option(names = "--vosk-beam", paramLabel = "B", descriptionKey = "vosk-beam",
            description = "Vosk decoder beam (the model's conf/model.conf --beam, often 10-13). Smaller is faster on a small Pi, and misses more.")
    Double voskBeam;

    @Option(names = "--vosk-max-active", paramLabel = "N", descriptionKey = "vosk-max-active",
            description = "Vosk decoder max active states (--max-active, often 3000-7000); at least the model's --min-active.")
    Integer voskMaxActive;

    @Option(names = "--vosk-lattice-beam", paramLabel = "B", descriptionKey = "vosk-lattice-beam",
            description = "Vosk lattice beam (--lattice-beam, often 2-6); it bounds the alternatives word confidences are computed over.")
    Double voskLatticeBeam;

    @Option(names = "--oww-model", paramLabel = "FILE.onnx", descriptionKey = "oww-model",
            description = "openWakeWord wake model (oww engine), e.g. models/openwakeword/alexa_v0.1.onnx; the wake word is named"
                    + " after the file (alexa_v0.1). Repeat for several wake words. Get one with scripts/fetch-model.sh.")
    List<Path> owwModels = new ArrayList<>();

    @Option(names = "--oww-features", paramLabel = "DIR", descriptionKey = "oww-features", defaultValue = EngineSpec.OWW_FEATURES_DEFAULT,
            description = "Folder with openWakeWord's feature models melspectrogram.onnx and embedding_model.onnx"
                    + " (oww engine, embedding templates). Default: ${DEFAULT-VALUE}, or the copies built into the jar when that"
                    + " folder does not hold them.")
    Path owwFeatures;

    @Option(names = "--oww-trigger-level", paramLabel = "STEPS", descriptionKey = "oww-trigger-level",
            defaultValue = "" + EngineSpec.OWW_TRIGGER_STEPS_DEFAULT,
            description = "oww engine: 80 ms steps in a row at or above the threshold before a wake word fires"
                    + " (openWakeWord: 1, openWakeWord-cpp: 4). Higher = fewer false wakes, fewer detections in noise. Default: ${DEFAULT-VALUE}.")
    int owwTriggerLevel;

    @Option(names = "--sensitivity", paramLabel = "S", split = ",", descriptionKey = "sensitivity",
            description = "0-1, higher = more detections (and more false wakes). One value for all wake words, or one per"
                    + " wake word in order (repeat or comma-separate). Default: 0.5."
                    + " oww engine: threshold = 1 - sensitivity (0.5 is openWakeWord's default threshold).")
    List<String> sensitivities = new ArrayList<>();

    /** What was asked for, checked as far as that can be done without loading anything. */
    EngineSpec spec() {
        return new EngineSpec(engine, models, templateFeatures, owwFeatures, owwModels, owwTriggerLevel, modelDir, phrases,
                EngineSpec.decoder(voskBeam, voskMaxActive, voskLatticeBeam),
                sensitivities.stream().map(text -> Sensitivity.parse("--sensitivity", text)).toList());
    }
}
