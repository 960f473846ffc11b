package dev.wakegate.detect.oww;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The speech-embedding model re-cut to run one 80 ms step at a time. The model is a chain of convolutions that are
 * "valid" in time and max-pools that halve time: the 76-frame window's activations mostly repeat those of the window
 * one step before, shifted. The re-cut graph takes the newest mel frames and, at the input of each stage that follows
 * a time pool, the rows the stage needs from earlier steps (its context); it returns the stage outputs that are new at
 * this step, for the caller to keep as the next step's context, and the embedding. The weights and every operation
 * are the model's own, so the embedding is the window model's; {@link EmbeddingStream} checks that it is when it opens.
 *
 * <p>Written as protocol-buffer surgery on the ONNX file: nodes, initializers and everything else are copied byte for
 * byte; only the input reshape becomes a transpose (the window length is no longer fixed), a concatenation with the
 * context is put after each time pool, and the output is transposed to one embedding per step before its reshape.
 */
final class StreamingEmbeddingGraph {
    /** The shape of the re-cut model: the frames a run reads, the stages and their contexts, the embedding's output name. */
    record Layout(int inputFrames, List<Stage> stages, String embeddingOutput) {}

    /**
     * A stage after a time pool: its input holds {@code contextRows} rows kept from earlier steps and {@code newRows}
     * made at this step (channels × width numbers each, NCHW).
     */
    record Stage(String contextInput, String newOutput, int channels, int contextRows, int newRows, int width) {
        Stage withContext(int rows) {
            return new Stage(contextInput, newOutput, channels, rows, newRows, width);
        }

        int contextSize() {
            return channels * contextRows * width;
        }

        int newSize() {
            return channels * newRows * width;
        }
    }

    /** The re-cut model's bytes and its layout. */
    record Derived(byte[] model, Layout layout) {}

    static final String FRAMES_INPUT = "wakegate_step_frames";
    private static final Set<String> POINTWISE = Set.of("LeakyRelu", "Max", "Relu");

    // ONNX field numbers (onnx.proto3)
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1, GRAPH_INITIALIZER = 5, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12, GRAPH_VALUE_INFO = 13;
    private static final int NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_NAME = 3, NODE_OP_TYPE = 4, NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1, ATTR_I = 3, ATTR_INTS = 8, ATTR_TYPE = 20, ATTR_TYPE_INT = 2, ATTR_TYPE_INTS = 7;
    private static final int TENSOR_DIMS = 1, TENSOR_NAME = 8;
    private static final int VALUE_NAME = 1, VALUE_TYPE = 2, TYPE_TENSOR = 1, TENSOR_ELEM_TYPE = 1, TENSOR_SHAPE = 2, SHAPE_DIM = 1,
            DIM_VALUE = 1, FLOAT = 1;

    private StreamingEmbeddingGraph() {}

    private record Node(List<String> inputs, List<String> outputs, String opType, Map<String, long[]> attributes, Protobuf.Field field) {}

    /**
     * Re-cuts {@code windowModel} (openWakeWord's {@code embedding_model.onnx}: 76 frames of 32 mel bands to 96 numbers)
     * for {@code stepFrames} new frames per call, or returns null when its graph is not the chain this needs.
     */
    static Derived derive(byte[] windowModel, int windowFrames, int mels, int stepFrames) {
        try {
            return deriveOrThrow(windowModel, windowFrames, mels, stepFrames);
        } catch (RuntimeException e) {   // malformed, or a graph of another shape: the window model runs
            return null;
        }
    }

