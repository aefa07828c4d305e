package io.auteur.studio.director;

import io.auteur.media.Clip;
import io.auteur.studio.director.FilmPlan.ScenePlan;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
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
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A storyboard: each shot's key frame with its number, length, continuity and script line, grouped by scene. As a
 * PNG contact sheet (rows of {@value #COLUMNS} shots under each scene heading) or as one self-contained HTML page
 * with the frames inline.
 */
public final class Storyboard {
    static final int COLUMNS = 4;
    private static final int CELL = 200, PAD = 12, TEXT_LINES = 3, LINE = 15, HEADER = 28;

    private Storyboard() {}

    /** Writes {@code file} as PNG or HTML by its extension; {@code keyFrames} are one frame per shot, in order. */
    public static void write(FilmPlan plan, List<Clip> keyFrames, Path file) {
        if (keyFrames.size() != plan.shots().size()) {
            throw new IllegalArgumentException(plan.shots().size() + " shots but " + keyFrames.size() + " key frames");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (name.endsWith(".png")) {
                ImageIO.write(sheet(plan, keyFrames), "png", file.toFile());
            } else if (name.endsWith(".html") || name.endsWith(".htm")) {
                Files.writeString(file, html(plan, keyFrames), StandardCharsets.UTF_8);
            } else {
                throw new IllegalArgumentException("a storyboard is written as .png or .html, not " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the storyboard: " + e.getMessage(), e);
        }
    }

    static BufferedImage sheet(FilmPlan plan, List<Clip> keyFrames) {
        int frameHeight = (int) Math.round(CELL * (double) keyFrames.getFirst().height() / keyFrames.getFirst().width());
        int cellHeight = frameHeight + LINE * (TEXT_LINES + 1) + PAD;
        int rows = 0;
        for (ScenePlan scene : plan.scenes()) {
            rows += (scene.shotCount() + COLUMNS - 1) / COLUMNS;
        }
        int width = PAD + COLUMNS * (CELL + PAD);
        int height = PAD + HEADER + plan.scenes().size() * HEADER + rows * cellHeight + PAD;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(new Color(24, 24, 28));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(plan.title().isEmpty() ? plan.source() : plan.title(), PAD, PAD + 18);
            int y = PAD + HEADER;
            Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 12);
            for (ScenePlan scene : plan.scenes()) {
                g.setColor(new Color(255, 214, 102));
                g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 14));
                g.drawString(scene.number() + ". " + scene.heading(), PAD, y + 18);
                y += HEADER;
                for (int k = 0; k < scene.shotCount(); k++) {
                    int i = scene.firstShot() + k;
                    ShotPlan shot = plan.shots().get(i);
                    int x = PAD + (k % COLUMNS) * (CELL + PAD);
                    int top = y + (k / COLUMNS) * cellHeight;
                    g.drawImage(keyFrames.get(i).frameImage(0), x, top, CELL, frameHeight, null);
                    g.setColor(Color.WHITE);
                    g.setFont(bold);
                    g.drawString(label(shot, plan.fps()), x, top + frameHeight + LINE);
                    g.setColor(new Color(210, 210, 210));
                    g.setFont(small);
                    List<String> lines = wrap(shot.scriptLine(), g.getFontMetrics(), CELL, TEXT_LINES);
                    for (int l = 0; l < lines.size(); l++) {
                        g.drawString(lines.get(l), x, top + frameHeight + LINE * (l + 2));
                    }
                }
                y += ((scene.shotCount() + COLUMNS - 1) / COLUMNS) * cellHeight;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static String label(ShotPlan shot, double fps) {
        return String.format(Locale.ROOT, "%d  %.1fs  %s%s", shot.number(), shot.frames() / fps,
                shot.continuity() == Continuity.CONTINUOUS ? "CONTINUOUS" : "CUT",
                shot.blockout().camera().move().name().equals("STATIC") ? ""
                        : "  " + shot.blockout().camera().move().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    /** Greedy word wrap to {@code maxLines} lines of at most {@code width} pixels, ending in "..." when cut. */
    static List<String> wrap(String text, FontMetrics metrics, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String[] words = text.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String candidate = line.isEmpty() ? words[i] : line + " " + words[i];
            if (metrics.stringWidth(candidate) <= width || line.isEmpty()) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            lines.add(line.toString());
            line.setLength(0);
            line.append(words[i]);
            if (lines.size() == maxLines) {
                String last = lines.removeLast();
                lines.add(last + "...");
                return lines;
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    static String html(FilmPlan plan, List<Clip> keyFrames) throws IOException {
        String title = escape(plan.title().isEmpty() ? plan.source() : plan.title());
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(title)
                .append(" - storyboard</title>\n<style>\n")
                .append("body{font-family:sans-serif;background:#18181c;color:#eee;margin:2em}")
                .append("h2{font-family:monospace;color:#ffd666}")
                .append(".shots{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:16px}")
                .append("figure{margin:0}img{width:100%;image-rendering:pixelated;border-radius:4px}")
                .append("figcaption .meta{font-weight:bold}figcaption .line{color:#ccc}")
                .append("\n</style>\n</head>\n<body>\n<h1>").append(title).append("</h1>\n");
        for (ScenePlan scene : plan.scenes()) {
            page.append("<section class=\"scene\">\n<h2>").append(scene.number()).append(". ")
                    .append(escape(scene.heading())).append("</h2>\n<div class=\"shots\">\n");
            for (int i = scene.firstShot(); i < scene.firstShot() + scene.shotCount(); i++) {
                ShotPlan shot = plan.shots().get(i);
                page.append("<figure class=\"shot\" id=\"shot-").append(shot.number()).append("\">")
                        .append("<img alt=\"shot ").append(shot.number()).append(" key frame\" src=\"data:image/png;base64,")
                        .append(png(keyFrames.get(i))).append("\">")
                        .append("<figcaption><div class=\"meta\">").append(escape(label(shot, plan.fps())))
                        .append("</div><div class=\"line\">").append(escape(shot.scriptLine()))
                        .append("</div><div class=\"source\">line ").append(shot.sourceLine())
                        .append("</div></figcaption></figure>\n");
            }
            page.append("</div>\n</section>\n");
        }
        return page.append("</body>\n</html>\n").toString();
    }

    private static String png(Clip frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(frame.frameImage(0), "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
