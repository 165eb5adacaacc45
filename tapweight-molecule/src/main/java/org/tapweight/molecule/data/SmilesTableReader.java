package org.tapweight.molecule.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.data.TextInput;

/**
 * Reads a comma-separated SMILES table ({@code .csv} or {@code .csv.gz}) with a header, with a real
 * CSV parser (SIDER's headers are quoted and contain commas). The label columns are those
 * {@link TableColumns} names (by default every column but the SMILES column); an empty field is a
 * missing label. Anything else that is not a number is an error naming
 * the file, line and column. The file is opened by {@link TextInput} (gzip, strict UTF-8, no
 * byte-order mark); a truncated gzip file or an unclosed quote is an error naming the file and line.
 */
public final class SmilesTableReader {

    private SmilesTableReader() {
    }

    public static LabelledSmiles read(Path file, String smilesColumn) {
        return read(file, TableColumns.allLabels(smilesColumn));
    }

    /** Reads the SMILES and the label columns {@code columns} names; other columns are not read. */
    public static LabelledSmiles read(Path file, TableColumns columns) {
        try (Reader reader = TextInput.open(file)) {
            return read(file, reader, columns);
        } catch (IOException e) {
            throw TextInput.failure(file, 1, e);
        }
    }

    private static LabelledSmiles read(Path file, Reader reader, TableColumns columns) throws IOException {
        String source = file.toString();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(false)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).get();
        CSVParser parser;
        try {
            parser = CSVParser.parse(reader, format);
        } catch (IOException e) {
            throw failure(file, 1, e);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().split("\\. If this is valid")[0];
            throw new ConfigurationException(source + ", line 1: the header cannot be read: " + why, e);
        }
        try (parser) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new ConfigurationException(source + ": the file is empty (a header line naming the columns is needed)");
            }
            List<String> labelNames = columns.labelColumns(source, header);
            int smilesIndex = header.indexOf(columns.smiles());
            int[] labelIndex = labelNames.stream().mapToInt(header::indexOf).toArray();
            List<LabelledSmiles.Row> rows = new ArrayList<>();
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                CSVRecord record;
                long start = parser.getCurrentLineNumber() + 1;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw failure(file, start, e.getCause());
                }
                rows.add(row(source, header, smilesIndex, labelIndex, record));
            }
            return new LabelledSmiles(source, columns.smiles(), List.copyOf(labelNames), List.copyOf(rows));
        }
    }

    /**
     * A malformed CSV (e.g. an unclosed quote, which runs to the end of the file) is named with the
     * line its record starts on; a decoding or gzip error is named by {@link TextInput#failure}.
     */
    private static ConfigurationException failure(Path file, long line, IOException e) {
        if (e instanceof CSVException) {
            return new ConfigurationException(file + ", line " + line + ": malformed CSV: " + e.getMessage()
                    + " (a field that starts with a quote \" must end with one before the next comma or line end)", e);
        }
        return TextInput.failure(file, line, e);
    }

    private static LabelledSmiles.Row row(String source, List<String> header, int smilesIndex, int[] labelIndex,
                                          CSVRecord record) {
        long line = record.getRecordNumber() + 1;
        if (record.size() != header.size()) {
            throw new ConfigurationException(source + ", line " + line + ": " + record.size() + " fields, the header has "
                    + header.size());
        }
        double[] labels = new double[labelIndex.length];
        for (int k = 0; k < labelIndex.length; k++) {
            labels[k] = parseLabel(source, line, header.get(labelIndex[k]), record.get(labelIndex[k]));
        }
        return new LabelledSmiles.Row(line, record.get(smilesIndex).trim(), labels);
    }

    private static double parseLabel(String source, long line, String column, String field) {
        String f = field.trim();
        if (f.isEmpty()) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(f);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(source + ", line " + line + ", field '" + column + "': '" + field
                    + "' is not a number (an empty field marks a missing label)");
        }
    }

    /**
     * One column's values by line number (the header is line 1), e.g. a user's split column; a
     * missing column is an error naming the file and the columns.
     */
    public static java.util.Map<Long, String> column(Path file, String column) {
        try (Reader reader = TextInput.open(file);
             CSVParser parser = CSVParser.parse(reader, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<String> header = parser.getHeaderNames();
            int index = header.indexOf(column);
            if (index < 0) {
                String near = org.tapweight.core.config.ConfigErrors.nearest(column, header);
                throw new ConfigurationException(file + ", line 1: the header has no column '" + column + "'"
                        + (near == null ? "" : " (did you mean '" + near + "'?)") + "; columns: " + header);
            }
            java.util.Map<Long, String> values = new java.util.LinkedHashMap<>();
            for (CSVRecord r : parser) {
                values.put(r.getRecordNumber() + 1, index < r.size() ? r.get(index).trim() : "");
            }
            return values;
        } catch (IOException | UncheckedIOException e) {
            throw TextInput.failure(file, 1, e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }
}
