package org.tapweight.nlp.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tapweight.core.record.AtomicFiles;

/**
 * A WordPiece vocabulary: the five special tokens at ids 0 to 4, then the alphabet and the merged
 * pieces. It is stored as a HuggingFace {@code tokenizer.json} (BERT normaliser and pre-tokeniser,
 * WordPiece model, {@code [CLS] A [SEP]} / {@code [CLS] A [SEP] B [SEP]} templates), which
 * {@link TextTokenizer} loads.
 */
public final class Vocabulary {

    public static final String PAD = "[PAD]";
    public static final String UNK = "[UNK]";
    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String MASK = "[MASK]";
    public static final List<String> SPECIAL_TOKENS = List.of(PAD, UNK, CLS, SEP, MASK);
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;
    public static final int CLS_ID = 2;
    public static final int SEP_ID = 3;
    public static final int MASK_ID = 4;
    /** Marks a piece that continues a word. */
    public static final String CONTINUATION = "##";

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final SpecialTokens specials;

    /**
     * A vocabulary holding the five special tokens anywhere: at ids 0 to 4 in the ones this project
     * trains, elsewhere in a pretrained BERT vocabulary (see {@link #specials()}).
     */
    public Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + tokens.get(i) + "' occurs twice in the vocabulary");
            }
        }
        for (String s : SPECIAL_TOKENS) {
            if (!ids.containsKey(s)) {
                throw new IllegalArgumentException("the vocabulary has no " + s + " token; it needs " + SPECIAL_TOKENS);
            }
        }
        this.specials = new SpecialTokens(ids.get(PAD), ids.get(UNK), ids.get(CLS), ids.get(SEP), ids.get(MASK));
    }

    /** Where this vocabulary holds its special tokens. */
    public SpecialTokens specials() {
        return specials;
    }

    public int size() {
        return tokens.size();
    }

    public List<String> tokens() {
        return tokens;
    }

    public String token(int id) {
        return tokens.get(id);
    }

    /** The id of a token, or the unknown token's. */
    public int id(String token) {
        return ids.getOrDefault(token, specials.unk());
    }

    public boolean isSpecial(int id) {
        return specials.contains(id);
    }

    /** Writes the vocabulary as a HuggingFace {@code tokenizer.json}, atomically. */
    public void write(Path file) throws IOException {
        if (!specials.equals(SpecialTokens.PROJECT)) {
            throw new IllegalStateException("only vocabularies with the special tokens at ids 0 to 4 are written here");
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
            ObjectNode t = added.addObject();
            t.put("id", i).put("content", SPECIAL_TOKENS.get(i)).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putObject("normalizer").put("type", "BertNormalizer").put("clean_text", true)
                .put("handle_chinese_chars", true).put("strip_accents", true).put("lowercase", true);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, CLS, 0);
        sequence(single, "A", 0);
        special(single, SEP, 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, CLS, 0);
        sequence(pair, "A", 0);
        special(pair, SEP, 0);
        sequence(pair, "B", 1);
        special(pair, SEP, 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : List.of(CLS, SEP)) {
            ObjectNode t = specials.putObject(s);
            t.put("id", s);
            t.putArray("ids").add(ids.get(s));
            t.putArray("tokens").add(s);
        }
        root.putObject("decoder").put("type", "WordPiece").put("prefix", CONTINUATION).put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", UNK).put("continuing_subword_prefix", CONTINUATION)
                .put("max_input_chars_per_word", 100);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < tokens.size(); i++) {
            vocab.put(tokens.get(i), i);
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        AtomicFiles.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    private static void special(ArrayNode template, String token, int typeId) {
        template.addObject().putObject("SpecialToken").put("id", token).put("type_id", typeId);
    }

    private static void sequence(ArrayNode template, String id, int typeId) {
        template.addObject().putObject("Sequence").put("id", id).put("type_id", typeId);
    }

    /** Reads the vocabulary of a {@code tokenizer.json} written by {@link #write}. */
    public static Vocabulary read(Path file) throws IOException {
        JsonNode vocab = new ObjectMapper().readTree(file.toFile()).path("model").path("vocab");
        if (!vocab.isObject() || vocab.size() == 0) {
            throw new IOException(file + ": no model.vocab object; not a WordPiece tokenizer.json");
        }
        String[] byId = new String[vocab.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt(-1);
            if (id < 0 || id >= byId.length || byId[id] != null) {
                throw new IOException(file + ": model.vocab entry '" + e.getKey() + "' has a bad or repeated id " + e.getValue());
            }
            byId[id] = e.getKey();
        }
        return new Vocabulary(new ArrayList<>(List.of(byId)));
    }
}
