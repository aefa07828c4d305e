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
 * for one group weights each coefficient by 1/(its ring's RMS), so it goes where the picture is quiet. This is
 * informed embedding (host-interference cancellation, as in improved spread spectrum) restricted to the groups that
 * need it, at a few percent of the pattern's energy.
 *
 * <p>Not thread-safe.
 */
final class EmbeddingPlanner {
    /** Target mean normalised coefficient for each group (pilot or coded bit), in units of the picture's own. */
    static final double TARGET_PER_COEFFICIENT = 0.45;
    private static final GridDct DCT = new GridDct(Layout.GRID, Layout.BANDS);

    private final Layout layout;
    private final float[] gridPattern;
    private final FrameEmbedder patternOnly;
    private final AnalysisGrid analysis;
    private final double[] lumaSum;
    private final double[] maskSum;
    private final int[] groupSign;
    private final int width;
    private final int height;
    private final double strength;
    private int frames;

    EmbeddingPlanner(Layout layout, Payload payload, int width, int height, double strength) {
        this.layout = layout;
        this.gridPattern = layout.gridPattern(payload);
        this.patternOnly = new FrameEmbedder(gridPattern, null, width, height, strength);
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
        for (int i = 0; i < mask.length; i++) {
            maskSum[i] += mask[i];
        }
        frames++;
    }

    /** Adds what another planner for the same payload and size has seen (for planning frames in parallel). */
    void merge(EmbeddingPlanner other) {
        for (int i = 0; i < lumaSum.length; i++) {
            lumaSum[i] += other.lumaSum[i];
        }
        for (int i = 0; i < maskSum.length; i++) {
            maskSum[i] += other.maskSum[i];
        }
        frames += other.frames;
    }

    /** The embedder for the frames seen: pattern plus the planned correction. */
    FrameEmbedder embedder() {
        if (frames == 0) {
            return patternOnly;
        }
        float[] meanMask = new float[maskSum.length];
        for (int i = 0; i < meanMask.length; i++) {
            meanMask[i] = (float) (maskSum[i] / frames);
        }
        double[] patternSum = analysis.newSum();
        analysis.add(null, patternOnly.patternChange(meanMask), patternSum);
        float[] host = analysis.pooled(lumaSum, frames);
        float[] mark = analysis.pooled(patternSum, 1);
        for (int i = 0; i < host.length; i++) {
            host[i] += mark[i];
        }
        float[] coefficients = DCT.forward(analysis.resample(host, 1, false));
        double[] ringRms = new double[layout.size()];
        double[] y = layout.normalisedBand(coefficients, ringRms);
        int groups = Layout.CODED_BITS + 1;
        double[] projection = new double[groups];
        int[] count = new int[groups];
        double[] inverseEnergy = new double[groups];
        for (int i = 0; i < y.length; i++) {
            int g = layout.group(i);
            projection[g] += groupSign[g] * y[i];
            count[g]++;
            if (ringRms[i] > 0) {
                inverseEnergy[g] += 1 / (ringRms[i] * ringRms[i]);
            }
        }
        float[] change = new float[Layout.BANDS * Layout.BANDS];
        for (int i = 0; i < y.length; i++) {
            int g = layout.group(i);
            double deficit = TARGET_PER_COEFFICIENT * count[g] - projection[g];
            if (deficit > 0 && ringRms[i] > 0) {
                change[layout.coefficient[i]] = (float) (layout.sign[i] * groupSign[g] * deficit
                        / (ringRms[i] * inverseEnergy[g]));
            }
        }
        return new FrameEmbedder(gridPattern, DCT.inverse(change), width, height, strength);
    }
}
