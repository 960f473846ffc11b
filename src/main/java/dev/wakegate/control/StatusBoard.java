package dev.wakegate.control;

import dev.wakegate.detect.Sensitivity;
import dev.wakegate.gate.GateEvent;
import dev.wakegate.uplink.TimerChange;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the control socket reports, kept from the gate's events (on the pipeline thread); read from the socket's thread. Thread-safe: every method is synchronized, and waiting
 * requests are woken when the state they wait for arrives.
 */
public final class StatusBoard implements Consumer<GateEvent> {
    /**
     * A snapshot: the gate's state label, the switch, who holds a software pause, the wake words' sensitivities, sessions
     * so far, and the remote side's timers (running, paused or ringing) in the order they were started.
     */
    public record Status(String state, boolean hardwareMuted, Set<String> pausedBy, Map<String, Double> sensitivities, long sessions,
                         List<Timer> timers) {
        public Status {
            pausedBy = Collections.unmodifiableSet(new LinkedHashSet<>(pausedBy));
            sensitivities = Collections.unmodifiableMap(new LinkedHashMap<>(sensitivities));
            timers = List.copyOf(timers);
        }

        public boolean paused() {
            return !pausedBy.isEmpty();
        }
    }

    /** A timer as {@code ctl status} shows it; {@code name} may be null (the user gave none). */
    public record Timer(String name, long secondsLeft, boolean running, boolean ringing) {}

    /** What the last change said, and when (System.nanoTime()), to count down from. */
    private record TimerSeen(TimerChange change, long atNanos) {
        Timer now(long nanos) {
            long left = change.secondsLeft();
            if (change.running()) left = Math.max(0, left - (nanos - atNanos) / 1_000_000_000L);
            return new Timer(change.name(), left, change.running(), change.kind() == TimerChange.Kind.RINGING);
        }
    }

    private String state = "LISTENING";
    private boolean muted;
    private final Set<String> pausedBy = new LinkedHashSet<>();
    private final Map<String, Double> sensitivities = new LinkedHashMap<>();
    private long sessions;
    private final Map<String, TimerSeen> timers = new LinkedHashMap<>();

    /** @param sensitivity the detector's sensitivity of each word at start (read before the pipeline runs) */
    public StatusBoard(List<String> words, Function<String, Sensitivity> sensitivity) {
        for (String w : words) sensitivities.put(w, sensitivity.apply(w).value());
    }

    @Override
    public synchronized void accept(GateEvent e) {
        switch (e) {
            case GateEvent.StateChanged s -> state = s.to();
            case GateEvent.Muted m -> muted = true;
            case GateEvent.Unmuted u -> muted = false;
            case GateEvent.Paused p -> pausedBy.add(p.by());
            case GateEvent.Resumed r -> pausedBy.remove(r.by());
            case GateEvent.StreamStarted s -> sessions++;
            case GateEvent.SensitivityChanged c -> sensitivities.put(c.word(), c.to());
            case GateEvent.Timer t -> timerChanged(t.change());
            default -> {
                return; // detections, LEDs, errors: not part of the status
            }
        }
        notifyAll();
    }

    public synchronized Status status() {
        long now = System.nanoTime();
        return new Status(state, muted, pausedBy, sensitivities, sessions, timers.values().stream().map(t -> t.now(now)).toList());
    }

    private void timerChanged(TimerChange change) {
        switch (change.kind()) {
            case CANCELLED, SILENCED -> timers.remove(change.id());
            case STARTED, UPDATED, RINGING -> timers.put(change.id(), new TimerSeen(change, System.nanoTime()));
        }
    }

    public synchronized List<String> words() {
        return List.copyOf(sensitivities.keySet());
    }

    /** Waits until {@code word}'s sensitivity is {@code value}; false if it is not within {@code timeout}. */
    public synchronized boolean awaitSensitivity(String word, double value, Duration timeout) throws InterruptedException {
        return await(() -> Double.valueOf(value).equals(sensitivities.get(word)), timeout);
    }

    /**
     * Waits until the gate has applied {@code by}'s pause or resume: {@code by} holds a pause or not, and the state
     * agrees (a pause leaves the gate PAUSED, or MUTED or ERROR, which it never overrides; a resume leaves it anything
     * but PAUSED unless another source still holds a pause). The gate reports the pause and the state change one after
     * the other, so the set alone is not enough. False if this does not happen within {@code timeout}.
     */
    public synchronized boolean awaitPaused(String by, boolean paused, Duration timeout) throws InterruptedException {
        return await(() -> pauseApplied(by, paused), timeout);
    }

    /** Waits until {@code condition} holds (checked whenever the state changes); false if it does not within {@code timeout}. */
    private synchronized boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private boolean pauseApplied(String by, boolean paused) {
        if (pausedBy.contains(by) != paused) return false;
        if (paused) return Set.of("PAUSED", "MUTED", "ERROR").contains(state);
        return !pausedBy.isEmpty() || !state.equals("PAUSED");
    }
}
