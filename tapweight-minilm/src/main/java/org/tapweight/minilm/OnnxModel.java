package org.tapweight.minilm;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model file this project reads: the graph's nodes (name, operator, inputs,
 * outputs) and its initializers (name, shape, float32 data). Parsed by protobuf-java as dynamic
 * messages against a descriptor of the subset of {@code onnx.proto} used here (field numbers as in
 * the ONNX specification); every other field is kept as unknown and ignored. Initializers stored
 * outside the file ({@code data_location = EXTERNAL}) are refused with a clear error.
 */
public final class OnnxModel {

    /** A graph node. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    }

    /** An initializer: float32 values in row-major order. */
    public record Tensor(String name, long[] shape, float[] values) {
        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private static final int FLOAT = 1;
    private static final Descriptors.Descriptor MODEL = descriptors();

    private final List<Node> nodes;
    private final Map<String, Tensor> initializers;

    private OnnxModel(List<Node> nodes, Map<String, Tensor> initializers) {
        this.nodes = nodes;
        this.initializers = initializers;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Initializers by name, in file order. */
    public Map<String, Tensor> initializers() {
        return initializers;
    }

    /** Reads a model; {@code source} names it in errors. */
    public static OnnxModel read(InputStream in, String source) throws IOException {
        CodedInputStream coded = CodedInputStream.newInstance(in);
        coded.setSizeLimit(Integer.MAX_VALUE); // model files exceed protobuf's 64 MB default
        DynamicMessage model = DynamicMessage.parseFrom(MODEL, coded);
        DynamicMessage graph = (DynamicMessage) model.getField(field(MODEL, "graph"));
        Descriptors.Descriptor g = graph.getDescriptorForType();
        List<Node> nodes = new ArrayList<>();
        for (Object o : (List<?>) graph.getField(field(g, "node"))) {
            DynamicMessage n = (DynamicMessage) o;
            Descriptors.Descriptor d = n.getDescriptorForType();
            nodes.add(new Node((String) n.getField(field(d, "name")), (String) n.getField(field(d, "op_type")),
                    strings(n.getField(field(d, "input"))), strings(n.getField(field(d, "output")))));
        }
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        for (Object o : (List<?>) graph.getField(field(g, "initializer"))) {
            Tensor t = tensor((DynamicMessage) o, source);
            initializers.put(t.name(), t);
        }
        return new OnnxModel(List.copyOf(nodes), initializers);
    }

    private static Tensor tensor(DynamicMessage m, String source) {
        Descriptors.Descriptor d = m.getDescriptorForType();
        String name = (String) m.getField(field(d, "name"));
        int type = (Integer) m.getField(field(d, "data_type"));
        List<?> dims = (List<?>) m.getField(field(d, "dims"));
        long[] shape = new long[dims.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (Long) dims.get(i);
            n *= shape[i];
        }
        if (type != FLOAT) {
            // Only float32 tensors are weights here; others (shapes, indices) are skipped by the caller's mapping.
            return new Tensor(name, shape, null);
        }
        if (!((List<?>) m.getField(field(d, "external_data"))).isEmpty()) {
            throw new IllegalArgumentException(source + ": initializer '" + name + "' is stored outside the file; "
                    + "only models with inline weights are supported");
        }
        float[] values = new float[Math.toIntExact(n)];
        ByteString raw = (ByteString) m.getField(field(d, "raw_data"));
        List<?> floats = (List<?>) m.getField(field(d, "float_data"));
        if (!raw.isEmpty()) {
            if (raw.size() != 4L * n) {
                throw new IllegalArgumentException(source + ": initializer '" + name + "' has " + raw.size()
                        + " bytes of raw data for " + n + " floats");
            }
            raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else if (floats.size() == n) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (Float) floats.get(i);
            }
        } else {
            throw new IllegalArgumentException(source + ": initializer '" + name + "' holds " + floats.size()
                    + " floats for shape " + java.util.Arrays.toString(shape));
        }
        return new Tensor(name, shape, values);
    }

    private static List<String> strings(Object repeated) {
        List<String> out = new ArrayList<>();
        for (Object s : (List<?>) repeated) {
            out.add((String) s);
        }
        return List.copyOf(out);
    }

    private static Descriptors.FieldDescriptor field(Descriptors.Descriptor d, String name) {
        return d.findFieldByName(name);
    }

