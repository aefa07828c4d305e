package io.auteur.provenance.c2pa;

import io.auteur.media.Clip;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Explicit labelling: a visible text label (e.g. "AI-generated") burned into a corner of every frame, to be
 * recorded in the manifest with {@link #action()}. The label is drawn once into an overlay and alpha-blended, so
 * its cost is one pass over the label's pixels per frame.
 *
 * @param text   the label, e.g. "AI-generated"
 * @param corner where it goes
 */
public record VisibleLabel(String text, Corner corner) {
    public enum Corner {
        TOP_LEFT("top-left"), TOP_RIGHT("top-right"), BOTTOM_LEFT("bottom-left"), BOTTOM_RIGHT("bottom-right");

        private final String label;

        Corner(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public VisibleLabel {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(corner, "corner");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a visible label needs text");
        }
    }

    public static VisibleLabel aiGenerated() {
        return new VisibleLabel("AI-generated", Corner.BOTTOM_RIGHT);
    }

    /** The action that records this label in the manifest. */
    public Action action() {
        return Action.visibleLabel(text, corner.label());
    }

    /** A copy of {@code clip} with the label burned into every frame. */
    public Clip burnInto(Clip clip) {
        int width = clip.width();
        int height = clip.height();
        // Text height about 1/18 of the frame, at least 8 px; a dark box behind white text, both translucent.
        int fontSize = Math.max(8, height / 18);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, fontSize);
        Graphics2D measure = probe.createGraphics();
        FontMetrics metrics = measure.getFontMetrics(font);
        measure.dispose();
        int padding = Math.max(2, fontSize / 4);
        int boxWidth = Math.min(width, metrics.stringWidth(text) + 2 * padding);
        int boxHeight = Math.min(height, metrics.getHeight() + padding);
        BufferedImage overlay = new BufferedImage(boxWidth, boxHeight, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = overlay.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0, 0, 0, 150));
        g.fillRect(0, 0, boxWidth, boxHeight);
        g.setFont(font);
        g.setColor(new Color(255, 255, 255, 235));
        g.drawString(text, padding, padding / 2 + metrics.getAscent());
        g.dispose();

        int margin = Math.max(0, Math.min(width - boxWidth, height - boxHeight) > 0 ? Math.max(2, height / 60) : 0);
        int left = switch (corner) {
            case TOP_LEFT, BOTTOM_LEFT -> Math.min(margin, width - boxWidth);
            case TOP_RIGHT, BOTTOM_RIGHT -> Math.max(0, width - boxWidth - margin);
        };
        int top = switch (corner) {
            case TOP_LEFT, TOP_RIGHT -> Math.min(margin, height - boxHeight);
            case BOTTOM_LEFT, BOTTOM_RIGHT -> Math.max(0, height - boxHeight - margin);
        };
        List<byte[]> frames = new ArrayList<>(clip.frameCount());
        for (int f = 0; f < clip.frameCount(); f++) {
            byte[] rgb = clip.frameRgb(f);
            for (int y = 0; y < boxHeight; y++) {
                for (int x = 0; x < boxWidth; x++) {
                    int argb = overlay.getRGB(x, y);
                    int alpha = argb >>> 24;
                    if (alpha == 0) {
                        continue;
                    }
                    int at = ((top + y) * width + left + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        int src = (argb >> (16 - 8 * c)) & 0xFF;
                        int dst = rgb[at + c] & 0xFF;
                        rgb[at + c] = (byte) ((src * alpha + dst * (255 - alpha) + 127) / 255);
                    }
                }
            }
            frames.add(rgb);
        }
        return Clip.of(frames, width, height, clip.fps());
    }
}
