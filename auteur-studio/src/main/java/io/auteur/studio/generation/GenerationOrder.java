package io.auteur.studio.generation;

import io.auteur.engine.Denoiser;
import io.auteur.engine.Generation;
import io.auteur.engine.GenerationException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything one generation is asked to do, from the CLI or the HTTP API alike: the prompt, the input files, the
 * options and where to write. Contradictory or malformed orders are refused here, before any model is loaded, with
 * a message that names the option (by its {@code auteur generate} name) and what was wrong.
 *
 * @param output            where to write: {@code .mp4} (or {@code .mkv}, {@code .mov}) for video, {@code .png} for one still
 * @param seconds           seconds to generate (default: the model's window); with an extension, seconds added
 * @param upscale           {@code auto}, {@code none} or {@code WxH}: the size the result is shown at
 * @param credentials       watermark and sign the output (and record its manifest)
 * @param generationId      identifies the generation in the ledger and the manifest; a retry credits nothing twice
 * @param creditMinorUnits  credit to the model's contributors, overriding the home's ledger settings
 */
public record GenerationOrder(String prompt, Inputs inputs, Path output, OptionalDouble seconds, long seed, int steps,
                              double guidance, String sampler, String negativePrompt, String upscale,
                              boolean visibleLabel, boolean credentials, String generationId,
                              Optional<Long> creditMinorUnits) {
    /** The largest {@code --upscale WxH} side. */
    public static final int MAX_VIEW_SIDE = 4096;

    /** The most seconds one order may ask for (extension included): bounded work per request. */
    public static final double MAX_SECONDS = 600;

    /**
     * The input files: a first frame, a last frame, a source clip (for in- and out-painting, or video-to-video), a
     * mask, a control clip and a clip to extend; {@code outpaint} is the factor such as {@code 2x}; {@code strength}
     * starts the sampling from the source clip noised to it (video-to-video).
     */
    public record Inputs(Optional<Path> image, Optional<Path> lastImage, Optional<Path> video, Optional<Path> mask,
                         Optional<ControlInput> control, Optional<Path> extend, Optional<String> outpaint,
                         OptionalDouble strength) {
        public static final Inputs NONE = new Inputs(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalDouble.empty());

        public Inputs {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(lastImage, "lastImage");
            Objects.requireNonNull(video, "video");
            Objects.requireNonNull(mask, "mask");
            Objects.requireNonNull(control, "control");
            Objects.requireNonNull(extend, "extend");
            Objects.requireNonNull(outpaint, "outpaint");
            Objects.requireNonNull(strength, "strength");
            if (extend.isPresent() && (image.isPresent() || video.isPresent() || mask.isPresent() || outpaint.isPresent())) {
                throw new GenerationException("--extend continues a clip; it does not combine with --image, --video, --mask or --outpaint");
            }
            if ((mask.isPresent() || outpaint.isPresent()) && image.isEmpty() && video.isEmpty()) {
                throw new GenerationException("--mask and --outpaint need a source: --image FILE or --video FILE");
            }
            if (mask.isPresent() && outpaint.isPresent()) {
                throw new GenerationException("choose --mask (in-painting) or --outpaint, not both");
            }
            if (video.isPresent() && mask.isEmpty() && outpaint.isEmpty() && strength.isEmpty()) {
                throw new GenerationException("--video is the source for --mask, --outpaint or --strength "
                        + "(video-to-video); use --extend to continue a clip");
            }
            if (strength.isPresent()) {
                if (video.isEmpty() || outpaint.isPresent()) {
                    throw new GenerationException("--strength starts from a source clip: give --video FILE (and no "
                            + "--outpaint)");
                }
                double value = strength.getAsDouble();
                if (!(value > 0 && value <= 1)) {
                    throw new GenerationException("--strength must be in (0, 1], was " + value);
                }
            }
            outpaint.ifPresent(GenerationOrder::outpaintFactor);
        }

        /** The mode these inputs ask for. */
        public Mode mode() {
            if (extend.isPresent()) {
                return Mode.EXTEND;
            }
            if (outpaint.isPresent()) {
                return Mode.OUTPAINT;
            }
            if (mask.isPresent()) {
                return Mode.INPAINT;
            }
            if (strength.isPresent()) {
                return Mode.VIDEO;
            }
            if (control.isPresent()) {
                return Mode.CONTROL;
            }
            if (lastImage.isPresent()) {
                return Mode.INTERPOLATION;
            }
            return image.isPresent() ? Mode.IMAGE : Mode.TEXT;
        }

        public Inputs withImage(Path file) {
            return new Inputs(Optional.of(file), lastImage, video, mask, control, extend, outpaint, strength);
        }
    }

    /** A control clip: depth, edges, pose or flow drawn as pictures, and how strongly it steers. */
    public record ControlInput(String kind, Path clip, double strength) {
        public ControlInput {
            kind = kind.toLowerCase(Locale.ROOT);
            if (!Denoiser.CONTROL_KINDS.contains(kind) || kind.equals("none")) {
                throw new GenerationException("unknown control kind '" + kind + "'; known: depth, edges, pose, flow");
            }
            if (!(strength >= 0 && strength <= 2)) {
                throw new GenerationException("control strength must be in [0, 2], was " + strength);
            }
            Objects.requireNonNull(clip, "clip");
        }

        /** Parses {@code KIND:FILE}, as {@code --control} takes it. */
        public static ControlInput parse(String text, double strength) {
            int colon = text.indexOf(':');
            if (colon < 1) {
                throw new GenerationException("--control must look like KIND:FILE, e.g. depth:ctl/depth.mp4, was '" + text + "'");
            }
            return new ControlInput(text.substring(0, colon), Path.of(text.substring(colon + 1)), strength);
        }
    }

    public GenerationOrder {
        if (prompt == null || prompt.isBlank()) {
            throw new GenerationException("the prompt is empty");
        }
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(seconds, "seconds");
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        upscale = upscale == null ? "auto" : upscale;
        sampler = sampler == null ? "euler" : sampler;
        Objects.requireNonNull(generationId, "generationId");
        Objects.requireNonNull(creditMinorUnits, "creditMinorUnits");
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean still = name.endsWith(".png");
        if (!still && !name.endsWith(".mp4") && !name.endsWith(".mkv") && !name.endsWith(".mov")) {
            throw new GenerationException("write .mp4 (or .mkv, .mov) for video or .png for an image, not " + output);
        }
        if (still && (inputs.extend().isPresent() || inputs.lastImage().isPresent() || seconds.isPresent())) {
            throw new GenerationException("a .png output is one image: --extend, --last-image and --seconds need a video");
        }
        if (seconds.isPresent() && !(seconds.getAsDouble() > 0 && seconds.getAsDouble() <= MAX_SECONDS)) {
            throw new GenerationException("--seconds must be in (0, " + (int) MAX_SECONDS + "], was " + seconds.getAsDouble());
        }
        if (steps < 1 || steps > Generation.MAX_STEPS) {
            throw new GenerationException("--steps must be in [1, " + Generation.MAX_STEPS + "], was " + steps);
        }
        if (!(guidance >= 1 && guidance <= 30)) {
            throw new GenerationException("--guidance must be in [1, 30], was " + guidance);
        }
        if (!sampler.equals("euler") && !sampler.equals("heun")) {
            throw new GenerationException("--sampler must be euler or heun, was '" + sampler + "'");
        }
        fixedViewSize(upscale);
    }

    /** An order with the defaults of {@code auteur generate}: 24 steps, guidance 3, euler, seed 0, signed. */
    public static GenerationOrder of(String prompt, Inputs inputs, Path output, String generationId) {
        return new GenerationOrder(prompt, inputs, output, OptionalDouble.empty(), 0, 24, 3.0, "euler", "", "auto",
                false, true, generationId, Optional.empty());
    }

    public Mode mode() {
        return inputs.mode();
    }

    /** Whether the output is one still picture (a .png). */
    public boolean still() {
        return output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
    }

    /** The size asked for by {@code upscale} when it names one ({@code WxH}); empty for auto and none. */
    static Optional<int[]> fixedViewSize(String upscale) {
        String text = upscale.toLowerCase(Locale.ROOT);
        if (text.equals("auto") || text.equals("none")) {
            return Optional.empty();
        }
        int[] size = {0, 0};
        String[] parts = text.split("x", -1);
        if (parts.length == 2) {
            try {
                size = new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        if (size[0] < 16 || size[1] < 16 || size[0] > MAX_VIEW_SIDE || size[1] > MAX_VIEW_SIDE) {
            throw new GenerationException("--upscale must be WxH with sides from 16 to " + MAX_VIEW_SIDE
                    + ", auto or none; was '" + upscale + "'");
        }
        return Optional.of(size);
    }

    static double outpaintFactor(String outpaint) {
        String text = outpaint.toLowerCase(Locale.ROOT).replace("x", "");
        try {
            double factor = Double.parseDouble(text);
            if (factor > 1 && factor <= 4) {
                return factor;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new GenerationException("--outpaint must be a factor in (1, 4] such as 2x, was '" + outpaint + "'");
    }
}
