package io.auteur.studio.verify;

import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.media.Stills;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.ManifestSummary;
import io.auteur.provenance.c2pa.ReportFormat;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.forensics.ForensicScore;
import io.auteur.provenance.verify.Finding;
import io.auteur.provenance.verify.Verification;
import io.auteur.provenance.verify.Verdict;
import io.auteur.provenance.watermark.Detection;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * A verification as one self-contained HTML page: the verdict, thumbnails of the pictures, the ingredient graph of
 * the manifests, the watermark's per-bit confidence, every finding, and the forensics with their measured rates.
 */
public final class HtmlReport {
    private static final int THUMBNAILS = 4;
    private static final int THUMBNAIL_WIDTH = 240;
    private static final int GRAPH_DEPTH = 8;
    private static final int GRAPH_NODES = 64;

    private HtmlReport() {}

    /** Writes the page for {@code verification} to {@code out}, decoding thumbnails from the verified file. */
    public static void write(Verification verification, Path out, Limits limits) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(out, render(verification, thumbnails(verification.file(), limits)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write the report (" + e.getMessage() + ")", e);
        }
    }

    static String render(Verification v, List<String> thumbnails) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Verification of ")
                .append(escape(v.file().getFileName().toString())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}")
                .append(".verdict{padding:1em;border-radius:6px;font-size:1.2em;margin-bottom:1em}")
                .append(".good{background:#e3f4e1;border:2px solid #3a8a35}.warn{background:#fff5d6;border:2px solid #b58a00}")
                .append(".bad{background:#fbe3e1;border:2px solid #b3261e}.none{background:#eee;border:2px solid #777}")
                .append("table{border-collapse:collapse}td,th{padding:.2em .6em;text-align:left;vertical-align:top}")
                .append("pre{background:#f6f6f6;padding:.8em;overflow-x:auto}.PROBLEM{color:#b3261e}.WARNING{color:#8a6500}")
                .append("img{margin:.2em;border:1px solid #ccc}</style></head><body>\n");
        html.append("<h1>Verification of ").append(escape(v.file().getFileName().toString())).append("</h1>\n");
        html.append("<div class=\"verdict ").append(tone(v.verdict())).append("\" id=\"verdict\"><strong>")
                .append(escape(v.verdict().label())).append("</strong><br>").append(escape(v.headline())).append("</div>\n");

        html.append("<h2>Pictures</h2>\n");
        if (thumbnails.isEmpty()) {
            html.append("<p>The pictures could not be decoded.</p>\n");
        }
        for (String thumbnail : thumbnails) {
            html.append("<img class=\"thumbnail\" alt=\"frame\" src=\"data:image/jpeg;base64,").append(thumbnail).append("\">");
        }

        html.append("\n<h2>Content Credentials</h2>\n<p>").append(escape(v.source().label())).append("</p>\n");
        if (v.credentials().isPresent()) {
            ValidationReport report = v.credentials().get();
            html.append("<h3>Ingredient graph</h3>\n").append(ingredientGraph(v.file().getFileName().toString(), report));
            html.append("<h3>Manifest</h3>\n<pre>").append(escape(ReportFormat.text("manifest", report))).append("</pre>\n");
        }

        html.append("<h2>Watermark</h2>\n").append(v.watermark().map(HtmlReport::watermark)
                .orElse("<p>Not checked (see the findings).</p>\n"));
        html.append("<h2>Repository</h2>\n<p>").append(escape(v.repositoryEntry().map(e -> e.manifestLabel() + " in "
                + e.source() + ", recorded " + e.signedAt()).orElse("No entry."))).append("</p>\n");

