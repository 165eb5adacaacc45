package org.tapweight.molecule.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.tapweight.api.plugin.ConfigurationException;

/**
 * Reads a comma-separated SMILES table ({@code .csv} or {@code .csv.gz}) with a header, with a real
 * CSV parser (SIDER's headers are quoted and contain commas). Every column but the SMILES column is
 * a label; an empty field is a missing label. Anything else that is not a number is an error naming
 * the file, line and column.
 */
public final class SmilesTableReader {

    private SmilesTableReader() {
    }

    /**
     * Drops a leading UTF-8 byte-order mark, which spreadsheet programs write and which would otherwise
     * become part of the first column's name ("no column 'smiles'" with the mark invisible in the list).
     */
    static Reader skipByteOrderMark(Reader input) throws IOException {
        Reader reader = input.markSupported() ? input : new BufferedReader(input);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    public static LabelledSmiles read(Path file, String smilesColumn) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return read(file.toString(), reader, smilesColumn);
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static LabelledSmiles read(String source, Reader input, String smilesColumn) throws IOException {
        Reader reader = skipByteOrderMark(input);
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(false).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            int smilesIndex = header.indexOf(smilesColumn);
            if (smilesIndex < 0) {
                throw new ConfigurationException(source + ", line 1: the header has no column '" + smilesColumn
                        + "'; columns: " + header);
            }
            List<String> labelNames = new ArrayList<>(header);
            labelNames.remove(smilesIndex);
            List<LabelledSmiles.Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                long line = record.getRecordNumber() + 1;
                if (record.size() != header.size()) {
                    throw new ConfigurationException(source + ", line " + line + ": " + record.size() + " fields, the header has "
                            + header.size());
                }
                String smiles = record.get(smilesIndex).trim();
                double[] labels = new double[labelNames.size()];
                int k = 0;
                for (int c = 0; c < header.size(); c++) {
                    if (c == smilesIndex) {
                        continue;
                    }
                    labels[k++] = parseLabel(source, line, header.get(c), record.get(c));
                }
                rows.add(new LabelledSmiles.Row(line, smiles, labels));
            }
            return new LabelledSmiles(source, List.copyOf(labelNames), List.copyOf(rows));
        }
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
}
