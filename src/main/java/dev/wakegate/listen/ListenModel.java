package dev.wakegate.listen;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.vad.EnergyVad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Accumulates what {@code listen} shows, frame by frame, on the thread that runs the detector; {@link #snapshot()}
 * takes the picture and starts the next interval (level and scores are the highest since the last picture, so a
 * short peak between two pictures is not lost).
 */
public final class ListenModel {
    /** A word's peak score is held this long. */
    static final double PEAK_HOLD_SECONDS = 3;

    private final String source;
    private final WakeDetector detector;
    private final List<String> words;
    private final double[] score, peak;
    private final long[] peakFrame;
    private final ArrayDeque<ListenState.Heard> heard = new ArrayDeque<>();
    private double level = -120, lastLevel = -120;
    private int framesSinceSnapshot;
    private boolean speech;
    private long frames;
    private int detections;
    private String problem;

    public ListenModel(String source, WakeDetector detector) {
        this.source = source;
        this.detector = detector;
        this.words = detector.words();
        this.score = new double[words.size()];
        this.peak = new double[words.size()];
        this.peakFrame = new long[words.size()];
    }

    /**
     * One frame: its level, the VAD's verdict, and whether the detector was fed it (a word's live score only means
     * something for audio the detector saw; over silence the meters read 0).
     */
    public void onFrame(short[] frame, long index, boolean speechNow, boolean fed) {
        frames = index + 1;
        framesSinceSnapshot++;
        level = Math.max(level, EnergyVad.levelDb(frame, frame.length));
        speech = speechNow;
        for (int i = 0; i < score.length; i++) {
            double s = fed ? detector.liveScore(words.get(i)) : 0;
            score[i] = Math.max(score[i], s);
            if (s >= peak[i] || index - peakFrame[i] > PEAK_HOLD_SECONDS * Pcm.FRAMES_PER_SECOND) {
                peak[i] = s;
                peakFrame[i] = index;
            }
        }
    }

    public void onDetection(Detection d) {
        detections++;
        heard.addFirst(new ListenState.Heard(Pcm.seconds(d.atSample()), d.word(), d.score(), d.startSeconds(), d.endSeconds()));
        while (heard.size() > ListenState.MAX_HEARD) heard.removeLast();
    }

    /** A capture problem (being retried), or null when capture is back. */
    public void problem(String problem) {
        this.problem = problem;
    }

    public long frames() {
        return frames;
    }

    public int detections() {
        return detections;
    }

    /**
     * The picture of now; the level and the scores start over for the next one.
     *
     * @param finished null while listening, else why it ended
     */
    public ListenState snapshot(String finished) {
        if (framesSinceSnapshot == 0) level = lastLevel; // nothing new (the input stopped): show what was last shown
        var meters = new ArrayList<ListenState.Meter>();
        for (int i = 0; i < words.size(); i++)
            meters.add(new ListenState.Meter(words.get(i), score[i], peak[i], detector.sensitivity(words.get(i)).threshold()));
        var state = new ListenState(source, Pcm.seconds(frames * Pcm.FRAME_SAMPLES), level, speech, meters, List.copyOf(heard), problem, finished);
        lastLevel = level;
        level = -120;
        framesSinceSnapshot = 0;
        Arrays.fill(score, 0);
        return state;
    }
}
