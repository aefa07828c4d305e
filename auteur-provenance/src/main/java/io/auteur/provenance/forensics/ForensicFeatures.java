package io.auteur.provenance.forensics;

/**
 * Pixel statistics of one clip that differ between rendered or generated pictures and camera footage.
 *
 * @param spectralSlope         slope of log power against log spatial frequency (0.04 to 0.4 cycles per pixel),
 *                              radially averaged over windowed luma tiles: natural scenes sit near -2 to -3;
 *                              clean renders and smooth generated pictures fall off faster
 * @param highFrequencyRatio    log10 of the share of spectral energy above 0.25 cycles per pixel
 * @param temporalNoiseCorrelation correlation between the high-pass luma residuals of consecutive frames at the
 *                              same pixels: a camera's sensor noise is fresh every frame, a render's fine detail
 *                              repeats; NaN for a still
 * @param noiseFloor            log10 of the 10th percentile of the residual's standard deviation in 8x8 blocks
 *                              (grey levels, plus 0.05): how much noise the flattest parts carry
 * @param framesAnalysed        frames the statistics were pooled over
 */
public record ForensicFeatures(double spectralSlope, double highFrequencyRatio, double temporalNoiseCorrelation,
                               double noiseFloor, int framesAnalysed) {
    /** The features as the logistic score uses them, in a fixed order. */
    double[] vector() {
        return new double[] {spectralSlope, highFrequencyRatio, temporalNoiseCorrelation, noiseFloor};
    }

    /** Whether the temporal statistic exists (the clip has at least two frames). */
    public boolean temporal() {
        return !Double.isNaN(temporalNoiseCorrelation);
    }
}
