package dev.wakegate.internal;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to other threads as if it had run on this one: its exception thrown as it was thrown. */
public final class Futures {
    private Futures() {}

    /**
     * The job's result, or what it threw: an {@link IOException}, a {@link RuntimeException} or an {@link Error} (an
     * {@link OutOfMemoryError} must stay one, so that a command can say so in one line) as it was.
     */
    public static <T> T resultOf(Future<T> job) throws IOException {
        try {
            return job.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case IOException io -> throw io;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }
}
