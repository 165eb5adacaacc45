package org.tapweight.minilm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names every float initializer of an exported BERT model by its BERT name. Embeddings, biases and
 * LayerNorms carry their names in the file ({@code encoder.layer.3.attention.self.key.bias}), but
 * the exporter left the weight matrices anonymous ({@code onnx::MatMul_787}); each is named by
 * following the graph: the MatMul node that reads it, and the named bias that the Add node after
 * it adds ({@code ...key.bias} makes it {@code ...key.weight}).
 */
final class BertNames {

    private BertNames() {
    }

    /** BERT name to tensor; an anonymous weight that cannot be placed is an error naming its MatMul node. */
    static Map<String, OnnxModel.Tensor> of(OnnxModel model, String source) {
        Map<String, OnnxModel.Tensor> init = model.initializers();
        Map<String, List<OnnxModel.Node>> consumers = new HashMap<>();
        for (OnnxModel.Node n : model.nodes()) {
            for (String in : n.inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        Map<String, OnnxModel.Tensor> named = new LinkedHashMap<>();
        for (OnnxModel.Tensor t : init.values()) {
            if (t.values() != null && t.name().endsWith(".bias") || t.name().endsWith(".weight")) {
                named.put(t.name(), t);
            }
        }
        for (OnnxModel.Node n : model.nodes()) {
            if (!n.opType().equals("MatMul") || n.inputs().size() != 2) {
                continue;
            }
            OnnxModel.Tensor w = init.get(n.inputs().get(1));
            if (w == null || w.values() == null || named.containsValue(w)) {
                continue;
            }
            String bias = null;
            for (OnnxModel.Node add : consumers.getOrDefault(n.outputs().get(0), List.of())) {
                if (add.opType().equals("Add")) {
                    for (String in : add.inputs()) {
                        if (init.containsKey(in) && in.endsWith(".bias")) {
                            bias = in;
                        }
                    }
                }
            }
            if (bias == null) {
                throw new IllegalArgumentException(source + ": the weight '" + w.name() + "' read by MatMul node '" + n.name()
                        + "' is not followed by an Add of a named bias, so its BERT name is unknown");
            }
            String name = bias.substring(0, bias.length() - ".bias".length()) + ".weight";
            if (named.put(name, w) != null) {
                throw new IllegalArgumentException(source + ": two weights map to '" + name + "'");
            }
        }
        return named;
    }
}
