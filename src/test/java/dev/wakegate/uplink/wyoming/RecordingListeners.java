package dev.wakegate.uplink.wyoming;

import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.Uplink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Listeners that record what the uplink tells the gate, with timed waits. */
final class RecordingListeners {
    private RecordingListeners() {}

    /** The next item, waiting up to the fake server's timeout; fails with {@code missing} if none comes. */
    private static <T> T next(LinkedBlockingQueue<T> queue, String missing) {
        try {
            T item = queue.poll(FakeHomeAssistant.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(item, missing);
            return item;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Records the session's end; fails if it hears more than one. */
    static final class Ended implements Uplink.SessionListener {
        private final LinkedBlockingQueue<SessionOutcome> outcomes = new LinkedBlockingQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void ended(SessionOutcome outcome) {
            total.incrementAndGet();
            outcomes.add(outcome);
        }

        /** How many times the session ended, awaited or not (must be 1). */
        int total() {
            return total.get();
        }

        SessionOutcome await() {
            return next(outcomes, "the session did not end");
        }

        boolean hasEnded() {
            return total.get() > 0;
        }
    }

    /** Records "started"/"finished" and "paused"/"resumed" in order. */
    static final class Signals implements PlaybackListener, Uplink.ControlListener {
        private final LinkedBlockingQueue<String> signals = new LinkedBlockingQueue<>();

        @Override
        public void started() {
            signals.add("started");
        }

        @Override
        public void finished() {
            signals.add("finished");
        }

        @Override
        public void paused(boolean paused) {
            signals.add(paused ? "paused" : "resumed");
        }

        String next() {
            return RecordingListeners.next(signals, "no signal");
        }

        List<String> drain() {
            var list = new ArrayList<String>();
            signals.drainTo(list);
            return list;
        }
    }
}
