package dev.wakegate.detect.oww;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.wakegate.internal.UserError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Small ONNX Runtime helpers: sessions the way openWakeWord runs them (one thread each), and zero-copy tensors. */
final class Onnx {
    private Onnx() {}

    /**
     * The process's ONNX Runtime. Where it cannot load (32-bit Arm has no build; a temp directory mounted noexec
     * cannot hold its library) this is one {@link UserError} naming the alternative, not a stack trace.
     */
    static OrtEnvironment environment() {
        String unsupported = unsupported(System.getProperty("os.arch"));
        if (unsupported != null) throw new UserError(unsupported);
        try {
            // ONNX Runtime keeps one environment per process; the first call fixes its log level.
            var environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "wakegate");
            if (!SWEPT.getAndSet(true)) sweepLeftovers(Path.of(System.getProperty("java.io.tmpdir")), Instant.now().minus(LEFTOVER_AGE));
            return environment;
        } catch (LinkageError | IllegalStateException e) {
            throw new UserError(cannotLoad(e, System.getProperty("java.io.tmpdir")), e);
        }
    }

    /** The temp directory is tidied once per process, as ONNX Runtime unpacks once per process (not per model opened). */
    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    /** A leftover must be at least this old: a younger one may be another process's that is still unpacking into it. */
    static final Duration LEFTOVER_AGE = Duration.ofMinutes(2);

    /**
     * ONNX Runtime unpacks its library into a new {@code onnxruntime-java<random>} directory per start and leaves it
     * behind, empty (the service's cache directory gained one per start). Removes the empty ones last changed before
     * {@code cutoff}; anything else, and any error, is left alone. Returns how many were removed.
     */
    static int sweepLeftovers(Path tmpdir, Instant cutoff) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmpdir, "onnxruntime-java*")) {
            for (Path dir : dirs) {
                try {
                    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
                    if (!Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) continue;
                    Files.delete(dir); // fails unless empty
                    removed++;
                } catch (IOException e) {
                    // not empty, not ours, or gone: leave it
                }
            }
        } catch (IOException | SecurityException e) {
            // an unreadable temp directory: nothing to tidy
        }
        return removed;
    }

    /** Why ONNX Runtime cannot run on {@code osArch}, or null if it has a build for it; pure, for tests. */
    static String unsupported(String osArch) {
        if (!osArch.equals("arm") && !osArch.startsWith("armv") && !osArch.equals("armhf")) return null;
        return "ONNX Runtime has no build for 32-bit Arm (" + osArch + "), so the oww engine and embedding templates cannot run "
                + "here. Fix: use the template engine with MFCC features (--template-features mfcc, the default), or install the 64-bit "
                + "Raspberry Pi OS";
    }

    /** The one line for a library that would not load; pure, for tests. */
    static String cannotLoad(Throwable e, String tmpdir) {
        String reason = firstLine(e.getMessage());
        String fix = reason.contains("map segment") || reason.contains("failed to map") || reason.contains("operation not permitted")
                ? "ONNX Runtime unpacks its library into java.io.tmpdir (" + tmpdir + "), which must allow executing: point "
                        + "-Djava.io.tmpdir at a directory that is not mounted noexec (the unit uses /var/cache/wakegate)"
                : "check that the machine is 64-bit Linux (x86-64 or aarch64) and that java.io.tmpdir (" + tmpdir + ") allows executing";
        return "cannot load ONNX Runtime (" + reason + "). Fix: " + fix;
    }

    /**
     * Opens a model with one intra- and one inter-op thread, as openWakeWord does: the models are tiny, and on a
     * Pi the other cores belong to capture and the uplink.
     *
     * @param fix the second half of the error message when the file is missing or unreadable
     */
    static OrtSession open(Path file, String fix) {
        requireModelFile(file, fix);
        return create(file.toString(), fix, (environment, options) -> environment.createSession(file.toString(), options));
    }

    /** A {@link UserError} naming the fix unless {@code file} is a regular file (a model to read). */
    static void requireModelFile(Path file, String fix) {
        if (Files.isRegularFile(file)) return;
        String what = Files.isDirectory(file) ? "is a directory, not an ONNX model" : "no such file";
        throw new UserError(file + ": " + what + ". Fix: " + fix);
    }

    /** Opens a model held in memory (the copies packed into the jar), as {@link #open(Path, String)}; {@code name} for messages. */
    static OrtSession open(byte[] model, String name, String fix) {
        return create(name, fix, (environment, options) -> environment.createSession(model, options));
    }

    private interface Maker {
        OrtSession make(OrtEnvironment environment, OrtSession.SessionOptions options) throws OrtException;
    }

    private static OrtSession create(String name, String fix, Maker maker) {
        OrtEnvironment environment = environment(); // first: it turns a library that cannot load into one line
        try (var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return maker.make(environment, options);
        } catch (OrtException e) {
            throw new UserError(name + ": not a readable ONNX model (" + firstLine(e.getMessage()) + "). Fix: " + fix, e);
        }
    }

    /** The shape of a session's only input or output, or null if it has not exactly one float tensor there. */
    static long[] onlyShape(Map<String, NodeInfo> nodes) {
        if (nodes.size() != 1) return null;
        var info = nodes.values().iterator().next().getInfo();
        if (!(info instanceof TensorInfo t) || t.type != ai.onnxruntime.OnnxJavaType.FLOAT) return null;
        return t.getShape();
    }

    static String describe(long[] shape) {
        return shape == null ? "not one float tensor" : Arrays.toString(shape);
    }

    /** A native-order direct buffer: ONNX Runtime reads and writes it in place, without copies. */
    static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A tensor over {@code buffer}: writing the buffer changes the tensor's contents. */
    static OnnxTensor tensor(FloatBuffer buffer, long... shape) {
        try {
            return OnnxTensor.createTensor(environment(), buffer, shape);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create a tensor of shape " + Arrays.toString(shape), e);
        }
    }

    /**
     * One model call with its input and output tensors made once: each run reads {@code in} and writes {@code out}
     * in place (the output is pinned), so the hot path allocates no buffers, only ONNX Runtime's small result handle.
     * With a {@link ModelMemo}, an input it remembers is answered from it without running the model.
     */
    static final class Call implements AutoCloseable {
        /** The first input and the first output; a call with several has them all in {@link #ins} and {@link #outs}. */
        final FloatBuffer in, out;
        final FloatBuffer[] ins, outs;
        private final OrtSession session;
        private final ModelMemo memo;
        private final OnnxTensor[] tensors;
        private final Map<String, OnnxTensor> inputs, outputs;

        Call(OrtSession session, long[] inShape, long[] outShape) {
            this(session, inShape, outShape, null);
        }

        /** @param memo remembered runs of this model, shared with other calls on one thread; null for none */
        Call(OrtSession session, long[] inShape, long[] outShape, ModelMemo memo) {
            this(session, new String[]{session.getInputNames().iterator().next()}, new long[][]{inShape},
                    new String[]{session.getOutputNames().iterator().next()}, new long[][]{outShape}, memo);
        }

        /** A call with named inputs and outputs, each a float tensor of the shape given. */
        Call(OrtSession session, String[] inNames, long[][] inShapes, String[] outNames, long[][] outShapes, ModelMemo memo) {
            this.session = session;
            this.memo = memo;
            this.ins = buffers(inShapes);
            this.outs = buffers(outShapes);
            this.in = ins[0];
            this.out = outs[0];
            this.tensors = new OnnxTensor[ins.length + outs.length];
            var inputs = new java.util.LinkedHashMap<String, OnnxTensor>();
            var outputs = new java.util.LinkedHashMap<String, OnnxTensor>();
            for (int i = 0; i < ins.length; i++) inputs.put(inNames[i], tensors[i] = tensor(ins[i], inShapes[i]));
            for (int o = 0; o < outs.length; o++) outputs.put(outNames[o], tensors[ins.length + o] = tensor(outs[o], outShapes[o]));
            this.inputs = Map.copyOf(inputs);
            this.outputs = Map.copyOf(outputs);
        }

        void run() {
            if (memo != null && memo.recall(ins, outs)) return;
            runModel();
            if (memo != null) memo.remember(ins, outs);
        }

        private void runModel() {
            try (var result = session.run(inputs, outputs)) {
                assert !result.isResultOwner(0) : "the output should be pinned";
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed to run a model", e);
            }
        }

        @Override
        public void close() {
            for (var t : tensors) t.close();
        }

        private static FloatBuffer[] buffers(long[][] shapes) {
            var buffers = new FloatBuffer[shapes.length];
            for (int i = 0; i < shapes.length; i++) buffers[i] = directFloats(Math.toIntExact(count(shapes[i])));
            return buffers;
        }

        static long count(long[] shape) {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    static String firstLine(String message) {
        if (message == null) return "unknown error";
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
