package org.tapweight.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.tapweight.core.record.AtomicFiles;

/**
 * A bench's report as one self-contained HTML file, {@code results.html}, to show colleagues: the
 * Markdown report (tables and text) rendered with commonmark, then every plot of the bench folder
 * embedded as an image (no file beside it needed).
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static void write(Path benchDir, String title, String markdown) throws IOException {
        write(benchDir, "results.html", title, markdown);
    }

    /** Writes {@code dir/fileName}: the Markdown rendered, then every {@code dir/plots/*.png} embedded. */
    static void write(Path benchDir, String fileName, String title, String markdown) throws IOException {
        List<org.commonmark.Extension> extensions = List.of(TablesExtension.create());
        Parser parser = Parser.builder().extensions(extensions).build();
        String body = HtmlRenderer.builder().extensions(extensions).escapeHtml(true).build().render(parser.parse(markdown));
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;font-size:90%}"
                        + "th{background:#eee}img{max-width:100%;margin:0.5em 0}</style></head>\n<body>\n<h1>")
                .append(escape(title)).append("</h1>\n").append(body);
        Path plots = benchDir.resolve("plots");
        if (Files.isDirectory(plots)) {
            List<Path> images;
            try (Stream<Path> files = Files.list(plots)) {
                images = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
            }
            if (!images.isEmpty()) {
                html.append("<h2>Plots</h2>\n");
                for (Path image : images) {
                    String name = image.getFileName().toString();
                    html.append("<h3>").append(escape(name)).append("</h3>\n<img alt=\"").append(escape(name))
                            .append("\" src=\"data:image/png;base64,")
                            .append(Base64.getEncoder().encodeToString(Files.readAllBytes(image))).append("\">\n");
                }
            }
        }
        html.append("</body></html>\n");
        AtomicFiles.writeString(benchDir.resolve(fileName), html.toString());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
