package io.auteur.provenance.watermark;

/**
 * Pools frames of one video and then looks for the watermark. Every frame carries the same pattern, so the luma of
 * all frames is summed on a small accumulation grid as frames arrive (one pass per frame, no frame kept); the search
 * and the decoding run once, on the pooled picture. A one-second excerpt, or every other frame, carries the whole
 * mark.
 *
 * <h2>Decision rule and its false-positive rate</h2>
 * The pooled picture's locally loudest detail is turned down first ({@link AnalysisGrid#limitSharpDetail}). For
 * one synchronisation hypothesis it is then mapped back onto the analysis grid, transformed, and each
 * band coefficient {@code x_k} divided by the RMS of the coefficients around it: {@code y_k = x_k / env(k)}. The pilot
 * score is the self-normalised correlation with the key's signs {@code s_k}:
 * <pre>    T = sum_k s_k y_k / sqrt(sum_k y_k^2)    (k over the pilot coefficients)</pre>
 * If the video does not carry this key's mark, the signs are independent of the picture (they come from HMAC-SHA256
 * of a secret key; a mark made with another key is independent too), so, conditionally on the picture, {@code T} is
 * a Rademacher sum with weights of unit Euclidean norm (the normalised coefficients: the detail limiting and the
 * envelopes depend on the picture alone) and Hoeffding's inequality gives, for every picture,
 * <pre>    P(T >= t) <= exp(-t^2 / 2).</pre>
 * No model of the picture's statistics is needed. The detector tries {@code H} hypotheses (crop scales times
 * mirror) and keeps the best, so by the union bound {@code P(max T >= t) <= H exp(-t^2/2)}. Setting this to the
 * target rate {@code alpha = 1e-6} gives the threshold {@code t = sqrt(2 ln(H / alpha))}; with H = 66 (33 crop scales, each as is and mirrored) that is 6.00.
 * The reported p-value is {@code min(1, H exp(-T^2/2))}. The CRC-16 on the payload is a further check the decision
 * does not rely on.
 *
 * <p>Not thread-safe; one detector per video.
 */
public final class FrameDetector {
    /** Crop hypotheses: side fractions 0.99^k for k = 0..32, down to 0.725 (about half the area). */
    static final int CROP_STEPS = 33;
    static final double CROP_RATIO = 0.99;
    static final int HYPOTHESES = 2 * CROP_STEPS;
    private static final int COARSE_STRIDE = 3;
    static final double THRESHOLD = Math.sqrt(2 * Math.log(HYPOTHESES / Detection.FALSE_POSITIVE_RATE));

    private final Layout layout;
    private final GridDct dct = new GridDct(Layout.GRID, Layout.BANDS);
    private AnalysisGrid grid;
    private double[] sum;
    private int frames;

    FrameDetector(Layout layout) {
        this.layout = layout;
    }

    /** Adds one frame of {@code width * height * 3} RGB bytes; every frame must have the same size. */
    public void add(byte[] rgb, int frameWidth, int frameHeight) {
        if (frameWidth < 8 || frameHeight < 8) {
            throw new WatermarkException("cannot look for a watermark in a " + frameWidth + "x" + frameHeight
                    + " video: frames need at least 8x8 pixels");
        }
        if (rgb.length != frameWidth * frameHeight * 3) {
            throw new WatermarkException("frame of " + rgb.length + " bytes does not match " + frameWidth + "x"
                    + frameHeight + " RGB");
        }
        if (grid == null) {
            grid = new AnalysisGrid(frameWidth, frameHeight);
            sum = grid.newSum();
        } else if (frameWidth != grid.width || frameHeight != grid.height) {
            throw new WatermarkException("frame size changed from " + grid.width + "x" + grid.height + " to "
                    + frameWidth + "x" + frameHeight + " within one video");
        }
        grid.add(rgb, null, sum);
        frames++;
    }

    /** Adds the frames another detector of the same video has pooled (for pooling frames in parallel). */
    public void merge(FrameDetector other) {
        if (other.grid == null) {
            return;
        }
        if (grid == null) {
            grid = new AnalysisGrid(other.grid.width, other.grid.height);
            sum = grid.newSum();
        } else if (other.grid.width != grid.width || other.grid.height != grid.height) {
            throw new WatermarkException("cannot pool " + other.grid.width + "x" + other.grid.height + " frames with "
                    + grid.width + "x" + grid.height + " ones");
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.sum[i];
        }
        frames += other.frames;
    }

    public int framesAdded() {
        return frames;
    }

