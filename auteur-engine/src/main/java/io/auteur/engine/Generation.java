package io.auteur.engine;

import io.auteur.media.Clip;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation request. Every mode is this value with optional parts, so one pipeline serves them all:
 * text-to-video (nothing known), text-to-image ({@code frames} = 1), image-to-video and first-last-frame
 * interpolation, in-painting and out-painting (known pixels with a mask), extension (the previous frames known),
 * control-to-video (a control clip) and video-to-video (a source clip the sampling starts from, with any of these).
 *
 * @param frames   picture frames to generate (at most the model's window; longer clips use {@link Extension})
 * @param steps    sampling steps
 * @param guidance classifier-free guidance scale (1 = no guidance)
 */
public record Generation(String prompt, String negativePrompt, int frames, long seed, int steps, double guidance,
                         String sampler, Optional<KnownPixels> known, Optional<Control> control,
                         List<Clip> references, Optional<Source> source) {
    public static final int MAX_STEPS = 500;

    /** A request that starts from pure noise. */
    public Generation(String prompt, String negativePrompt, int frames, long seed, int steps, double guidance,
                      String sampler, Optional<KnownPixels> known, Optional<Control> control, List<Clip> references) {
        this(prompt, negativePrompt, frames, seed, steps, guidance, sampler, known, control, references, Optional.empty());
    }

    public Generation {
        if (prompt == null || prompt.isBlank()) {
            throw new GenerationException("the prompt is empty");
        }
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        if (frames < 1 || frames > 10_000) {
            throw new GenerationException("frames must be in [1, 10000], was " + frames);
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw new GenerationException("steps must be in [1, " + MAX_STEPS + "], was " + steps);
        }
        if (!(guidance >= 1 && guidance <= 30)) {
            throw new GenerationException("guidance must be in [1, 30], was " + guidance);
        }
        Sampler.named(sampler);
        references = List.copyOf(references);
        Objects.requireNonNull(source, "source");
    }

    /** A text-to-video request with defaults for everything else. */
    public static Generation of(String prompt, int frames, long seed, int steps) {
        return new Generation(prompt, "", frames, seed, steps, 1.0, "euler", Optional.empty(), Optional.empty(),
                List.of());
    }

    public Generation withKnown(KnownPixels pixels) {
        return new Generation(prompt, negativePrompt, frames, seed, steps, guidance, sampler, Optional.of(pixels),
                control, references, source);
    }

    public Generation withControl(Control newControl) {
        return new Generation(prompt, negativePrompt, frames, seed, steps, guidance, sampler, known,
                Optional.of(newControl), references, source);
    }

    public Generation withGuidance(double scale) {
        return new Generation(prompt, negativePrompt, frames, seed, steps, scale, sampler, known, control,
                references, source);
    }

    public Generation withSampler(String name) {
        return new Generation(prompt, negativePrompt, frames, seed, steps, guidance, name, known, control,
                references, source);
    }

    public Generation withFrames(int count) {
        return new Generation(prompt, negativePrompt, count, seed, steps, guidance, sampler, known, control,
                references, source);
    }

    public Generation withSource(Source given) {
        return new Generation(prompt, negativePrompt, frames, seed, steps, guidance, sampler, known, control,
                references, Optional.of(given));
    }

    public Generation withSeed(long newSeed) {
        return new Generation(prompt, negativePrompt, frames, newSeed, steps, guidance, sampler, known, control,
                references, source);
    }

    /**
     * Pixels that are given: a clip at the model's size and a mask of the same frames where 255 means "given, keep"
     * and 0 means "generate". The mask is one byte per pixel, frame-major.
     */
    public record KnownPixels(Clip pixels, byte[] mask) {
        public KnownPixels {
            long expected = (long) pixels.frameCount() * pixels.width() * pixels.height();
            if (mask.length != expected) {
                throw new GenerationException("the mask has " + mask.length + " values but the known clip needs "
                        + expected + " (" + pixels.frameCount() + " frames of " + pixels.width() + "x" + pixels.height() + ")");
            }
        }

        /** The given fraction of frame {@code t}. */
        public double givenFraction(int t) {
            int plane = pixels.width() * pixels.height();
            long sum = 0;
            for (int i = t * plane; i < (t + 1) * plane; i++) {
                sum += mask[i] & 0xff;
            }
            return sum / 255.0 / plane;
        }
    }

    /**
     * Video-to-video: the sampling starts from {@code clip}'s latents noised to time {@code strength} instead of from
     * pure noise, and runs the sampler's schedule compressed into [0, strength] (SDEdit). At 1 the source is
     * forgotten; lower keeps more of its layout and colours, and leaves the model less to decide. Like a control, the
     * clip is stretched in time over the frames generated.
     */
    public record Source(Clip clip, double strength) {
        public Source {
            Objects.requireNonNull(clip, "clip");
            if (!(strength > 0 && strength <= 1)) {
                throw new GenerationException("source strength must be in (0, 1], was " + strength);
            }
        }
    }

    /** A control clip (depth, edges, pose or flow drawn as pictures, as previs writes them) and its strength. */
    public record Control(String kind, Clip clip, double strength) {
        public Control {
            if (!Denoiser.CONTROL_KINDS.contains(kind) || kind.equals("none")) {
                throw new GenerationException("unknown control kind '" + kind + "'; known: depth, edges, pose, flow");
            }
            if (!(strength >= 0 && strength <= 2)) {
                throw new GenerationException("control strength must be in [0, 2], was " + strength);
            }
        }
    }
}
