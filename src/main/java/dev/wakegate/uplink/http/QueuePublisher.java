package dev.wakegate.uplink.http;

import dev.wakegate.uplink.AudioQueue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * The request body: publishes whatever the {@link AudioQueue} holds as soon as it holds it, so each piece of
 * captured audio becomes an HTTP chunk at once (the JDK's input-stream publisher waits to fill 16 KB first).
 * One pump thread per request, named, ending with the stream.
 */
final class QueuePublisher implements Flow.Publisher<ByteBuffer> {
    private static final int MAX_CHUNK = 8192;
    private final AudioQueue queue;
    private final String threadName;

    QueuePublisher(AudioQueue queue, String threadName) {
        this.queue = queue;
        this.threadName = threadName;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        var subscription = new Pump(subscriber);
        subscriber.onSubscribe(subscription);
        Thread.ofPlatform().name(threadName).daemon().start(subscription);
    }

    private final class Pump implements Flow.Subscription, Runnable {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private long demand;
        private boolean cancelled;

        Pump(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public synchronized void request(long n) {
            if (n <= 0) {
                cancelled = true;
                notifyAll();
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            notifyAll();
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            notifyAll();
        }

        private synchronized boolean awaitDemand() throws InterruptedException {
            while (demand == 0 && !cancelled) wait();
            if (cancelled) return false;
            demand--;
            return true;
        }

        @Override
        public void run() {
            byte[] buf = new byte[MAX_CHUNK];
            try {
                while (awaitDemand()) {
                    int n = queue.read(buf, 0, buf.length);
                    if (n < 0) {
                        subscriber.onComplete();
                        return;
                    }
                    byte[] chunk = java.util.Arrays.copyOf(buf, n);
                    java.util.Arrays.fill(buf, 0, n, (byte) 0);
                    subscriber.onNext(ByteBuffer.wrap(chunk));
                }
            } catch (IOException e) {
                subscriber.onError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                subscriber.onError(new IOException("interrupted"));
            }
        }
    }
}
