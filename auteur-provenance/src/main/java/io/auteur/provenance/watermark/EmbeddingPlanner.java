package io.auteur.provenance.watermark;

/**
 * Plans the informed part of the watermark from a first look at the video's frames.
 *
 * <p>The picture's own DCT coefficients in the watermark band are far larger than the mark's, so for a blind
 * detector the picture is the main noise. The embedder knows the picture, though: it pools the frames the way the
 * detector will (the mark is the same on every frame and the detector sums frames, so only the pooled picture
 * matters; moving content already partly averages out there), measures how strongly the pilot and each coded bit
 * read with the pattern added, and where the picture happens to work against one of them, adds the least-energy
 * band-limited change that lifts it to {@value #TARGET_PER_COEFFICIENT} per coefficient. The least-energy change
 * for one group weights each coefficient by 1/(its local spectral envelope), so it goes where the picture is quiet.
 * This is informed embedding (host-interference cancellation, as in improved spread spectrum) restricted to the
 * groups that need it, at a few percent of the pattern's energy.
 *
 * <p>Not thread-safe.
 */
final class EmbeddingPlanner {
    /** Target mean normalised coefficient for each group (pilot or coded bit), in units of the picture's own. */
    static final double TARGET_PER_COEFFICIENT = 0.45;
    /**
     * Expected mean squared change of the masked pattern alone (grey levels^2), which sets how much of the mark goes
     * to textured cells rather than flat ones; {@link #calibrate} then scales the whole to the fidelity budget. 1.6
     * raises mostly flat renders' textured parts 2-3x further than 0.8 did, before calibration.
     */
    static final double TARGET_PATTERN_MSE = 1.6;
    static final double MAX_TEXTURE_GAIN = 6;
    static final double BUDGET_PSNR = 42.8;
    static final double BUDGET_SSIM = 0.992;
    /**
     * Caps the boost of flat pictures: their flat cells then change by at most 0.9 grey levels RMS, and the SSIM
     * budget mostly binds first (on a flat window, SSIM loses about the change's variance over 58.5). At 2x, the
     * bundled model's smoothest upscaled clips were marked at 52-54 dB and lost the payload to the crop + 0.75x +
     * CRF 30 chain (4 of 6 clips); at up to 4x they are marked at 47-49 dB and all read exactly.
     */
    static final double MAX_AMPLITUDE = 4;
    /**
     * Below the budget, the mark is turned down no further than this (the level its robustness was measured at)
     * while the limits, {@value #LIMIT_PSNR} dB and SSIM {@value #LIMIT_SSIM}, still hold: a mark that survives
     * re-encoding matters more than the margin. Past those limits it is turned down too (a render of a person on a
     * checkered floor under a cloudy sky measured 36.9 dB and SSIM 0.979 at this level), and the picture's fidelity
     * wins over the mark's robustness.
     */
    static final double PREFERRED_MIN_AMPLITUDE = 1;
    static final double LIMIT_PSNR = 42;
    static final double LIMIT_SSIM = 0.99;
    static final int CALIBRATION_FRAMES = 3;
    static final int CALIBRATION_ROUNDS = 4;
    private static final GridDct DCT = new GridDct(Layout.GRID, Layout.BANDS);

    private final Layout layout;
    private final float[] gridPattern;
    private final FrameEmbedder patternOnly;
    private final AnalysisGrid analysis;
    private final double[] lumaSum;
    private final double[] maskSum;
    /** Sums over frames and cells of the flat part and the textured part of the share, for the gain. */
    private double flatFlat;
    private double flatTexture;
    private double textureTexture;
    private long cells;
    private final int[] groupSign;
    private final int width;
    private final int height;
    private final double strength;
    private int frames;
    /** Copies of a few unmarked frames (the first, the last two at power-of-two positions), for {@link #calibrate}. */
    private final java.util.List<byte[]> samples = new java.util.ArrayList<>();

