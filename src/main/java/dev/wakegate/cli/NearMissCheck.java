package dev.wakegate.cli;

import dev.wakegate.audio.ShortArraySource;
import dev.wakegate.confirm.ConfirmSpec;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.detect.EngineSpec;
import dev.wakegate.detect.Engines;
import dev.wakegate.detect.StreamScanner;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.vad.EnergyVad;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether {@code run} with its defaults (the template engine's default features and sensitivity, confirmed by the
 * template confirmation at its default) would wake on a recording held in memory: {@code enroll --record --near-misses}
 * asks the person for phrases that sound like the wake word and are not it, and says which of them would wake it.
 */
final class NearMissCheck implements AutoCloseable {
    /** What woke it: the detector's and the confirmation's scores. */
    record Woken(double detectorScore, double confirmScore) {}

    private static final ConfirmSpec RUN_DEFAULT = new ConfirmSpec(null, List.of(), null, List.of(), null);
    private final Engines engines = new Engines();
    private final EngineSpec engineSpec;

    /** @param featureModels the feature models the template was enrolled with */
    NearMissCheck(Path template, Path featureModels) {
        engineSpec = Confirmers.detecting(EngineSpec.template(List.of(template), featureModels), RUN_DEFAULT, ConfirmSpec.Kind.template);
    }

    /** The first word run would wake on in {@code audio}, or empty. The audio is read, not kept. */
    Optional<Woken> wakes(short[] audio) throws IOException {
        try (WakeDetector detector = engines.detector(engineSpec);
             Confirmer confirmer = Confirmers.build(RUN_DEFAULT, engineSpec, engines, ConfirmSpec.Kind.template)) {
            Woken[] first = new Woken[1];
            new StreamScanner(detector, new EnergyVad()).scan(new ShortArraySource("near miss", audio), heard -> {
                var verdict = confirmer.confirm(heard);
                if (verdict.confirmed() && first[0] == null) first[0] = new Woken(heard.reported().score(), verdict.score());
                return verdict.confirmed();
            });
            return Optional.ofNullable(first[0]);
        }
    }

    @Override
    public void close() {
        engines.close();
    }
}