    private static Derived deriveOrThrow(byte[] windowModel, int windowFrames, int mels, int stepFrames) {
        var modelFields = Protobuf.fields(windowModel);
        var graphField = only(modelFields, MODEL_GRAPH);
        var graphFields = graphField.message();
        var nodes = graphFields.stream().filter(f -> f.number() == GRAPH_NODE).map(StreamingEmbeddingGraph::node).toList();
        var weightDims = new HashMap<String, long[]>();
        for (var f : graphFields) if (f.number() == GRAPH_INITIALIZER) weightDims.put(tensorName(f), tensorDims(f));
        String graphInput = valueName(only(graphFields, GRAPH_INPUT)), graphOutput = valueName(only(graphFields, GRAPH_OUTPUT));

        Node first = nodes.get(0), last = nodes.get(nodes.size() - 1);
        require(first.opType.equals("Reshape") && first.inputs.get(0).equals(graphInput), "the model does not start with its input's reshape");
        require(last.opType.equals("Reshape") && last.outputs.get(0).equals(graphOutput), "the model does not end with a reshape");

        for (int i = 1; i < nodes.size(); i++)
            require(nodes.get(i).inputs.get(0).equals(nodes.get(i - 1).outputs.get(0)), "the model is not one chain");
        var cut = cut(nodes.subList(1, nodes.size() - 1), weightDims, windowFrames, mels, stepFrames);
        int inputFrames = stepFrames + cut.inputContext();
        var layout = new Layout(inputFrames, cut.stages(), graphOutput);
        return new Derived(rewrite(modelFields, graphField, graphFields, nodes, first, cut.after(), cut.stages(), inputFrames, mels), layout);
    }

    /** Where the chain is cut: the stages, the time pool each follows, and the frames the first stage looks back on. */
    private record Cut(List<Stage> stages, Map<Node, Stage> after, int inputContext) {}

    /**
     * Walks the chain between the reshapes: every convolution takes {@code kernel height - 1} rows of time away, every
     * pool of height 2 halves it and starts a stage. Requires a window that comes down to one embedding per step.
     */
    private static Cut cut(List<Node> chain, Map<String, long[]> weightDims, int windowFrames, int mels, int stepFrames) {
        var stages = new ArrayList<Stage>();
        var poolOf = new IdentityHashMap<Node, Integer>();
        int context = 0, inputContext = -1, rows = stepFrames, width = mels, channels = 1, windowLeft = windowFrames;
        for (Node n : chain) {
            switch (n.opType) {
                case "Conv" -> {
                    long[] kernel = n.attributes.get("kernel_shape"), pads = n.attributes.get("pads");
                    require(ones(n.attributes.get("strides")) && ones(n.attributes.get("dilations")) && ones(n.attributes.get("group")),
                            "a strided, dilated or grouped convolution");
                    require(pads == null || pads[0] == 0 && pads[2] == 0, "a convolution padded in time");
                    context += (int) kernel[0] - 1;
                    windowLeft -= (int) kernel[0] - 1;
                    channels = (int) weightDims.get(n.inputs.get(1))[0];
                    if (pads == null) width -= (int) kernel[1] - 1;
                }
                case "MaxPool" -> {
                    long[] kernel = n.attributes.get("kernel_shape"), strides = n.attributes.get("strides"), pads = n.attributes.get("pads");
                    require(pads == null || zeros(pads), "a padded pool");
                    require(kernel[0] == strides[0] && kernel[1] == strides[1], "an overlapping pool");
                    width /= (int) strides[1];
                    if (strides[0] == 1) continue;
                    require(strides[0] == 2 && rows % 2 == 0 && windowLeft % 2 == 0, "a time pool the steps do not line up with");
                    rows /= 2;
                    windowLeft /= 2;
                    if (stages.isEmpty()) inputContext = context;
                    else stages.set(stages.size() - 1, stages.get(stages.size() - 1).withContext(context));
                    context = 0;
                    poolOf.put(n, stages.size());
                    int k = stages.size() + 1;
                    stages.add(new Stage("wakegate_context_" + k, "wakegate_new_" + k, channels, 0, rows, width));
                }
                default -> require(POINTWISE.contains(n.opType), "an operation that is not pointwise: " + n.opType);
            }
        }
        require(windowLeft == 1 && !stages.isEmpty(), "the window does not come down to one embedding");
        require(rows << stages.size() == stepFrames, "the frames of a run do not come down to one embedding per hop");
        stages.set(stages.size() - 1, stages.get(stages.size() - 1).withContext(context));
        var after = new IdentityHashMap<Node, Stage>();
        poolOf.forEach((pool, k) -> after.put(pool, stages.get(k)));
        return new Cut(List.copyOf(stages), after, inputContext);
    }

