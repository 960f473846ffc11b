package dev.wakegate.detect.vosk;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.WakeDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleToLongFunction;

/**
 * Wake phrases chosen as text, heard by Vosk's grammar recognition: the recognizer only knows the phrases and
 * {@code [unk]}, so anyone can say them, in any voice, with no enrollment. Grammar decoding false-accepts similar words
 * (it forces speech onto the phrases and often reports conf 1.0), so wakegate never lets this detector alone open the
 * uplink: a second stage ({@code --confirm vosk} over the whole vocabulary, or a template) must agree.
 *
 * <p>Audio goes to Vosk in chunks of {@link #CHUNK_FRAMES} frames; after each chunk the partial result is judged (latency),
 * and the final result of each utterance is judged when Vosk sees its end or when a stretch of speech ends (the
 * detection stage skipped ahead). The decision itself is {@link PhraseSpotter}'s. Detections carry the phrase's span from
 * Vosk's word times, mapped back to the stream by a {@link StreamClock}, since Vosk only counts the audio it was fed.
 */
public final class VoskDetector implements WakeDetector {
    private static final Logger log = LoggerFactory.getLogger(VoskDetector.class);
    /** 50 ms per call into Vosk: often enough for partial results to be timely, rarely enough to keep the JNA and lattice cost small. */
    public static final int CHUNK_FRAMES = 5;
    /** Half a second before each speech onset: the start of the first word, and background for Vosk's feature normalisation. */
    static final int CONTEXT_FRAMES = 50;

    private final Decoder decoder;
    private final PhraseSpotter spotter;
    private final StreamClock clock = new StreamClock();
    private final DoubleToLongFunction toStream = clock::toStream;
    private final short[] chunk = new short[CHUNK_FRAMES * Pcm.FRAME_SAMPLES];
    private int fill;
    private long chunkStart;
    private long expected = -1;
    private String lastPartial = "";
    private VoskResult lastParsed;

    /** @param decoder a grammar recognizer over exactly these phrases (see {@link VoskModel#grammarDecoder}) */
    public VoskDetector(Decoder decoder, List<Phrase> phrases, List<Sensitivity> sensitivities) {
        this.decoder = decoder;
        this.spotter = new PhraseSpotter(phrases, sensitivities);
    }

    @Override
    public List<String> words() {
        return spotter.phrases().stream().map(Phrase::text).toList();
    }

    @Override
    public int contextFrames() {
        return CONTEXT_FRAMES;
    }

    @Override
    public void setSensitivity(String word, Sensitivity sensitivity) {
        spotter.setSensitivity(spotter.indexOf(word), sensitivity);
    }

    @Override
    public Sensitivity sensitivity(String word) {
        return spotter.sensitivity(spotter.indexOf(word));
    }

    @Override
    public double liveScore(String word) {
        return spotter.liveScore(spotter.indexOf(word));
    }

    @Override
    public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {
        if (expected >= 0 && frameIndex != expected) endOfSpeech(frameIndex * Pcm.FRAME_SAMPLES, detections);
        expected = frameIndex + 1;
        if (fill == 0) chunkStart = frameIndex * Pcm.FRAME_SAMPLES;
        System.arraycopy(frame, 0, chunk, fill, Pcm.FRAME_SAMPLES);
        fill += Pcm.FRAME_SAMPLES;
        if (fill == chunk.length) feed(detections, true);
    }

    /** Gives Vosk the pending chunk; judges Vosk's final result if it saw an endpoint, else (if asked) its partial one. */
    private void feed(Consumer<Detection> detections, boolean judgePartial) {
        boolean endpoint = decoder.accept(chunk, fill);
        clock.fed(chunkStart, fill);
        fill = 0;
        if (endpoint) judgeFinal(decoder.result(), clock.streamEnd(), detections);
        else if (judgePartial) judgePartial(detections);
    }

    /**
     * The stretch of speech ended (the stage skipped to {@code now}): what Vosk has is final, and it is judged as of now,
     * so a phrase that ended long before the skip is not reported.
     */
    private void endOfSpeech(long now, Consumer<Detection> detections) {
        if (fill > 0) feed(detections, false);
        if (clock.fedSamples() > 0) judgeFinal(decoder.result(), now, detections);
    }

    private void judgePartial(Consumer<Detection> detections) {
        String json = decoder.partialResult();
        if (!json.equals(lastPartial)) {      // the same hypothesis is judged again without parsing: it still counts as a poll
            lastParsed = parse(json);
            lastPartial = json;
        }
        if (lastParsed != null) emit(spotter.onPartial(lastParsed, toStream), clock.streamEnd(), detections);
    }

    private void judgeFinal(String json, long now, Consumer<Detection> detections) {
        lastPartial = "";
        lastParsed = null;
        VoskResult result = parse(json);
        if (result != null) emit(spotter.onFinal(result, toStream, now), now, detections);
    }

    private void emit(PhraseSpotter.Hit hit, long now, Consumer<Detection> detections) {
        if (hit == null) return;
        log.debug("vosk: '{}' at {}-{} s, conf {}", hit.phrase(), Pcm.seconds(hit.startSample()), Pcm.seconds(hit.endSample()), hit.score());
        detections.accept(new Detection(hit.phrase().text(), hit.startSample(), hit.endSample(), hit.score(), now));
    }

    private static VoskResult parse(String json) {
        try {
            return VoskResult.parse(json);
        } catch (IOException e) {
            log.warn("vosk: unreadable result ({}); ignored", e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        decoder.close();
    }
}
