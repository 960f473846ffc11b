package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.vad.Vad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The listening front end of one stream, the same for the gate, {@code scan}/{@code tune} and {@code listen}: each
 * 10 ms frame goes into the ring buffer, past the VAD, and to every detector's {@link DetectionStage}. What the
 * detectors find is handed on once the ring holds {@link HeardWord#AFTER_SECONDS} after the word ({@link #found()}):
 * a detector may place the end of a word before its true end (in noise the log-mel match often ends on "hey compu-"),
 * and the confirmation must judge the whole word, not the part the detector matched. While wakegate plays sound, and
 * shortly after, it is deaf: the frames still go into the ring, but no detector hears them, not even later as context.
 *
 * <p>Confined to one thread; nothing is allocated per frame.
 */
public final class FrontEnd {
    private final AudioRing ring;
    private final Vad vad;
    private final List<WakeDetector> detectors;
    private final DetectionStage[] stages;
    private final Consumer<Detection>[] sinks;
    private final long[] fedBefore;
    private final long deafAfterPlaySamples;
    private final List<Detection> waiting = new ArrayList<>();   // found, but the ring does not yet hold their after-margin
    private int[] waitingBy = new int[4];
    private final List<Detection> found = new ArrayList<>();
    private int[] foundBy = new int[4];
    private long frameEnd;          // absolute sample position after the last frame heard or skipped
    private boolean speech, playing;
    private long deafUntil = -1;    // no detector hears audio before this sample (our own playback and its echo)

    /**
     * @param deafAfterPlaySeconds how long after wakegate stopped playing sound the detectors stay deaf (room echo)
     */
    @SuppressWarnings("unchecked")
    public FrontEnd(AudioRing ring, Vad vad, List<? extends WakeDetector> detectors, double deafAfterPlaySeconds) {
        if (detectors.isEmpty()) throw new IllegalArgumentException("no detectors");
        this.ring = ring;
        this.vad = vad;
        this.detectors = List.copyOf(detectors);
        this.stages = new DetectionStage[detectors.size()];
        this.sinks = new Consumer[detectors.size()];
        this.fedBefore = new long[detectors.size()];
        this.deafAfterPlaySamples = Pcm.samples(deafAfterPlaySeconds);
        for (int i = 0; i < stages.length; i++) {
            stages[i] = new DetectionStage(detectors.get(i), ring);
            int by = i;
            sinks[i] = d -> collect(d, by);   // one per detector, made once: not a new lambda every frame
        }
    }

    /** One front end with a single detector and no playback (scan, listen). */
    public FrontEnd(AudioRing ring, Vad vad, WakeDetector detector) {
        this(ring, vad, List.of(detector), 0);
    }

    /**
     * Hears the frame at absolute index {@code index}: into the ring (frames never delivered before it read as
     * silence), past the VAD, to the detectors. {@link #found()} then holds the words that the ring now holds with
     * their after-margin: found in this frame or in an earlier one.
     */
    public void hear(short[] frame, long index) {
        found.clear();
        frameEnd = (index + 1) * Pcm.FRAME_SAMPLES;
        ring.skipTo(frameEnd - frame.length);
        ring.write(frame, 0, frame.length);
        speech = vad.isSpeech(frame);
        boolean deaf = playing || frameEnd <= deafUntil;
        for (int i = 0; i < stages.length; i++) {
            fedBefore[i] = stages[i].framesFed();
            if (deaf) stages[i].restartAt(index + 1);
            else stages[i].offer(frame, index, speech, sinks[i]);
        }
        handOn(index);
    }

    /** A frame that is not heard (muted, paused, capture failing): time moves on and the ring reads it as silence. */
    public void skip(long index) {
        found.clear();
        frameEnd = (index + 1) * Pcm.FRAME_SAMPLES;
        ring.skipTo(frameEnd);
    }

    /**
     * The input ended: the detectors judge what is still in progress; {@link #found()} holds what that gave, after the
     * words still waiting for their after-margin (they are judged on what the input had). A detector
     * may place a word partly in the silence it hears after the input ({@link WakeDetector#END_SILENCE_SECONDS}); the
     * ring then reads that silence as far as such a word reaches, so that the word is confirmed on what the detector
     * heard, not on a cut-off part of it (and no further: a word within the input is confirmed on the input alone).
     */
    public void endOfInput() {
        found.clear();
        for (int i = 0; i < stages.length; i++) detectors.get(i).endOfStream(sinks[i]);
        handOn(Long.MAX_VALUE);
        long heardTo = frameEnd;
        for (var d : found) heardTo = Math.max(heardTo, d.endSample());
        ring.skipTo(heardTo);
    }

    /**
     * After the end of the input: the words still waiting for their after-margin are handed on now, in
     * {@link #found()}, with what the ring holds. Returns whether there were any. A refusal can make a detector hand on
     * a word it held back meanwhile, so call it until it returns false.
     */
    public boolean handOnWaiting() {
        found.clear();
        handOn(Long.MAX_VALUE);
        return !found.isEmpty();
    }

    /** Forgets everything heard so far: the ring is wiped and the detectors restart at the next frame. */
    public void forget() {
        ring.wipe();
        restart();
    }

    /**
     * The detectors drop partial matches and start afresh at the next frame (nothing before it is replayed as context);
     * the words waiting for their after-margin are dropped too.
     */
    public void restart() {
        waiting.clear();
        for (var s : stages) s.restartAt(frameEnd / Pcm.FRAME_SAMPLES);
    }

    /** wakegate started or stopped playing sound: the detectors are deaf meanwhile and for a while after. */
    public void playback(boolean nowPlaying) {
        playing = nowPlaying;
        if (!nowPlaying) deafUntil = frameEnd + deafAfterPlaySamples;
    }

    /**
     * Keeps a word to hand on once the ring holds its after-margin. A word whose middle lies after everything heard was
     * not heard, less than half of it: a speech-embedding match that peaks well into the silence after an input (its
     * windows hold the input's last sound and zeros) places the word there, and confirmed, it would be "found" in
     * digital silence.
     */
    private void collect(Detection d, int by) {
        if (d.startSample() + d.endSample() > 2 * frameEnd) return;
        if (waiting.size() == waitingBy.length) waitingBy = Arrays.copyOf(waitingBy, 2 * waitingBy.length);
        waitingBy[waiting.size()] = by;
        waiting.add(d);
    }

    /** Moves the waiting words judged by frame {@code lastFrame} to {@link #found()}, in the order they were found. */
    private void handOn(long lastFrame) {
        int kept = 0;
        for (int i = 0; i < waiting.size(); i++) {
            var d = waiting.get(i);
            if (HeardWord.judgedBy(d.endSample()) - 1 <= lastFrame) addFound(d, waitingBy[i]);
            else {
                waitingBy[kept] = waitingBy[i];
                waiting.set(kept++, d);
            }
        }
        while (waiting.size() > kept) waiting.removeLast();
    }

    private void addFound(Detection d, int by) {
        if (found.size() == foundBy.length) foundBy = Arrays.copyOf(foundBy, 2 * foundBy.length);
        foundBy[found.size()] = by;
        found.add(d);
    }

    /** How many words the last frame (or the end of input) handed on; read them with {@link #found(int)}. */
    public int found() {
        return found.size();
    }

    public Detection found(int i) {
        return found.get(i);
    }

    /** The confirmation turned down detection {@code i}: its detector may fire on the word again at once. */
    public void refused(int i) {
        detectors.get(foundBy[i]).refused(found.get(i));
    }

    /** Which detector (by position) made detection {@code i}. */
    public int foundBy(int i) {
        return foundBy[i];
    }

    /** The VAD's verdict on the last frame heard. */
    public boolean speech() {
        return speech;
    }

    /** Whether the last frame heard was voiced (the VAD's hangover included): what the end of an utterance is measured by. */
    public boolean voiced() {
        return vad.voiced();
    }

    /** The last frame's level (dBFS). */
    public double levelDb() {
        return vad.levelDb();
    }

    /** Whether detector {@code i} was given the last frame (the VAD let it through, or it was in the detector's tail). */
    public boolean fed(int i) {
        return stages[i].framesFed() > fedBefore[i];
    }

    public long framesFed(int i) {
        return stages[i].framesFed();
    }

    /** Absolute sample position after the last frame heard or skipped. */
    public long frameEnd() {
        return frameEnd;
    }

    public AudioRing ring() {
        return ring;
    }

    public List<WakeDetector> detectors() {
        return detectors;
    }

    /** The wake words of all detectors, in order. */
    public List<String> words() {
        var words = new ArrayList<String>();
        for (var d : detectors) words.addAll(d.words());
        return words;
    }

    /** Changes {@code word}'s sensitivity in the detector that listens for it; returns the old one, or null if none does. */
    public Sensitivity setSensitivity(String word, Sensitivity sensitivity) {
        for (var d : detectors)
            if (d.words().contains(word)) {
                var was = d.sensitivity(word);
                d.setSensitivity(word, sensitivity);
                return was;
            }
        return null;
    }

    /** {@code word}'s sensitivity now, or null if no detector listens for it. */
    public Sensitivity sensitivity(String word) {
        for (var d : detectors) if (d.words().contains(word)) return d.sensitivity(word);
        return null;
    }
}