    private static byte[] rewrite(List<Protobuf.Field> modelFields, Protobuf.Field graphField, List<Protobuf.Field> graphFields, List<Node> nodes,
                                  Node first, Map<Node, Stage> cut, List<Stage> stages, int inputFrames, int mels) {
        int room = 4096;   // the nodes and value infos added are a few hundred bytes: the weights are copied once
        var graph = new Protobuf.Writer(graphField.valueTo() - graphField.valueFrom() + room);
        writeNodes(graph, nodes, first, cut);
        graph.message(GRAPH_INPUT, valueInfo(FRAMES_INPUT, 1, inputFrames, mels, 1));
        for (var s : stages) graph.message(GRAPH_INPUT, valueInfo(s.contextInput(), 1, s.channels(), s.contextRows(), s.width()));
        String unusedShape = first.inputs.get(1);
        for (var f : graphFields) {
            switch (f.number()) {
                case GRAPH_NODE, GRAPH_INPUT, GRAPH_VALUE_INFO -> { }
                case GRAPH_INITIALIZER -> { if (!tensorName(f).equals(unusedShape)) graph.copy(f); }
                case GRAPH_OUTPUT -> {
                    graph.copy(f);
                    for (var s : stages) graph.message(GRAPH_OUTPUT, valueInfo(s.newOutput(), 1, s.channels(), s.newRows(), s.width()));
                }
                default -> graph.copy(f);
            }
        }
        var model = new Protobuf.Writer(graphField.buf().length + room);
        for (var f : modelFields) {
            if (f == graphField) model.message(MODEL_GRAPH, graph);
            else model.copy(f);
        }
        return model.toByteArray();
    }

    /**
     * The chain's nodes: a transpose for the input's reshape, a concatenation with the context after each time pool,
     * and a transpose before the output's reshape; every other node as it was.
     */
    private static void writeNodes(Protobuf.Writer graph, List<Node> nodes, Node first, Map<Node, Stage> cut) {
        graph.message(GRAPH_NODE, node("wakegate_frames_as_image", "Transpose", List.of(FRAMES_INPUT), first.outputs.get(0),
                ints("perm", 0, 3, 1, 2)));
        Node last = nodes.get(nodes.size() - 1);
        for (Node n : nodes) {
            if (n == first) continue;
            if (n == last) {
                // [1, 96, steps, 1] in channel-major order: time first, so that the reshape gives one embedding per step
                graph.message(GRAPH_NODE, node("wakegate_steps_first", "Transpose", List.of(n.inputs.get(0)), "wakegate_steps_first",
                        ints("perm", 0, 2, 3, 1)));
                graph.message(GRAPH_NODE, renamedFirstInput(n, "wakegate_steps_first"));
                continue;
            }
            Stage stage = cut.get(n);
            if (stage == null) {
                graph.copy(n.field);
                continue;
            }
            graph.message(GRAPH_NODE, renamedOutput(n, stage.newOutput()));
            graph.message(GRAPH_NODE, node("wakegate_join_" + stage.contextInput(), "Concat", List.of(stage.contextInput(), stage.newOutput()),
                    n.outputs.get(0), integer("axis", 2)));
        }
    }

    private static Protobuf.Writer renamedOutput(Node n, String output) {
        var w = new Protobuf.Writer();
        for (var f : n.field.message()) {
            if (f.number() == NODE_OUTPUT) w.string(NODE_OUTPUT, output);
            else w.copy(f);
        }
        return w;
    }

    private static Protobuf.Writer renamedFirstInput(Node n, String input) {
        var w = new Protobuf.Writer();
        boolean renamed = false;
        for (var f : n.field.message()) {
            if (f.number() == NODE_INPUT && !renamed) {
                w.string(NODE_INPUT, input);
                renamed = true;
            } else {
                w.copy(f);
            }
        }
        return w;
    }