        html.append("<h2>Evidence and checks</h2>\n<ul id=\"findings\">\n");
        for (Finding finding : v.findings()) {
            html.append("<li class=\"").append(finding.severity()).append("\">").append(escape(finding.message()))
                    .append(" <small>(").append(escape(finding.code())).append(")</small></li>\n");
        }
        html.append("</ul>\n<h2>Forensics</h2>\n<p><em>Supporting evidence only: the score never decides the verdict.</em></p>\n");
        if (v.forensics().isEmpty()) {
            html.append("<p>Not computed.</p>\n");
        } else {
            ForensicScore score = v.forensics().get();
            html.append("<p>").append(escape(score.summary())).append("</p>\n<p>Limits: ")
                    .append(escape(score.calibration().limits())).append("</p>\n");
        }
        html.append("<p><small>SHA-256 ").append(v.contentSha256()).append("</small></p>\n</body></html>\n");
        return html.toString();
    }

    private static String tone(Verdict verdict) {
        return switch (verdict) {
            case INTACT, RECOVERED -> "good";
            case WATERMARK_ONLY -> "warn";
            case TAMPERED, INVALID -> "bad";
            case NO_PROVENANCE -> "none";
        };
    }

    /** Per-bit confidence as 64 bars (0.5 = a coin toss, 1 = certain), with the decision's numbers. */
    private static String watermark(Detection d) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<p>%s; score %.1f against threshold %.1f (false-positive rate %.0e per "
                        + "video), p &le; %.2g, mean bit confidence %.3f over %d frames.</p>\n",
                d.found() ? "Found, payload <code>" + d.payload().hex() + "</code>" + (d.payloadIntact() ? "" : " (checksum failed)")
                        : "Not found", d.score(), d.threshold(), Detection.FALSE_POSITIVE_RATE, d.pValue(),
                d.meanConfidence(), d.framesAnalysed()));
        svg.append("<svg id=\"bit-confidence\" width=\"648\" height=\"110\" role=\"img\" aria-label=\"confidence of each payload bit\">");
        double[] confidence = d.bitConfidence();
        for (int i = 0; i < confidence.length; i++) {
            double height = Math.max(1, (confidence[i] - 0.5) * 2 * 100);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"8\" height=\"%.1f\" fill=\"%s\"/>",
                    4 + i * 10, 100 - height, height, confidence[i] > 0.9 ? "#3a8a35" : confidence[i] > 0.7 ? "#b58a00" : "#b3261e"));
        }
        svg.append("<line x1=\"0\" y1=\"100\" x2=\"648\" y2=\"100\" stroke=\"#444\"/></svg>\n");
        return svg.toString();
    }

    /** A node of the ingredient graph: a manifest or an ingredient without credentials. */
    private record Node(String title, String detail, int depth, int row, int parentRow) {}

    /** The asset, its active manifest, and each ingredient below it (recursing into ingredient manifests) as SVG. */
    static String ingredientGraph(String assetName, ValidationReport report) {
        List<Node> nodes = new ArrayList<>();
        ManifestSummary active = report.active();
        nodes.add(new Node(assetName, describe(active), 0, 0, -1));
        addIngredients(report, active, 1, 0, nodes, new HashSet<>(Set.of(active.label())));
        int width = 260, height = 46, gapX = 40, gapY = 14;
        int maxDepth = nodes.stream().mapToInt(Node::depth).max().orElse(0);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"ingredient-graph\" width=\"").append((maxDepth + 1) * (width + gapX)).append("\" height=\"")
                .append(nodes.size() * (height + gapY)).append("\" font-size=\"11\" role=\"img\" aria-label=\"ingredient graph\">");
        for (Node node : nodes) {
            int x = node.depth() * (width + gapX), y = node.row() * (height + gapY);
            if (node.parentRow() >= 0) {
                int px = (node.depth() - 1) * (width + gapX) + width, py = node.parentRow() * (height + gapY) + height / 2;
                svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d H%d V%d H%d\" fill=\"none\" stroke=\"#666\"/>",
                        px, py, px + gapX / 2, y + height / 2, x));
            }
            svg.append(String.format(Locale.ROOT, "<g class=\"node\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" "
                    + "fill=\"#f3f6fb\" stroke=\"#456\"/><text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>"
                    + "<text x=\"%d\" y=\"%d\">%s</text></g>", x, y, width, height, x + 6, y + 18,
                    escape(clip(node.title(), 40)), x + 6, y + 36, escape(clip(node.detail(), 44))));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void addIngredients(ValidationReport report, ManifestSummary manifest, int depth, int parentRow,
                                       List<Node> nodes, Set<String> visited) {
        if (depth > GRAPH_DEPTH) {
            return;
        }
        for (Map.Entry<String, Object> assertion : manifest.assertions()) {
            if (nodes.size() >= GRAPH_NODES) {
                return;
            }
            if (!assertion.getKey().startsWith("c2pa.ingredient") || !(assertion.getValue() instanceof Map<?, ?> ingredient)) {
                continue;
            }
            Optional<ManifestSummary> own = ingredientManifest(report, ingredient);
            String relationship = String.valueOf(ingredient.get("relationship"));
            String title = String.valueOf(ingredient.get("dc:title"));
            int row = nodes.size();
            nodes.add(new Node(title, relationship + ": " + own.map(HtmlReport::describe).orElse("no credentials of its own"),
                    depth, row, parentRow));
            if (own.isPresent() && visited.add(own.get().label())) {
                addIngredients(report, own.get(), depth + 1, row, nodes, visited);
            }
        }
    }

    private static Optional<ManifestSummary> ingredientManifest(ValidationReport report, Map<?, ?> ingredient) {
        Object reference = ingredient.containsKey("activeManifest") ? ingredient.get("activeManifest") : ingredient.get("c2pa_manifest");
        if (reference instanceof Map<?, ?> uri && uri.get("url") instanceof String url) {
            String label = url.substring(url.lastIndexOf('/') + 1);
            return report.manifests().stream().filter(m -> m.label().equals(label)).findFirst();
        }
        return Optional.empty();
    }

    private static String describe(ManifestSummary manifest) {
        return manifest.claimGenerator() + manifest.signer().map(s -> ", signed by " + s).orElse("");
    }

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "\u2026";
    }

    /** Up to four frames spread over the first seconds, as base64 JPEG; none when the pictures do not decode. */
    static List<String> thumbnails(Path file, Limits limits) {
        Clip clip;
        try {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            clip = name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") ? Stills.read(file, limits)
                    : Video.read(file, limits, 0, 120);
        } catch (MediaException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int count = Math.min(THUMBNAILS, clip.frameCount());
        for (int i = 0; i < count; i++) {
            int frame = count == 1 ? 0 : i * (clip.frameCount() - 1) / (count - 1);
            out.add(jpeg(clip.frameImage(frame)));
        }
        return out;
    }

    private static String jpeg(BufferedImage frame) {
        int width = Math.min(THUMBNAIL_WIDTH, frame.getWidth());
        int height = Math.max(1, frame.getHeight() * width / frame.getWidth());
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, 0, 0, width, height, null);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(small, "jpeg", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a thumbnail: " + e.getMessage(), e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