    EmbeddingPlanner(Layout layout, Payload payload, int width, int height, double strength) {
        this.layout = layout;
        this.gridPattern = layout.gridPattern(payload);
        this.patternOnly = new FrameEmbedder(gridPattern, null, width, height, strength, 1);
        this.analysis = new AnalysisGrid(width, height);
        this.lumaSum = analysis.newSum();
        this.width = width;
        this.height = height;
        this.strength = strength;
        this.maskSum = new double[((width + FrameEmbedder.CELL - 1) / FrameEmbedder.CELL)
                * ((height + FrameEmbedder.CELL - 1) / FrameEmbedder.CELL)];
        boolean[] coded = ConvolutionalCode.encode(Layout.message(payload));
        groupSign = new int[Layout.CODED_BITS + 1];
        for (int j = 0; j < Layout.CODED_BITS; j++) {
            groupSign[j] = coded[j] ? 1 : -1;
        }
        groupSign[Layout.PILOT_GROUP] = 1;
    }

    /** Looks at one unmarked frame. */
    void add(byte[] rgb) {
        if (rgb.length != width * height * 3) {
            throw new WatermarkException("frame of " + rgb.length + " bytes does not match " + width + "x" + height
                    + " RGB (" + width * height * 3 + " bytes)");
        }
        analysis.add(rgb, null, lumaSum);
        float[] mask = patternOnly.mask(rgb);
        double flat = FrameEmbedder.FLAT_SHARE;
        for (int i = 0; i < mask.length; i++) {
            maskSum[i] += mask[i];
            double texture = mask[i] / strength - flat;
            flatFlat += flat * flat;
            flatTexture += 2 * flat * texture;
            textureTexture += texture * texture;
        }
        cells += mask.length;
        if ((frames & (frames - 1)) == 0) {
            samples.add(rgb.clone());
            trimSamples();
        }
        frames++;
    }

    private void trimSamples() {
        while (samples.size() > CALIBRATION_FRAMES) {
            samples.remove(1);
        }
    }

    /**
     * Mostly flat pictures (previs renders) leave the texture mask little to work with, and lossy coders remove the
     * rest, while their PSNR has room to spare. The textured part of the mask is raised until the pattern's expected
     * mean squared change, strength^2 mean((F + g (s - F))^2) over cells and frames, reaches
     * {@link #TARGET_PATTERN_MSE}, by at most {@value #MAX_TEXTURE_GAIN}x; flat cells (share F) are never raised, so
     * they still show no pattern. Textured footage already spends its budget and keeps a gain of 1.
     */
    private double textureGain() {
        double target = TARGET_PATTERN_MSE / (strength * strength);
        double a = textureTexture / cells, b = flatTexture / cells, c = flatFlat / cells - target;
        if (a <= 0) {
            return 1;
        }
        double gain = (-b + Math.sqrt(Math.max(0, b * b - 4 * a * c))) / (2 * a);
        return Math.max(1, Math.min(MAX_TEXTURE_GAIN, gain));
    }

    /** Adds what another planner for the same payload and size has seen (for planning frames in parallel). */
    void merge(EmbeddingPlanner other) {
        for (int i = 0; i < lumaSum.length; i++) {
            lumaSum[i] += other.lumaSum[i];
        }
        for (int i = 0; i < maskSum.length; i++) {
            maskSum[i] += other.maskSum[i];
        }
        flatFlat += other.flatFlat;
        flatTexture += other.flatTexture;
        textureTexture += other.textureTexture;
        cells += other.cells;
        frames += other.frames;
        samples.addAll(other.samples);
        trimSamples();
    }

