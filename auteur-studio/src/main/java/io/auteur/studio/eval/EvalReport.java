package io.auteur.studio.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.auteur.media.Clip;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * The evaluation's summary: per mode, the mean of every measure and the judge's prompt adherence per trusted
 * attribute; the physics comparison with previs; the targets, met or not. Written as eval.json, and as
 * eval.html with a contact sheet (generated frames beside the render of the same prompt).
 */
public record EvalReport(String model, int steps, double guidance, int prompts, int physicsPrompts,
                         Map<String, Double> judgeAccuracy, List<String> trustedAttributes,
                         Map<String, ModeSummary> modes, Map<String, Map<String, Double>> adherence,
                         List<Target> targets, List<Evaluation.Sample> samples) {

    /** Means over the finite values of each measure, with how many there were. */
    public record ModeSummary(int count, double meanSeconds, Map<String, Double> means, Map<String, Integer> measured) {}

    /** One of the targets for the bundled model. */
    public record Target(String name, String comparison, double goal, double measured, boolean met) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int[] SHOWN_FRAMES = {0, 5, 10, 15};
    private static final int THUMB = 96;

    static EvalReport of(String model, Evaluation.Options options, int prompts, int physicsPrompts,
                         Map<String, Double> judgeAccuracy, Set<String> trusted, List<Evaluation.Sample> samples) {
        Map<String, ModeSummary> modes = new LinkedHashMap<>();
        Map<String, Map<String, Double>> adherence = new LinkedHashMap<>();
        for (String mode : Evaluation.MODES) {
            List<Evaluation.Sample> ofMode = samples.stream().filter(s -> s.mode().equals(mode)).toList();
            if (ofMode.isEmpty()) {
                continue;
            }
            Map<String, Double> sums = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Evaluation.Sample s : ofMode) {
                s.metrics().forEach((k, v) -> {
                    if (Double.isFinite(v)) {
                        sums.merge(k, v, Double::sum);
                        counts.merge(k, 1, Integer::sum);
                    }
                });
            }
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((k, v) -> means.put(k, v / counts.get(k)));
            modes.put(mode, new ModeSummary(ofMode.size(),
                    ofMode.stream().mapToLong(Evaluation.Sample::millis).average().orElse(0) / 1000, means, counts));
            Map<String, Double> accuracy = new LinkedHashMap<>();
            for (String attribute : new TreeSet<>(trusted)) {
                // Direction only means something for motions that have one.
                List<Evaluation.Sample> judged = ofMode.stream().filter(s -> s.judged().containsKey(attribute))
                        .filter(s -> !attribute.equals("direction") || !"none".equals(s.truth().get("direction")))
                        .toList();
                if (!judged.isEmpty()) {
                    accuracy.put(attribute, judged.stream()
                            .filter(s -> s.judged().get(attribute).equals(s.truth().get(attribute))).count()
                            / (double) judged.size());
                }
            }
            if (!accuracy.isEmpty()) {
                adherence.put(mode, accuracy);
            }
        }
        List<Target> targets = new ArrayList<>();
        Map<String, Double> text = adherence.getOrDefault("text", Map.of());
        for (String[] t : new String[][] {{"colour", "0.90"}, {"shape", "0.80"}, {"direction", "0.80"}, {"camera", "0.80"}}) {
            double measured = text.getOrDefault(t[0], Double.NaN);
            targets.add(target("text-to-video " + t[0] + " adherence (judge)", ">=", Double.parseDouble(t[1]), measured));
        }
        targets.add(target("temporal flicker (text)", ">=", 0.97, mean(modes, "text", "temporalFlicker")));
        targets.add(target("image-to-video first-frame PSNR, dB", ">=", 28, mean(modes, "image", "firstFramePsnrDb")));
        targets.add(target("in-painting PSNR outside the mask, dB", ">=", 32, mean(modes, "inpaint", "outsideMaskPsnrDb")));
        targets.add(target("edge F1 against the control", ">=", 0.6, mean(modes, "control", "edgeF1")));
        return new EvalReport(model, options.steps(), options.guidance(), prompts, physicsPrompts, judgeAccuracy,
                List.copyOf(new TreeSet<>(trusted)), modes, adherence, targets, samples);
    }

    private static double mean(Map<String, ModeSummary> modes, String mode, String metric) {
        ModeSummary summary = modes.get(mode);
        return summary == null ? Double.NaN : summary.means().getOrDefault(metric, Double.NaN);
    }

    private static Target target(String name, String comparison, double goal, double measured) {
        return new Target(name, comparison, goal, measured, Double.isFinite(measured) && measured >= goal);
    }

    /** The targets, one line each, and the time per clip in each mode, for a terminal. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        for (Target t : targets) {
            text.append(String.format(Locale.ROOT, "%-7s %-45s %8s (goal %s %s)%n", t.met() ? "met" : "MISSED", t.name(),
                    format(t.measured()), t.comparison(), format(t.goal())));
        }
        modes.forEach((mode, s) -> text.append(String.format(Locale.ROOT, "%-8s %4d clips, %.2f s each%n", mode,
                s.count(), s.meanSeconds())));
        return text.toString();
    }

    /** The results as a model-card section (Markdown), starting with its heading {@link #CARD_HEADING}. */
    public String cardSection() {
        StringBuilder text = new StringBuilder(CARD_HEADING).append("\n\n");
        text.append("Measured by `auteur eval` on %d held-out prompts (scene seeds from %d, never used in training) and %d "
                .formatted(prompts, EvalPlan.FIRST_SEED, physicsPrompts))
                .append("physics prompts, %d sampling steps, guidance %s.\n\n".formatted(steps, format(guidance)));
        text.append("| measure | goal | measured | |\n|---|---|---|---|\n");
        for (Target t : targets) {
            text.append("| %s | %s %s | %s | %s |\n".formatted(t.name(), t.comparison(), format(t.goal()),
                    format(t.measured()), t.met() ? "met" : "missed"));
        }
        text.append("\n| mode | clips | s per clip | means |\n|---|---|---|---|\n");
        modes.forEach((mode, s) -> {
            StringBuilder means = new StringBuilder();
            s.means().forEach((k, v) -> means.append(means.isEmpty() ? "" : ", ").append(k).append(' ').append(format(v)));
            text.append("| %s | %d | %s | %s |\n".formatted(mode, s.count(), format(s.meanSeconds()), means));
        });
        text.append("\nPrompt adherence is read by the judge, on its trusted attributes only (97% or more right); its "
                + "accuracy on fresh previs renders: ");
        StringBuilder judge = new StringBuilder();
        // Two decimals of a percent, so an attribute just under the bar does not read as on it.
        judgeAccuracy.forEach((k, v) -> judge.append(judge.isEmpty() ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.2f%%", 100 * v)));
        return text.append(judge).append(".\n").toString();
    }

    /** The heading of the model card's evaluation section. */
    public static final String CARD_HEADING = "## Evaluation";

    /** Writes eval.json, eval.html, contact-sheet.png and one frame strip per shown sample under {@code dir}. */
    void write(Path dir, List<Evaluation.Shown> shown) throws IOException {
        Files.createDirectories(dir.resolve("frames"));
        JSON.writeValue(dir.resolve("eval.json").toFile(), this);
        List<BufferedImage> strips = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < shown.size(); i++) {
            Evaluation.Shown s = shown.get(i);
            BufferedImage strip = strip(s.generated(), s.reference());
            strips.add(strip);
            String name = "frames/%03d.png".formatted(i);
            ImageIO.write(strip, "png", dir.resolve(name).toFile());
            rows.append("<tr><td>").append(escape(s.sample().mode())).append("</td><td>")
                    .append(escape(s.sample().prompt())).append("</td><td><img src=\"").append(name)
                    .append("\" alt=\"frames\"></td><td>").append(escape(readings(s.sample()))).append("</td></tr>\n");
        }
        if (!strips.isEmpty()) {
            BufferedImage sheet = new BufferedImage(strips.getFirst().getWidth(), strips.size() * THUMB,
                    BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < strips.size(); i++) {
                sheet.getGraphics().drawImage(strips.get(i), 0, i * THUMB, null);
            }
            ImageIO.write(sheet, "png", dir.resolve("contact-sheet.png").toFile());
        }
        Files.writeString(dir.resolve("eval.html"), html(rows.toString()), StandardCharsets.UTF_8);
    }

    private static String readings(Evaluation.Sample sample) {
        StringBuilder text = new StringBuilder();
        sample.judged().forEach((k, v) -> text.append(k).append('=').append(v)
                .append(v.equals(sample.truth().get(k)) ? "" : " (asked " + sample.truth().get(k) + ")").append("; "));
        sample.metrics().forEach((k, v) -> text.append(k).append('=').append(format(v)).append("; "));
        return text.toString();
    }

    /** Four generated frames, a gap, then the render's same four frames, each scaled to THUMB pixels. */
    private static BufferedImage strip(Clip generated, Clip reference) {
        int gap = 8;
        BufferedImage image = new BufferedImage(SHOWN_FRAMES.length * 2 * THUMB + gap, THUMB, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < SHOWN_FRAMES.length; k++) {
            draw(image, generated, Math.min(SHOWN_FRAMES[k], generated.frameCount() - 1), k * THUMB);
            draw(image, reference, Math.min(SHOWN_FRAMES[k], reference.frameCount() - 1),
                    (SHOWN_FRAMES.length + k) * THUMB + gap);
        }
        return image;
    }

    private static void draw(BufferedImage image, Clip clip, int frame, int x0) {
        byte[] rgb = clip.frameRgb(frame);
        for (int y = 0; y < THUMB; y++) {
            for (int x = 0; x < THUMB; x++) {
                int sx = x * clip.width() / THUMB, sy = y * clip.height() / THUMB, i = (sy * clip.width() + sx) * 3;
                image.setRGB(x0 + x, y, ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff));
            }
        }
    }

    private String html(String rows) {
        StringBuilder page = new StringBuilder();
        page.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>auteur eval: ").append(escape(model))
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:13px}"
                        + ".met{color:#070}.missed{color:#b00}</style></head><body>\n");
        page.append("<h1>Evaluation of ").append(escape(model)).append("</h1>\n<p>").append(prompts)
                .append(" held-out prompts, ").append(physicsPrompts).append(" physics prompts, ").append(steps)
                .append(" sampling steps, guidance ").append(format(guidance)).append(".</p>\n");
        page.append("<h2>Targets</h2><table><tr><th>measure</th><th>goal</th><th>measured</th><th></th></tr>\n");
        for (Target t : targets) {
            page.append("<tr><td>").append(escape(t.name())).append("</td><td>").append(t.comparison()).append(' ')
                    .append(format(t.goal())).append("</td><td>").append(format(t.measured())).append("</td><td class=\"")
                    .append(t.met() ? "met\">met" : "missed\">missed").append("</td></tr>\n");
        }
        page.append("</table>\n<h2>Judge</h2><p>Accuracy on fresh previs renders, per attribute; only attributes at "
                + "or above 97% (trusted) are used to score prompt adherence.</p><table>");
        judgeAccuracy.forEach((k, v) -> page.append("<tr><td>").append(escape(k)).append("</td><td>").append(format(v))
                .append("</td><td>").append(trustedAttributes.contains(k) ? "trusted" : "not used").append("</td></tr>\n"));
        page.append("</table>\n<h2>Per mode</h2><table><tr><th>mode</th><th>clips</th><th>s per clip</th>"
                + "<th>measures (mean)</th><th>prompt adherence (judge)</th></tr>\n");
        modes.forEach((mode, s) -> {
            StringBuilder means = new StringBuilder();
            s.means().forEach((k, v) -> means.append(k).append(' ').append(format(v)).append("<br>"));
            StringBuilder accuracy = new StringBuilder();
            adherence.getOrDefault(mode, Map.of()).forEach((k, v) -> accuracy.append(k).append(' ').append(format(v)).append("<br>"));
            page.append("<tr><td>").append(mode).append("</td><td>").append(s.count()).append("</td><td>")
                    .append(format(s.meanSeconds())).append("</td><td>").append(means).append("</td><td>")
                    .append(accuracy).append("</td></tr>\n");
        });
        page.append("</table>\n<h2>Contact sheet</h2><p>Left: generated frames 0, 5, 10, 15. Right: the previs render "
                + "of the same prompt.</p><table><tr><th>mode</th><th>prompt</th><th>frames</th><th>readings</th></tr>\n")
                .append(rows).append("</table></body></html>\n");
        return page.toString();
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
