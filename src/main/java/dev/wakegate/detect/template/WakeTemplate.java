package dev.wakegate.detect.template;

import java.time.Instant;
import java.util.List;

/**
 * A personal wake word: the log mel spectra of the enrolled takes (never their audio), and how well the takes
 * agreed, which calibrates the thresholds so that a sensitivity means the same for every voice.
 *
 * @param name      the wake word's name, as reported in detections
 * @param takes     the enrolled takes, silence-trimmed
 * @param agreement typical distance of one take to the others (0 = identical); from enrollment
 * @param created   when it was enrolled
 */
public record WakeTemplate(String name, List<Take> takes, double agreement, Instant created) {
    public WakeTemplate {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a wake word needs a name");
        if (takes.isEmpty()) throw new IllegalArgumentException("a wake word needs at least one take");
        takes = List.copyOf(takes);
    }

    /**
     * One take: natural-log mel energies, {@link Mfcc#MELS} per 10 ms frame.
     *
     * @param source where it came from (a file name), for the record only
     */
    public record Take(String source, float[][] logMel) {
        public Take {
            if (logMel.length < 2) throw new IllegalArgumentException("a take needs at least two frames");
            for (float[] frame : logMel)
                if (frame.length != Mfcc.MELS) throw new IllegalArgumentException("a frame must have " + Mfcc.MELS + " mel bands");
        }

        public int frames() {
            return logMel.length;
        }

        @Override
        public String toString() {
            return "Take[" + source + ", " + logMel.length + " frames]";
        }
    }
}
