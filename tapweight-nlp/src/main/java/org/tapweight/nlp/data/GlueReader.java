package org.tapweight.nlp.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.data.TextInput;

/**
 * Reads a GLUE file with quoting off: fields are split on tabs only (a field may start with
 * {@code "}). The file is read through {@link TextInput} (strict UTF-8, {@code .gz}, byte-order mark
 * dropped, CRLF endings). A row with the wrong number of fields, an
 * empty text or a label that does not parse is an error naming the file, line and field.
 */
public final class GlueReader {

    private GlueReader() {
    }

    /** One labelled example; {@code second} is null for single-sentence tasks; {@code index} is the RTE/WNLI index or -1. */
    public record Example(String first, String second, double label, int index, String file, int line) {
    }

    public static List<Example> read(Path file, GlueDataset d, boolean header) {
        List<String> lines = TextInput.readLines(file);
        List<Example> out = new ArrayList<>();
        int needed = d.fields();
        for (int i = header ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() && i == lines.size() - 1) {
                continue;
            }
            int lineNo = i + 1;
            String[] f = line.split("\t", -1);
            if (f.length != needed) {
                throw new ConfigurationException(file + ", line " + lineNo + ": " + f.length + " tab-separated fields, expected "
                        + needed + " (a stray or missing tab?)");
            }
            String first = text(f, d.firstColumn(), file, lineNo);
            String second = d.secondColumn() < 0 ? null : text(f, d.secondColumn(), file, lineNo);
            double label = label(f[d.labelColumn()].trim(), d, file, lineNo);
            int index = -1;
            if (d == GlueDataset.RTE || d == GlueDataset.WNLI) {
                try {
                    index = Integer.parseInt(f[0].trim());
                } catch (NumberFormatException e) {
                    throw new ConfigurationException(file + ", line " + lineNo + ", field 1 (index): not an integer: '" + f[0] + "'");
                }
            }
            out.add(new Example(first, second, label, index, file.getFileName().toString(), lineNo));
        }
        return out;
    }

    private static String text(String[] f, int column, Path file, int line) {
        String s = f[column].strip();
        if (s.isEmpty()) {
            throw new ConfigurationException(file + ", line " + line + ", field " + (column + 1) + ": empty text");
        }
        return s;
    }

    private static double label(String s, GlueDataset d, Path file, int line) {
        String where = file + ", line " + line + ", field " + (d.labelColumn() + 1) + " (label): ";
        switch (d.label()) {
            case BINARY -> {
                if (s.equals("0") || s.equals("1")) {
                    return Integer.parseInt(s);
                }
                throw new ConfigurationException(where + "expected 0 or 1, got '" + s + "'");
            }
            case ENTAILMENT -> {
                if (s.equals("entailment")) {
                    return 1;
                }
                if (s.equals("not_entailment")) {
                    return 0;
                }
                throw new ConfigurationException(where + "expected entailment or not_entailment, got '" + s + "'");
            }
            default -> {
                try {
                    double v = Double.parseDouble(s);
                    if (!(v >= 0 && v <= 5)) {
                        throw new NumberFormatException();
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw new ConfigurationException(where + "expected a similarity score from 0 to 5, got '" + s + "'");
                }
            }
        }
    }
}
