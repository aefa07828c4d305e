package io.auteur.vision;

/**
 * Warping error of a clip (Lai et al., "Learning Blind Video Temporal Consistency", ECCV 2018): for each pair
 * of consecutive frames, frame t + 1 is sampled along the estimated flow t to t + 1 and compared with frame t,
 * on the pixels the flow can be trusted at.
 *
 * @param meanSquaredError mean over frame pairs of the mean squared RGB difference on valid pixels, with
 *                         values scaled to [0, 1] (0 is perfectly consistent); NaN when no pixel was valid
 * @param validFraction    share of pixels compared: the rest were occluded (the forward and backward flows
 *                         disagree) or moved out of the picture
 * @param framePairs       consecutive pairs measured
 */
public record WarpingError(double meanSquaredError, double validFraction, int framePairs) {
    public WarpingError {
        if (!(validFraction >= 0 && validFraction <= 1)) {
            throw new IllegalArgumentException("validFraction must lie in [0, 1], was " + validFraction);
        }
    }
}