    /** The embedder for the frames seen: pattern plus the planned correction. */
    FrameEmbedder embedder() {
        if (frames == 0) {
            return patternOnly;
        }
        double gain = textureGain();
        float[] meanMask = new float[maskSum.length];
        float flatAmplitude = (float) (FrameEmbedder.FLAT_SHARE * strength);
        for (int i = 0; i < meanMask.length; i++) {
            meanMask[i] = (float) (flatAmplitude + gain * (maskSum[i] / frames - flatAmplitude));
        }
        double[] patternSum = analysis.newSum();
        FrameEmbedder gained = new FrameEmbedder(gridPattern, null, width, height, strength, gain);
        analysis.add(null, gained.patternChange(meanMask), patternSum);
        float[] host = analysis.pooled(lumaSum, frames);
        float[] mark = analysis.pooled(patternSum, 1);
        for (int i = 0; i < host.length; i++) {
            host[i] += mark[i];
        }
        analysis.limitSharpDetail(host);
        float[] coefficients = DCT.forward(analysis.resample(host, 1));
        double[] envelope = new double[layout.size()];
        double[] y = layout.normalisedBand(coefficients, envelope);
        int groups = Layout.CODED_BITS + 1;
        double[] projection = new double[groups];
        int[] count = new int[groups];
        double[] inverseEnergy = new double[groups];
        for (int i = 0; i < y.length; i++) {
            int g = layout.group(i);
            projection[g] += groupSign[g] * y[i];
            count[g]++;
            if (envelope[i] > 0) {
                inverseEnergy[g] += 1 / (envelope[i] * envelope[i]);
            }
        }
        float[] change = new float[Layout.BANDS * Layout.BANDS];
        for (int i = 0; i < y.length; i++) {
            int g = layout.group(i);
            double deficit = TARGET_PER_COEFFICIENT * count[g] - projection[g];
            if (deficit > 0 && envelope[i] > 0) {
                change[layout.coefficient[i]] = (float) (layout.sign[i] * groupSign[g] * deficit
                        / (envelope[i] * inverseEnergy[g]));
            }
        }
        return calibrate(new FrameEmbedder(gridPattern, DCT.inverse(change), width, height, strength, gain));
    }

    /**
     * Scales the planned change so the sample frames land just inside the fidelity budget ({@value #BUDGET_PSNR} dB
     * PSNR, SSIM {@value #BUDGET_SSIM}, a margin over the 42 dB and 0.99 the mark promises): mostly flat renders
     * are turned up (at most {@value #MAX_AMPLITUDE}x) to survive lossy coding, and nothing is turned below
     * {@value #PREFERRED_MIN_AMPLITUDE}x unless that breaks the limits themselves. Squared error and SSIM loss both
     * grow with the square of the amplitude, so each round rescales by the root of the target over the measurement;
     * rounding to whole grey levels makes it inexact, so the result is measured again.
     */
    private FrameEmbedder calibrate(FrameEmbedder planned) {
        double amplitude = 1;
        for (int round = 0; round < CALIBRATION_ROUNDS; round++) {
            FrameEmbedder candidate = planned.withAmplitude(amplitude);
            double[][] measured = samples.parallelStream().map(frame -> {   // {squared error, SSIM} per sample
                byte[] marked = frame.clone();
                candidate.embed(marked);
                return new double[] {Fidelity.squaredError(frame, marked),
                        Fidelity.frameSsim(frame, marked, width, height)};
            }).toArray(double[][]::new);
            double mse = java.util.Arrays.stream(measured).mapToDouble(m -> m[0]).sum()
                    / (samples.size() * 3.0 * width * height);
            double ssimLoss = 1 - java.util.Arrays.stream(measured).mapToDouble(m -> m[1]).average().orElseThrow();
            double toBudget = factorTo(BUDGET_PSNR, BUDGET_SSIM, mse, ssimLoss);
            double floor = Math.min(PREFERRED_MIN_AMPLITUDE, amplitude * factorTo(LIMIT_PSNR, LIMIT_SSIM, mse, ssimLoss)
                    * ROUNDING_MARGIN);
            double next = Math.max(floor, Math.min(MAX_AMPLITUDE,
                    amplitude * toBudget * (toBudget < 1 ? ROUNDING_MARGIN : 1)));
            if (Math.abs(next / amplitude - 1) < 0.05) {
                break;
            }
            amplitude = next;
        }
        return planned.withAmplitude(amplitude);
    }

    /** Turning down aims this much lower, as rounding to whole grey levels makes the result a little noisier. */
    private static final double ROUNDING_MARGIN = 0.98;

    /** The factor on the amplitude that brings a measured squared error and SSIM loss to the given PSNR and SSIM. */
    private static double factorTo(double psnr, double ssim, double mse, double ssimLoss) {
        double targetMse = 255.0 * 255.0 / Math.pow(10, psnr / 10);
        return Math.min(mse > 0 ? Math.sqrt(targetMse / mse) : MAX_AMPLITUDE,
                ssimLoss > 0 ? Math.sqrt((1 - ssim) / ssimLoss) : MAX_AMPLITUDE);
    }
}