    /**
     * The model in {@code model} with {@code names} (intermediate tensors, float) added to its graph's
     * outputs, so that a runtime returns them too: for per-layer parity checks.
     */
    public static byte[] withOutputs(byte[] model, java.util.List<String> names) throws IOException {
        CodedInputStream coded = CodedInputStream.newInstance(model);
        coded.setSizeLimit(Integer.MAX_VALUE);
        DynamicMessage m = DynamicMessage.parseFrom(MODEL, coded);
        Descriptors.FieldDescriptor graphField = field(MODEL, "graph");
        DynamicMessage graph = (DynamicMessage) m.getField(graphField);
        Descriptors.FieldDescriptor outputField = field(graph.getDescriptorForType(), "output");
        Descriptors.Descriptor valueInfo = outputField.getMessageType();
        Descriptors.Descriptor type = valueInfo.findFieldByName("type").getMessageType();
        Descriptors.Descriptor tensorType = type.findFieldByName("tensor_type").getMessageType();
        DynamicMessage.Builder g = graph.toBuilder();
        for (String name : names) {
            DynamicMessage floatTensor = DynamicMessage.newBuilder(tensorType).setField(tensorType.findFieldByName("elem_type"), FLOAT)
                    .build();
            DynamicMessage t = DynamicMessage.newBuilder(type).setField(type.findFieldByName("tensor_type"), floatTensor).build();
            g.addRepeatedField(outputField, DynamicMessage.newBuilder(valueInfo).setField(valueInfo.findFieldByName("name"), name)
                    .setField(valueInfo.findFieldByName("type"), t).build());
        }
        return m.toBuilder().setField(graphField, g.build()).build().toByteArray();
    }

    /** ModelProto, GraphProto, NodeProto and TensorProto with the fields read here (onnx.proto field numbers). */
    private static Descriptors.Descriptor descriptors() {
        DescriptorProto tensor = DescriptorProto.newBuilder().setName("TensorProto")
                .addField(repeated("dims", 1, FieldDescriptorProto.Type.TYPE_INT64))
                .addField(optional("data_type", 2, FieldDescriptorProto.Type.TYPE_INT32))
                .addField(repeated("float_data", 4, FieldDescriptorProto.Type.TYPE_FLOAT))
                .addField(optional("name", 8, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(optional("raw_data", 9, FieldDescriptorProto.Type.TYPE_BYTES))
                .addField(repeated("external_data", 13, FieldDescriptorProto.Type.TYPE_BYTES)).build();
        DescriptorProto node = DescriptorProto.newBuilder().setName("NodeProto")
                .addField(repeated("input", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(repeated("output", 2, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(optional("name", 3, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(optional("op_type", 4, FieldDescriptorProto.Type.TYPE_STRING)).build();
        DescriptorProto tensorType = DescriptorProto.newBuilder().setName("TypeProtoTensor")
                .addField(optional("elem_type", 1, FieldDescriptorProto.Type.TYPE_INT32)).build();
        DescriptorProto type = DescriptorProto.newBuilder().setName("TypeProto")
                .addField(message("tensor_type", 1, ".onnx.TypeProtoTensor", false)).build();
        DescriptorProto valueInfo = DescriptorProto.newBuilder().setName("ValueInfoProto")
                .addField(optional("name", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(message("type", 2, ".onnx.TypeProto", false)).build();
        DescriptorProto graph = DescriptorProto.newBuilder().setName("GraphProto")
                .addField(message("node", 1, ".onnx.NodeProto", true))
                .addField(optional("name", 2, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(message("initializer", 5, ".onnx.TensorProto", true))
                .addField(message("output", 12, ".onnx.ValueInfoProto", true)).build();
        DescriptorProto model = DescriptorProto.newBuilder().setName("ModelProto")
                .addField(message("graph", 7, ".onnx.GraphProto", false)).build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("onnx-subset.proto").setPackage("onnx")
                .setSyntax("proto2").addMessageType(tensor).addMessageType(node).addMessageType(tensorType).addMessageType(type)
                .addMessageType(valueInfo).addMessageType(graph).addMessageType(model)
                .build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]).findMessageTypeByName("ModelProto");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto optional(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).build();
    }

    private static FieldDescriptorProto repeated(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).build();
    }

    private static FieldDescriptorProto message(String name, int number, String typeName, boolean repeatedField) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                .setTypeName(typeName).setLabel(repeatedField ? FieldDescriptorProto.Label.LABEL_REPEATED
                        : FieldDescriptorProto.Label.LABEL_OPTIONAL).build();
    }

}
