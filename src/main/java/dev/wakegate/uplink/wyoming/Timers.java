package dev.wakegate.uplink.wyoming;

import dev.wakegate.uplink.TimerChange;
import dev.wakegate.uplink.TimerChange.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Home Assistant's voice timers as this satellite keeps them ({@code timer-started}, {@code -updated}, {@code -cancelled},
 * {@code -finished}), and the alarm of a finished one: the alarm cue through the {@link Speaker}, once every
 * {@link Alarm#every()}, until the wake word or the mute switch {@link #interrupt interrupts} it or it has rung for
 * {@link Alarm#limit()}. The detector is never deaf to the alarm ({@link Speaker#ring}): deafness for a ring every 3 s
 * (plus {@code --mute-after-reply}) would hide about one wake word in two, the very word meant to silence it.
 * Ringing plays sound and nothing else: it never opens the microphone's path to the network.
 *
 * <p>A running timer whose {@code timer-finished} does not come (Home Assistant drops timer events while the
 * satellite is disconnected) rings by its own countdown, {@link #GRACE} after it should have finished.
 *
 * <p>Thread-safe: messages come from the connection's reader, interrupts from the pipeline, rings from the timer.
 */
final class Timers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Timers.class);
    /** How long after its own countdown a timer rings if Home Assistant has not said it finished. */
    static final Duration GRACE = Duration.ofSeconds(3);

    /** A timer that counts down, and its fallback ring. */
    private record Entry(String name, ScheduledFuture<?> fallback) {}

    private final Speaker speaker;
    private final Alarm alarm;
    private final ScheduledExecutorService clock;
    private final Consumer<TimerChange> changes;

    // guarded by this
    private final Map<String, Entry> timers = new LinkedHashMap<>();
    private final Map<String, String> ringing = new LinkedHashMap<>(); // id -> name
    private ScheduledFuture<?> ringer;
    private long ringingSinceNanos;

    /** @param changes hears every change (on the calling thread) */
    Timers(Speaker speaker, Alarm alarm, ScheduledExecutorService clock, Consumer<TimerChange> changes) {
        this.speaker = speaker;
        this.alarm = alarm;
        this.clock = clock;
        this.changes = changes;
    }

    void started(WyomingMessage.TimerStarted t) {
        put(t.id(), t.name(), t.totalSeconds(), true, Kind.STARTED);
        log.info("timer: started, {} s", t.totalSeconds());
    }

    void updated(WyomingMessage.TimerUpdated t) {
        String name;
        synchronized (this) {
            Entry e = timers.get(t.id());
            name = e == null ? null : e.name();
        }
        put(t.id(), name, t.totalSeconds(), t.isActive(), Kind.UPDATED);
        log.info("timer: {}, {} s left", t.isActive() ? "running" : "paused", t.totalSeconds());
    }

    void cancelled(WyomingMessage.TimerCancelled t) {
        Entry e;
        synchronized (this) {
            e = timers.remove(t.id());
        }
        if (e == null) return;
        cancelFallback(e);
        log.info("timer: cancelled");
        changes.accept(new TimerChange(t.id(), e.name(), Kind.CANCELLED, 0, false, null));
    }

    void finished(WyomingMessage.TimerFinished t) {
        ring(t.id(), "finished");
    }

    /** The wake word or the mute switch: every ringing timer goes quiet. */
    void interrupt(String reason) {
        silence(reason);
    }

    /** The ids of the timers that ring now, in the order they started ringing. */
    synchronized List<String> ringingIds() {
        return new ArrayList<>(ringing.keySet());
    }

    private void put(String id, String name, long seconds, boolean running, Kind kind) {
        ScheduledFuture<?> fallback = running
                ? clock.schedule(() -> ring(id, "rang by its own countdown: Home Assistant did not say it finished"),
                        seconds * 1000 + GRACE.toMillis(), TimeUnit.MILLISECONDS)
                : null;
        Entry old;
        synchronized (this) {
            old = timers.put(id, new Entry(name, fallback));
        }
        if (old != null) cancelFallback(old);
        changes.accept(new TimerChange(id, name, kind, seconds, running, null));
    }

    private void ring(String id, String why) {
        Entry e;
        boolean start;
        synchronized (this) {
            e = timers.remove(id);
            if (e == null && !why.equals("finished")) return; // cancelled or already rung
            ringing.put(id, e == null ? null : e.name());
            start = ringer == null;
            if (start) {
                ringingSinceNanos = System.nanoTime();
                ringer = clock.scheduleAtFixedRate(this::ringOnce, 0, alarm.every().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (e != null) cancelFallback(e);
        log.info("timer: ringing ({})", why);
        changes.accept(new TimerChange(id, e == null ? null : e.name(), Kind.RINGING, 0, false, null));
    }

    private void ringOnce() {
        boolean over;
        synchronized (this) {
            over = System.nanoTime() - ringingSinceNanos >= alarm.limit().toNanos();
        }
        if (over) silence("rang for " + alarm.limit().toSeconds() + " s");
        else if (alarm.clip() != null) speaker.ring(alarm.clip());
    }

    private void silence(String reason) {
        Map<String, String> quiet;
        synchronized (this) {
            if (ringing.isEmpty()) return;
            quiet = new LinkedHashMap<>(ringing);
            ringing.clear();
            ringer.cancel(false);
            ringer = null;
        }
        log.info("timer: silenced by {}", reason);
        quiet.forEach((id, name) -> changes.accept(new TimerChange(id, name, Kind.SILENCED, 0, false, reason)));
    }

    private static void cancelFallback(Entry e) {
        if (e.fallback() != null) e.fallback().cancel(false);
    }

    /** Stops ringing and forgets every timer (shutdown). */
    @Override
    public void close() {
        synchronized (this) {
            for (Entry e : timers.values()) cancelFallback(e);
            timers.clear();
            ringing.clear();
            if (ringer != null) ringer.cancel(false);
            ringer = null;
        }
    }
}
