package dev.wakegate.detect.vosk;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A recognizer that answers from a script: its partial and final results are functions of how many samples it was fed,
 * as Vosk's depend on the audio. Records calls so tests can check what the detector asked for.
 */
public final class FakeDecoder implements Decoder {
    private final LongFunction<String> partialAt, resultAt;
    private long fed;
    public final List<String> calls = new ArrayList<>();
    public boolean closed;
    public short[] lastAudio;

    public FakeDecoder(LongFunction<String> partialAt, LongFunction<String> resultAt) {
        this.partialAt = partialAt;
        this.resultAt = resultAt;
    }

    public long fedSamples() {
        return fed;
    }

    @Override
    public boolean accept(short[] samples, int count) {
        calls.add("accept " + count);
        lastAudio = java.util.Arrays.copyOf(samples, count);
        fed += count;
        return false;
    }

    @Override
    public String partialResult() {
        calls.add("partial");
        return partialAt.apply(fed);
    }

    @Override
    public String result() {
        calls.add("result");
        return resultAt.apply(fed);
    }

    @Override
    public String finalResult() {
        calls.add("final");
        return resultAt.apply(fed);
    }

    @Override
    public void close() {
        closed = true;
    }
}
