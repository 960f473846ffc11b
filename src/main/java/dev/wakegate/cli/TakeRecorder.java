package dev.wakegate.cli;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.Capture;
import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.template.Enroller;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.internal.UserError;
import dev.wakegate.vad.EnergyVad;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Records the takes of {@code enroll --record}: a prompt and a countdown, then up to {@value #MAX_TAKE_SECONDS} s
 * from the capture (less when the VAD hears the utterance end), each take checked on its own and against the takes
 * before it, and asked for again, with the reason, when it will not do. The audio stays in memory; {@link #close()}
 * zeroes every buffer this recorder filled, kept takes included.
 */
final class TakeRecorder implements AutoCloseable {
    static final double MAX_TAKE_SECONDS = 2.5;
    /**
     * A near miss is said inside a short sentence: the speech before a word changes what the speech embeddings hear,
     * and an isolated phrase is accepted less often than in conversation (docs/tuning.md).
     */
    static final double MAX_NEAR_MISS_SECONDS = 6;
    /** The take ends this long after the VAD stops hearing speech (its own hangover comes first). */
    static final int END_SILENCE_FRAMES = 30;
    /** A run of bad takes this long (times the takes wanted) ends enrollment. */
    static final int ATTEMPTS_PER_TAKE = 4;

    /** What the user is told and what they answer; the countdown's pause (seconds per step, 0 for none). */
    interface Pause {
        void seconds(double s) throws InterruptedException;
    }

    private final Capture capture;
    private final BufferedReader answers;
    private final PrintWriter out;
    private final int countdown;
    private final Pause pause;
    private final List<short[]> filled = new ArrayList<>();

    TakeRecorder(Capture capture, BufferedReader answers, PrintWriter out, int countdown, Pause pause) {
        this.capture = capture;
        this.answers = answers;
        this.out = out;
        this.countdown = countdown;
        this.pause = pause;
    }

    /** An accepted take, with the number the user knows it by. */
    private record Accepted(int number, Enroller.Recording recording, WakeTemplate.Take take) {}

    /** Records until {@code wanted} takes agree; returns them in the order recorded. */
    List<Enroller.Recording> record(int wanted) throws IOException, InterruptedException {
        var accepted = new ArrayList<Accepted>();
        int attempts = 0, recorded = 0, unlikeEarlier = 0;
        while (accepted.size() < wanted) {
            if (++attempts > wanted * ATTEMPTS_PER_TAKE)
                throw new UserError("too many unusable takes (" + (attempts - 1) + "). Fix: check the microphone with 'wakegate listen', move to a quieter spot, and try again");
            int slot = accepted.size() + 1;
            prompt(slot, wanted);
            short[] audio = capture(MAX_TAKE_SECONDS);
            String label = "take " + slot;
            if (audio == null) {
                out.println("Not usable: " + label + " was cut off: you were still speaking after " + MAX_TAKE_SECONDS
                        + " s. Fix: say only the wake word, right after 'now'");
                out.println("Let's record " + label + " again.");
                continue;
            }
            var recording = new Enroller.Recording("recorded-" + (++recorded), audio);
            WakeTemplate.Take take;
            try {
                take = Enroller.checkTake(recording, label);
            } catch (UserError bad) {
                out.println("Not usable: " + bad.getMessage());
                out.println("Let's record " + label + " again.");
                wipe(audio);
                continue;
            }
            var candidates = new ArrayList<>(accepted.stream().map(Accepted::take).toList());
            candidates.add(take);
            var labels = new ArrayList<>(accepted.stream().map(a -> "take " + a.number()).toList());
            labels.add(label);
            var recordings = new ArrayList<>(accepted.stream().map(Accepted::recording).toList());
            recordings.add(recording);
            Optional<Enroller.Disagreement> d = Enroller.checkAgreement(candidates, recordings, labels);
            if (d.isPresent() && (d.get().take() < 0 || d.get().take() == candidates.size() - 1)) {
                out.println("Not usable: " + d.get().reason());
                wipe(audio);
                if (d.get().take() < 0 && ++unlikeEarlier >= 2) { // twice unlike the earlier takes: they may be the odd ones
                    out.println("The takes keep disagreeing; starting again from take 1.");
                    accepted.forEach(a -> wipe(a.recording().samples()));
                    accepted.clear();
                    unlikeEarlier = 0;
                } else {
                    out.println("Let's record " + label + " again.");
                }
                continue;
            }
            unlikeEarlier = 0;
            accepted.add(new Accepted(slot, recording, take));
            out.printf(Locale.ROOT, "%s: %.2f s of speech. OK.%n", capitalised(label), take.frames() / (double) Pcm.FRAMES_PER_SECOND);
            if (d.isPresent()) { // an earlier take is the odd one out, now that there are more to compare
                var odd = accepted.remove(d.get().take());
                out.println("Not usable after all: " + d.get().reason());
                wipe(odd.recording().samples());
                renumber(accepted);
            }
        }
        return accepted.stream().map(a -> new Enroller.Recording("recorded take " + a.number(), a.recording().samples())).toList();
    }

    private static void renumber(List<Accepted> accepted) {
        for (int i = 0; i < accepted.size(); i++) {
            var a = accepted.get(i);
            accepted.set(i, new Accepted(i + 1, a.recording(), a.take()));
        }
    }

    private void prompt(int slot, int wanted) throws IOException, InterruptedException {
        out.printf("Take %d of %d: press Enter, then say the wake word once after the countdown (q and Enter to stop).%n", slot, wanted);
        if (!go()) throw new UserError("enrollment stopped; nothing was written. Fix: run it again when ready");
        countdown(String.format("Say the wake word now (take %d of %d)...", slot, wanted));
    }

    /** Waits for Enter; false when the answer is q. The end of input goes on (a script drives it). */
    private boolean go() throws IOException {
        out.flush();
        String answer = answers.readLine();
        return answer == null || !answer.strip().equalsIgnoreCase("q");
    }

    private void countdown(String sayNow) throws InterruptedException {
        for (int i = countdown; i >= 1; i--) {
            out.print(i + "... ");
            out.flush();
            pause.seconds(1);
        }
        out.println(sayNow);
        out.flush();
    }

    /**
     * Records up to {@code wanted} phrases that sound like the wake word and are not it, each checked only for being
     * usable speech (they are meant to differ from the takes); q at a prompt stops early with those recorded.
     */
    List<short[]> recordNearMisses(int wanted) throws IOException, InterruptedException {
        var recorded = new ArrayList<short[]>();
        int attempts = 0;
        while (recorded.size() < wanted) {
            if (++attempts > wanted * ATTEMPTS_PER_TAKE)
                throw new UserError("too many unusable recordings (" + (attempts - 1) + "). Fix: check the microphone with 'wakegate listen', and try again");
            int slot = recorded.size() + 1;
            String label = "near miss " + slot;
            out.printf("Near miss %d of %d: press Enter, then say a short sentence, as in conversation, with a phrase in it that sounds like the"
                    + " wake word and is not it: one sound changed, a plural, a word left out ('so then hey jester said no'; q and Enter to stop"
                    + " checking).%n", slot, wanted);
            if (!go()) break;
            countdown(String.format("Say it now (near miss %d of %d)...", slot, wanted));
            short[] audio = capture(MAX_NEAR_MISS_SECONDS);
            if (audio == null) {
                out.println("Not usable: " + label + " was cut off: you were still speaking after " + fmtSeconds(MAX_NEAR_MISS_SECONDS)
                        + " s. Fix: a shorter sentence");
                continue;
            }
            try {
                Enroller.checkAudible(new Enroller.Recording(label, audio), label);
            } catch (UserError bad) {
                out.println("Not usable: " + bad.getMessage());
                wipe(audio);
                continue;
            }
            recorded.add(audio);
        }
        return recorded;
    }

    private static String fmtSeconds(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    /**
     * One recording: up to {@code maxSeconds}, ended early once the VAD heard speech and then silence; null (and
     * wiped) if the speaker was still speaking when the time ran out.
     */
    private short[] capture(double maxSeconds) throws IOException {
        int max = (int) Math.round(maxSeconds * Pcm.FRAMES_PER_SECOND);
        short[] audio = new short[max * Pcm.FRAME_SAMPLES];
        filled.add(audio);
        var vad = new EnergyVad();
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        int frames = 0, quiet = 0;
        boolean heard = false, stillSpeaking = false;
        try (AudioSource source = capture.open()) {
            while (frames < max) {
                int n;
                try {
                    n = source.readFully(frame, 0, frame.length);
                } catch (IOException ended) { // a command that printed one take and exited
                    if (frames == 0) throw ended;
                    break;
                }
                if (n < frame.length) break;
                System.arraycopy(frame, 0, audio, frames * Pcm.FRAME_SAMPLES, frame.length);
                frames++;
                boolean speech = vad.isSpeech(frame);
                heard |= speech;
                quiet = speech ? 0 : quiet + 1;
                stillSpeaking = speech;
                if (heard && quiet >= END_SILENCE_FRAMES) break;
            }
        } catch (IOException e) {
            throw new UserError("cannot record from " + capture.describe() + ": " + e.getMessage() + ". Fix: check it with 'wakegate listen' first");
        } finally {
            Arrays.fill(frame, (short) 0);
        }
        if (frames == max && stillSpeaking) {
            wipe(audio);
            return null;
        }
        short[] take = Arrays.copyOf(audio, frames * Pcm.FRAME_SAMPLES);
        filled.add(take);
        wipe(audio);
        return take;
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void wipe(short[] audio) {
        Arrays.fill(audio, (short) 0);
    }

    /** Every buffer this recorder filled, for tests. */
    List<short[]> buffers() {
        return List.copyOf(filled);
    }

    /** Zeroes everything recorded, the returned takes included. */
    @Override
    public void close() {
        for (short[] b : filled) wipe(b);
    }
}
