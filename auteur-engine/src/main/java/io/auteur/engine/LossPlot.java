package io.auteur.engine;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Draws the loss curves of loss.csv (one panel per phase, log-scaled loss, a moving average) as a PNG. */
public final class LossPlot {
    private static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 300;

    private LossPlot() {}

    public static void write(Path csv, Path png) throws IOException {
        Map<String, List<double[]>> phases = new LinkedHashMap<>();
        for (String line : Files.readAllLines(csv)) {
            String[] parts = line.split(",");
            if (parts.length < 3 || parts[0].equals("phase")) {
                continue;
            }
            phases.computeIfAbsent(parts[0], k -> new ArrayList<>())
                    .add(new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2])});
        }
        int panels = Math.max(1, phases.size());
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * panels, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int panel = 0;
        for (Map.Entry<String, List<double[]>> phase : phases.entrySet()) {
            drawPanel(g, phase.getKey(), phase.getValue(), panel++ * PANEL_HEIGHT);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void drawPanel(Graphics2D g, String name, List<double[]> points, int top) {
        int left = 70, right = WIDTH - 20, bottom = top + PANEL_HEIGHT - 40, upper = top + 30;
        double minLog = Double.MAX_VALUE, maxLog = -Double.MAX_VALUE, maxStep = 1;
        for (double[] p : points) {
            double v = Math.log10(Math.max(p[1], 1e-8));
            minLog = Math.min(minLog, v);
            maxLog = Math.max(maxLog, v);
            maxStep = Math.max(maxStep, p[0]);
        }
        if (maxLog - minLog < 1e-6) {
            maxLog = minLog + 1;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(name + " loss (log scale), " + points.size() + " steps", left, top + 18);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, upper, left, bottom);
        g.drawString("%.3g".formatted(Math.pow(10, maxLog)), 5, upper + 5);
        g.drawString("%.3g".formatted(Math.pow(10, minLog)), 5, bottom);
        g.drawString("step " + (long) maxStep, right - 80, bottom + 18);
        double[] smooth = new double[points.size()];
        double average = Double.NaN;
        for (int i = 0; i < points.size(); i++) {
            double v = Math.log10(Math.max(points.get(i)[1], 1e-8));
            average = Double.isNaN(average) ? v : 0.95 * average + 0.05 * v;
            smooth[i] = average;
        }
        for (int pass = 0; pass < 2; pass++) {
            g.setColor(pass == 0 ? new Color(160, 190, 230) : new Color(20, 60, 160));
            g.setStroke(new BasicStroke(pass == 0 ? 1f : 2f));
            int px = -1, py = -1;
            for (int i = 0; i < points.size(); i++) {
                double v = pass == 0 ? Math.log10(Math.max(points.get(i)[1], 1e-8)) : smooth[i];
                int x = left + (int) ((right - left) * points.get(i)[0] / maxStep);
                int y = bottom - (int) ((bottom - upper) * (v - minLog) / (maxLog - minLog));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
        }
    }
}