    private static Protobuf.Writer node(String name, String opType, List<String> inputs, String output, Protobuf.Writer attribute) {
        var w = new Protobuf.Writer();
        for (String in : inputs) w.string(NODE_INPUT, in);
        w.string(NODE_OUTPUT, output).string(NODE_NAME, name).string(NODE_OP_TYPE, opType).message(NODE_ATTRIBUTE, attribute);
        return w;
    }

    private static Protobuf.Writer ints(String name, long... values) {
        var w = new Protobuf.Writer().string(ATTR_NAME, name);
        for (long v : values) w.varint(ATTR_INTS, v);
        return w.varint(ATTR_TYPE, ATTR_TYPE_INTS);
    }

    private static Protobuf.Writer integer(String name, long value) {
        return new Protobuf.Writer().string(ATTR_NAME, name).varint(ATTR_I, value).varint(ATTR_TYPE, ATTR_TYPE_INT);
    }

    private static Protobuf.Writer valueInfo(String name, long... dims) {
        var shape = new Protobuf.Writer();
        for (long d : dims) shape.message(SHAPE_DIM, new Protobuf.Writer().varint(DIM_VALUE, d));
        var tensor = new Protobuf.Writer().varint(TENSOR_ELEM_TYPE, FLOAT).message(TENSOR_SHAPE, shape);
        return new Protobuf.Writer().string(VALUE_NAME, name).message(VALUE_TYPE, new Protobuf.Writer().message(TYPE_TENSOR, tensor));
    }

    private static Node node(Protobuf.Field field) {
        var inputs = new ArrayList<String>();
        var outputs = new ArrayList<String>();
        var attributes = new HashMap<String, long[]>();
        String opType = "";
        for (var f : field.message()) {
            switch (f.number()) {
                case NODE_INPUT -> inputs.add(f.string());
                case NODE_OUTPUT -> outputs.add(f.string());
                case NODE_OP_TYPE -> opType = f.string();
                case NODE_ATTRIBUTE -> attribute(f, attributes);
                default -> { }
            }
        }
        require(!outputs.isEmpty() && !inputs.isEmpty(), "a node without inputs or outputs");
        return new Node(inputs, outputs, opType, attributes, field);
    }

    private static void attribute(Protobuf.Field field, Map<String, long[]> into) {
        String name = null;
        var values = new ArrayList<Long>();
        for (var f : field.message()) {
            if (f.number() == ATTR_NAME) name = f.string();
            if (f.number() == ATTR_I) values.add(f.varint());
            if (f.number() == ATTR_INTS) for (long v : f.varints()) values.add(v);
        }
        if (name != null && !values.isEmpty()) into.put(name, values.stream().mapToLong(Long::longValue).toArray());
    }

    private static String tensorName(Protobuf.Field tensor) {
        for (var f : tensor.message()) if (f.number() == TENSOR_NAME) return f.string();
        return "";
    }

    private static long[] tensorDims(Protobuf.Field tensor) {
        var dims = new ArrayList<Long>();
        for (var f : tensor.message()) if (f.number() == TENSOR_DIMS) for (long v : f.varints()) dims.add(v);
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static String valueName(Protobuf.Field value) {
        for (var f : value.message()) if (f.number() == VALUE_NAME) return f.string();
        throw new IllegalArgumentException("a graph input or output without a name");
    }

    private static Protobuf.Field only(List<Protobuf.Field> fields, int number) {
        var found = fields.stream().filter(f -> f.number() == number).toList();
        require(found.size() == 1, "expected one field " + number + ", found " + found.size());
        return found.get(0);
    }

    private static boolean ones(long[] values) {
        if (values == null) return true;
        for (long v : values) if (v != 1) return false;
        return true;
    }

    private static boolean zeros(long[] values) {
        for (long v : values) if (v != 0) return false;
        return true;
    }

    private static void require(boolean condition, String what) {
        if (!condition) throw new IllegalArgumentException(what);
    }
}
