package io.auteur.vision;

/**
 * Pearson correlation between a depth control and a depth estimate (or a second depth clip), per frame.
 *
 * @param meanPearson    mean over compared frames of the per-frame Pearson correlation, in [-1, 1]
 * @param minimumPearson the worst frame
 * @param framesCompared frames where both maps vary (a flat map has no correlation)
 * @param framesSkipped  frames left out because one of the maps was flat
 */
public record DepthAgreement(double meanPearson, double minimumPearson, int framesCompared, int framesSkipped) {}
