package dev.wakegate.detect.template;

import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.WakeDetector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The template detector of {@code --template-features either}: a word is found by its log-mel match or by its speech
 * embeddings, whichever hears it. The log-mel match finds the enrolled voice early and through noise; the
 * speech embeddings also find the word said another way or by another voice, which log mel misses. Either way the
 * candidate faces the same confirmation, and it is the confirmation that refuses words that merely sound alike.
 *
 * <p>Each is fed as it would be fed alone ({@link #parts()}), so each finds what it finds alone. One utterance gives one
 * detection: a detection of a word whose span overlaps the last standing detection of that
 * word is dropped. After the confirmation refused one, the other feature set's detection of the same word is judged
 * on its own: what fired may have been the sound before the word. When the second fires before the first is judged
 * (a word is judged once the ring holds {@link HeardWord#AFTER_SECONDS} after it), it is held: if the first is
 * refused, the second is handed on then.
 */
public final class EitherFeatureSet implements WakeDetector {
    private final WakeDetector logMel;
    private final WakeDetector embeddings;
    private final Map<String, Made> last = new HashMap<>();
    private final Part logMelPart, embeddingsPart;
    private Consumer<Detection> downstream;

    /**
     * The last detection made of a word, by which detector, and whether the confirmation refused it; and the other
     * detector's detection of the same word made before the first was judged, held until it is.
     */
    private static final class Made {
        Detection detection;
        WakeDetector by;
        boolean refused;
        long offeredAt;
        Detection held;
        WakeDetector heldBy;
    }
    /** The frame index the parts were last fed (a judgement of what they found comes after it). */
    private long lastFrame = -1;

    /** Owns both detectors (they must listen for the same words) and closes them. */
    public EitherFeatureSet(WakeDetector logMel, WakeDetector embeddings) {
        if (!logMel.words().equals(embeddings.words()))
            throw new IllegalArgumentException("both detectors must listen for the same words: " + logMel.words() + ", " + embeddings.words());
        this.logMel = logMel;
        this.embeddings = embeddings;
        for (String w : logMel.words()) last.put(w, new Made());
        this.logMelPart = new Part(logMel);
        this.embeddingsPart = new Part(embeddings);
    }

    /**
     * One feature set's detector as a part of this one: fed as it would be fed alone (log mel wants half a second
     * before an onset and nothing after speech; the speech embeddings 2 s and 0.5 s), its detections offered here.
     */
    private final class Part implements WakeDetector {
        private final WakeDetector detector;
        private final Consumer<Detection> offered;

        Part(WakeDetector detector) {
            this.detector = detector;
            this.offered = d -> offer(d, detector);   // made once, not per frame
        }

        @Override
        public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {
            downstream = detections;
            lastFrame = frameIndex;
            detector.accept(frame, frameIndex, offered);
        }

        void endOfStream() {
            detector.endOfStream(offered);
        }

        @Override
        public List<String> words() {
            return detector.words();
        }

        @Override
        public int contextFrames() {
            return detector.contextFrames();
        }

        @Override
        public int tailFrames() {
            return detector.tailFrames();
        }

        @Override
        public void setSensitivity(String word, Sensitivity sensitivity) {
            detector.setSensitivity(word, sensitivity);
        }

        @Override
        public Sensitivity sensitivity(String word) {
            return detector.sensitivity(word);
        }
    }

    @Override
    public List<WakeDetector> parts() {
        return List.of(logMelPart, embeddingsPart);
    }

    @Override
    public List<String> words() {
        return logMel.words();
    }

    @Override
    public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {
        logMelPart.accept(frame, frameIndex, detections);
        embeddingsPart.accept(frame, frameIndex, detections);
    }

    private void offer(Detection detection, WakeDetector by) {
        var made = last.get(detection.word());
        if (made.detection != null && !made.refused && overlap(made.detection, detection)) {
            if (awaitsJudgement(made)) hold(made, detection, by);
            return;
        }
        handOn(made, detection, by);
    }

    private void hold(Made made, Detection detection, WakeDetector by) {
        made.held = detection;
        made.heldBy = by;
    }

    /**
     * Whether the last detection of a word is not judged yet while the parts hear frame {@link #lastFrame}: it is
     * handed on to the confirmation after the first frame that ends at least {@link HeardWord#AFTER_SECONDS} after it.
     */
    private boolean awaitsJudgement(Made made) {
        return made.offeredAt == lastFrame || lastFrame < HeardWord.judgedBy(made.detection.endSample());
    }

    private void handOn(Made made, Detection detection, WakeDetector by) {
        made.detection = detection;
        made.by = by;
        made.refused = false;
        made.offeredAt = lastFrame;
        made.held = null;
        downstream.accept(detection);
    }

    private static boolean overlap(Detection a, Detection b) {
        return a.startSample() < b.endSample() && b.startSample() < a.endSample();
    }

    @Override
    public void refused(Detection detection) {
        var made = last.get(detection.word());
        if (made == null || !detection.equals(made.detection)) return;
        made.refused = true;
        made.by.refused(detection);
        if (made.held != null && awaitsJudgement(made)) handOn(made, made.held, made.heldBy);
        made.held = null;
    }

    @Override
    public int contextFrames() {
        return Math.max(logMel.contextFrames(), embeddings.contextFrames());
    }

    @Override
    public int tailFrames() {
        return Math.max(logMel.tailFrames(), embeddings.tailFrames());
    }

    @Override
    public void setSensitivity(String word, Sensitivity sensitivity) {
        logMel.setSensitivity(word, sensitivity);
        embeddings.setSensitivity(word, sensitivity);
    }

    @Override
    public Sensitivity sensitivity(String word) {
        return logMel.sensitivity(word);
    }

    @Override
    public double liveScore(String word) {
        return Math.max(logMel.liveScore(word), embeddings.liveScore(word));
    }

    @Override
    public void endOfStream(Consumer<Detection> detections) {
        downstream = detections;
        logMelPart.endOfStream();
        embeddingsPart.endOfStream();
    }

    @Override
    public void close() {
        try (embeddings) {
            logMel.close();
        }
    }
}
