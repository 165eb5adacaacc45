package org.tapweight.core.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.tapweight.api.plugin.ConfigurationException;
import org.tapweight.core.config.ConfigErrors;

/**
 * A user's table (molecules to score, texts): CSV (comma, RFC 4180 quoting) or TSV (tab), with a header line; read
 * through {@link TextInput} (strict UTF-8, {@code .gz}, byte-order mark dropped). Errors name the
 * file, line and column.
 *
 * @param rows every data row: its 1-based line (the header is line 1) and its fields
 */
public record DelimitedTable(Path file, List<String> header, List<Row> rows) {

    public record Row(long line, List<String> fields) {
    }

    /**
     * @param delimiter {@code auto} (tab for {@code .tsv}/{@code .tsv.gz}, else comma), {@code comma} or {@code tab}
     */
    public static DelimitedTable read(Path file, String delimiter) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(file + ": no such file");
        }
        char d = delimiter(file, delimiter);
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(d).setHeader().setSkipHeaderRecord(true)
                .setQuote(d == '\t' ? null : '"').get();
        try (Reader reader = TextInput.open(file); CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new ConfigurationException(file + ": the file is empty (a header line naming the columns is needed)");
            }
            List<Row> rows = new ArrayList<>();
            java.util.Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                long line = parser.getCurrentLineNumber() + 1; // where the next record starts (a quoted field may span lines)
                CSVRecord r;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    r = records.next();
                } catch (UncheckedIOException e) {
                    throw TextInput.failure(file, line, e.getCause());
                }
                if (r.size() != header.size()) {
                    throw new ConfigurationException(file + ", line " + line + ": " + r.size() + " fields, the header has " + header.size()
                            + (d == '\t' ? " (a stray or missing tab?)" : " (an unquoted comma in a text? quote the field)"));
                }
                rows.add(new Row(line, r.toList()));
            }
            return new DelimitedTable(file, List.copyOf(header), List.copyOf(rows));
        } catch (IOException e) {
            throw TextInput.failure(file, 1, e);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(file + ", line 1: the header cannot be read: " + e.getMessage(), e);
        }
    }

    private static char delimiter(Path file, String setting) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return switch (setting) {
            case "auto" -> name.endsWith(".tsv") || name.endsWith(".tsv.gz") ? '\t' : ',';
            case "comma" -> ',';
            case "tab" -> '\t';
            default -> throw new ConfigurationException("delimiter must be auto, comma or tab, got '" + setting + "'");
        };
    }

    /** The index of a column; a missing one is an error naming the file, the nearest name and every column. */
    public int column(String name, String role) {
        int i = header.indexOf(name);
        if (i < 0) {
            String near = ConfigErrors.nearest(name, header);
            throw new ConfigurationException(file + ", line 1: the header has no " + role + " column '" + name + "'"
                    + (near == null ? "" : " (did you mean '" + near + "'?)") + "; columns: " + header);
        }
        return i;
    }
}