    /** Searches the synchronisation hypotheses, decodes the payload under the best one and decides. */
    public Detection result() {
        if (frames == 0) {
            throw new WatermarkException("no frames to look for a watermark in");
        }
        float[] pooled = grid.pooled(sum, frames);
        grid.limitSharpDetail(pooled);
        // Coarse to fine: every third crop scale first, then the neighbours of the best. The threshold counts all
        // HYPOTHESES, whichever of them end up evaluated, so the union bound holds for the search as run.
        float[][] coefficients = new float[CROP_STEPS][];
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int step = 0; step < CROP_STEPS; step += COARSE_STRIDE) {
            double score = bestOfMirror(coefficients, pooled, step);
            if (score > bestScore) {
                bestScore = score;
                best = step;
            }
        }
        int coarseBest = best;
        for (int step = Math.max(0, coarseBest - COARSE_STRIDE + 1);
             step < Math.min(CROP_STEPS, coarseBest + COARSE_STRIDE); step++) {
            double score = bestOfMirror(coefficients, pooled, step);
            if (score > bestScore) {
                bestScore = score;
                best = step;
            }
        }
        // The decision stands on the grid of hypotheses above. The payload is then read at a finer scale, because
        // a crop between two grid steps misplaces the finest frequencies near the edges by a third of a cell. The
        // pilot alone places that finer scale poorly once a coder has removed the fine frequencies (after H.264 CRF
        // 35, an uncropped render read best at 0.997 or 0.990 and decoded with up to half its bits wrong), so each
        // finer scale is judged by the whole mark: pilot and decoded payload together.
        boolean flipped = pilotScore(layout.normalisedBand(mirror(coefficients[best]), new double[layout.size()]))
                > pilotScore(layout.normalisedBand(coefficients[best], new double[layout.size()]));
        Fit fit = fit(coefficients[best], flipped, best);
        for (double[] offsets : REFINEMENT) {
            double centre = fit.step();
            for (double offset : offsets) {
                double step = Math.max(0, Math.min(CROP_STEPS - 1, centre + offset));
                if (step != centre) {
                    Fit candidate = fit(dct.forward(grid.resample(pooled, Math.pow(CROP_RATIO, step))), flipped,
                            step);
                    if (candidate.score() > fit.score()) {
                        fit = candidate;
                    }
                }
            }
        }
        return decode(fit, bestScore, flipped);
    }

    /**
     * Finer crop steps tried around the decided one before the payload is read: every quarter step within one step,
     * then the eighth steps beside the best of those (a 0.125% scale error moves the grid's edge by a sixth of the
     * finest period).
     */
    private static final double[][] REFINEMENT = {
        {-1, -0.75, -0.5, -0.25, 0.25, 0.5, 0.75, 1},
        {-0.125, 0.125},
    };

    /** How well one crop step's coefficients carry the mark: the payload decoded there, and the mark's correlation. */
    private record Fit(double step, double[] soft, boolean[] message, double score) {}

    private Fit fit(float[] coefficients, boolean flipped, double step) {
        double[] y = layout.normalisedBand(flipped ? mirror(coefficients) : coefficients, new double[layout.size()]);
        double[] expected = new double[y.length];   // the mark's sign where known: the pilot's at first
        java.util.Arrays.fill(expected, 0, layout.pilotCount, 1);
        double[] soft = null;
        boolean[] message = null;
        for (int round = 0; round <= DECODING_ROUNDS; round++) {
            soft = weightedSoftBits(y, expected);
            message = ConvolutionalCode.decode(soft, Layout.MESSAGE_BITS);
            boolean[] codeword = ConvolutionalCode.encode(message);
            for (int i = layout.pilotCount; i < y.length; i++) {
                expected[i] = codeword[layout.codedBit[i]] ? 1 : -1;
            }
        }
        double markCorrelation = 0;
        double markEnergy = 0;
        for (int i = 0; i < y.length; i++) {
            markCorrelation += expected[i] * y[i];
            markEnergy += y[i] * y[i];
        }
        return new Fit(step, soft, message, markEnergy > 0 ? markCorrelation / Math.sqrt(markEnergy) : 0);
    }

    /** Re-estimations of the regions' reliability from the decoded payload, after the first from the pilot alone. */
    private static final int DECODING_ROUNDS = 2;
    /** Side, in coefficients, of the square regions of the band whose reliability is estimated together. */
    private static final int REGION = 16;
    private static final int REGIONS_PER_ROW = (Layout.BANDS + REGION - 1) / REGION;

    /**
     * Soft value of each coded bit, weighting each coefficient by its region's reliability. A coder or a downscale
     * removes some frequencies entirely, and the envelope normalisation then turns what is left there (rounding
     * noise) into unit-sized entries as loud as the ones that still carry the mark; unweighted, they bury the
     * payload (after the crop + 0.75x + CRF 30 chain, the pilot still decided but the payload lost a third of its
     * bits). So each region of the band gets the mark's mean {@code m} and the spread {@code s^2} around it, measured
     * where the mark's sign is known ({@code expected}), and weight {@code m / s^2}, the log-likelihood weight of a
     * Gaussian channel; each soft value is scaled to unit noise, as {@link #bitConfidence} assumes. The decision never
     * uses these weights (they depend on the key's signs), only the reading of the payload.
     */
    private double[] weightedSoftBits(double[] y, double[] expected) {
        int regions = REGIONS_PER_ROW * REGIONS_PER_ROW;
        double[] mean = new double[regions];
        double[] square = new double[regions];
        int[] count = new int[regions];
        for (int i = 0; i < y.length; i++) {
            if (expected[i] != 0) {
                int r = region(i);
                mean[r] += expected[i] * y[i];
                square[r] += y[i] * y[i];
                count[r]++;
            }
        }
        double[] weight = new double[regions];
        double[] spread = new double[regions];
        for (int r = 0; r < regions; r++) {
            if (count[r] > 1) {
                mean[r] /= count[r];
                spread[r] = Math.max(MIN_SPREAD, square[r] / count[r] - mean[r] * mean[r]);
                weight[r] = Math.max(0, mean[r]) / spread[r];
            }
        }
        int coded = Layout.CODED_BITS;
        double[] correlation = new double[coded];
        double[] noise = new double[coded];
        for (int i = layout.pilotCount; i < y.length; i++) {
            int r = region(i);
            correlation[layout.codedBit[i]] += weight[r] * y[i];
            noise[layout.codedBit[i]] += weight[r] * weight[r] * spread[r];
        }
        double[] soft = new double[coded];
        for (int j = 0; j < coded; j++) {
            soft[j] = noise[j] > 0 ? correlation[j] / Math.sqrt(noise[j]) : 0;
        }
        return soft;
    }

    /** Floor on a region's measured spread, so a region with few entries cannot claim to be noiseless. */
    private static final double MIN_SPREAD = 0.05;

    private int region(int i) {
        int k = layout.coefficient[i];
        return (k / Layout.BANDS / REGION) * REGIONS_PER_ROW + (k % Layout.BANDS) / REGION;
    }

    /** The better pilot score of crop step {@code step} as it is and mirrored; keeps its coefficients. */
    private double bestOfMirror(float[][] coefficients, float[] pooled, int step) {
        if (coefficients[step] == null) {
            coefficients[step] = dct.forward(grid.resample(pooled, Math.pow(CROP_RATIO, step)));
        }
        return bestOfMirror(coefficients[step]);
    }

    private double bestOfMirror(float[] coefficients) {
        double plain = pilotScore(layout.normalisedBand(coefficients, new double[layout.size()]));
        double mirrored = pilotScore(layout.normalisedBand(mirror(coefficients), new double[layout.size()]));
        return Math.max(plain, mirrored);
    }

    /** Mirroring a grid left to right multiplies its DCT coefficient (u, v) by (-1)^u: no second transform. */
    private static float[] mirror(float[] coefficients) {
        float[] out = coefficients.clone();
        for (int v = 0; v < Layout.BANDS; v++) {
            for (int u = 1; u < Layout.BANDS; u += 2) {
                out[v * Layout.BANDS + u] = -out[v * Layout.BANDS + u];
            }
        }
        return out;
    }

    /** The self-normalised pilot correlation T (signs already applied in {@code y}). */
    private double pilotScore(double[] y) {
        double correlation = 0;
        double energy = 0;
        for (int i = 0; i < layout.pilotCount; i++) {
            correlation += y[i];
            energy += y[i] * y[i];
        }
        return energy > 0 ? correlation / Math.sqrt(energy) : 0;
    }

    private Detection decode(Fit fit, double score, boolean flipped) {
        boolean[] message = fit.message();
        long bits = 0;
        for (int i = 0; i < Payload.SIZE_BITS; i++) {
            bits = (bits << 1) | (message[i] ? 1 : 0);
        }
        Payload payload = new Payload(bits);
        int crc = 0;
        for (int i = 0; i < 16; i++) {
            crc = (crc << 1) | (message[Payload.SIZE_BITS + i] ? 1 : 0);
        }
        boolean intact = crc == Layout.crc16(bits);
        double[] confidence = bitConfidence(message, fit.soft());
        double pValue = Math.min(1, HYPOTHESES * Math.exp(-score * score / 2));
        return new Detection(score >= THRESHOLD, payload, intact, confidence, pValue, score, THRESHOLD,
                Math.pow(CROP_RATIO, fit.step()), flipped,
                frames);
    }

    /**
     * Per-bit confidence from the soft values: each soft value is treated as Gaussian with unit variance and mean
     * +-mu (mu estimated from agreement with the re-encoded decision), giving log-likelihood ratios 2 mu z; a bit's
     * confidence is the logistic of the likelihood lost by flipping it alone (the max-log approximation with the
     * nearest competitor).
     */
    private static double[] bitConfidence(boolean[] message, double[] soft) {
        boolean[] codeword = ConvolutionalCode.encode(message);
        double mu = 0;
        for (int j = 0; j < soft.length; j++) {
            mu += codeword[j] ? soft[j] : -soft[j];
        }
        mu = Math.max(0, mu / soft.length);
        double[] confidence = new double[Payload.SIZE_BITS];
        for (int i = 0; i < Payload.SIZE_BITS; i++) {
            boolean[] flipped = message.clone();
            flipped[i] = !flipped[i];
            boolean[] other = ConvolutionalCode.encode(flipped);
            double margin = 0;
            for (int j = 0; j < soft.length; j++) {
                if (other[j] != codeword[j]) {
                    margin += 2 * mu * (codeword[j] ? soft[j] : -soft[j]);
                }
            }
            confidence[i] = 1 / (1 + Math.exp(-margin));
        }
        return confidence;
    }
}
