package dev.wakegate.audio;

import be.tarsos.dsp.resample.Resampler;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a byte stream in any {@link InputFormat} into 16 kHz mono 16-bit samples: decodes, picks one channel
 * or averages them all, and resamples (TarsosDSP's port of libresample) when the rate differs. 16-bit input at
 * 16 kHz passes through bit-exact.
 */
public final class PcmDecoder implements AudioSource {
    private static final int CHUNK_FRAMES = 4096;

    private final InputStream in;
    private final InputFormat format;
    private final String name;
    private long remainingBytes;

    private final byte[] bytes;
    private int carriedBytes;
    private final float[] mono = new float[CHUNK_FRAMES];
    private int monoStart, monoEnd;

    private final Resampler resampler;
    private final double factor;
    private final float[] resampled;
    private int outStart, outEnd;
    private boolean inputEnded, flushed;

    /**
     * @param limitBytes how many bytes of audio the stream holds (a WAV data chunk), or -1 to read to the end
     */
    public PcmDecoder(InputStream in, InputFormat format, long limitBytes, String name) {
        this.in = in;
        this.format = format;
        this.name = name;
        this.remainingBytes = limitBytes < 0 ? Long.MAX_VALUE : limitBytes;
        this.bytes = new byte[CHUNK_FRAMES * format.frameBytes()];
        this.factor = Pcm.SAMPLE_RATE / (double) format.sampleRate();
        this.resampler = format.sampleRate() == Pcm.SAMPLE_RATE ? null : new Resampler(true, factor, factor);
        this.resampled = resampler == null ? null : new float[(int) Math.ceil(CHUNK_FRAMES * factor) + 64];
    }

    public InputFormat format() {
        return format;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(short[] dst, int off, int len) throws IOException {
        if (format.isInternal() && format.channels() == 1) return readDirect(dst, off, len);
        int n = 0;
        while (n < len) {
            float[] out = resampler == null ? mono : resampled;
            int start = resampler == null ? monoStart : outStart;
            int end = resampler == null ? monoEnd : outEnd;
            if (start == end) {
                if (!refill()) break;
                continue;
            }
            int count = Math.min(len - n, end - start);
            for (int i = 0; i < count; i++) dst[off + n + i] = toShort(out[start + i]);
            n += count;
            if (resampler == null) monoStart += count; else outStart += count;
        }
        return n == 0 && len > 0 ? -1 : n;
    }

    /** 16 kHz mono 16-bit: bytes to samples, no arithmetic. */
    private int readDirect(short[] dst, int off, int len) throws IOException {
        int want = (int) Math.min((long) len * 2 - carriedBytes, Math.min(bytes.length - carriedBytes, remainingBytes));
        int got = want <= 0 ? 0 : in.readNBytes(bytes, carriedBytes, Math.max(0, want));
        remainingBytes -= got;
        int available = carriedBytes + got;
        int samples = Math.min(len, available / 2);
        if (samples == 0) return -1;
        for (int i = 0; i < samples; i++) dst[off + i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
        carriedBytes = available - 2 * samples;
        System.arraycopy(bytes, 2 * samples, bytes, 0, carriedBytes);
        return samples;
    }

    private static short toShort(float v) {
        int s = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s));
    }

    /** Makes more output available; false at the end of the stream. */
    private boolean refill() throws IOException {
        if (resampler == null) return decodeChunk();
        if (monoStart == monoEnd && !inputEnded && !decodeChunk()) inputEnded = true;
        if (inputEnded && monoStart == monoEnd && flushed) return false;
        var r = resampler.process(factor, mono, monoStart, monoEnd - monoStart, inputEnded, resampled, 0, resampled.length);
        monoStart += r.inputSamplesConsumed;
        outStart = 0;
        outEnd = r.outputSamplesGenerated;
        if (inputEnded && monoStart == monoEnd && outEnd == 0) flushed = true;
        return outEnd > 0 || !flushed;
    }

    /** Decodes the next chunk of whole frames into {@link #mono}; false when nothing is left. */
    private boolean decodeChunk() throws IOException {
        int frameBytes = format.frameBytes();
        int want = (int) Math.min(bytes.length - carriedBytes, remainingBytes);
        int got = want <= 0 ? 0 : in.readNBytes(bytes, carriedBytes, want);
        remainingBytes -= got;
        int available = carriedBytes + got;
        int frames = available / frameBytes;
        if (frames == 0) return false; // a trailing partial frame is dropped
        for (int f = 0; f < frames; f++) mono[f] = mixFrame(f * frameBytes);
        carriedBytes = available - frames * frameBytes;
        System.arraycopy(bytes, frames * frameBytes, bytes, 0, carriedBytes);
        monoStart = 0;
        monoEnd = frames;
        return true;
    }

    private float mixFrame(int pos) {
        SampleEncoding enc = format.encoding();
        int width = enc.bytes();
        if (format.channel() != InputFormat.DOWNMIX) return enc.decode(bytes, pos + format.channel() * width);
        if (format.channels() == 1) return enc.decode(bytes, pos);
        float sum = 0;
        for (int c = 0; c < format.channels(); c++) sum += enc.decode(bytes, pos + c * width);
        return sum / format.channels();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was written; a failing close of an input loses nothing
        }
    }
}
