package io.auteur.vision;

/**
 * Agreement of an edge map with control edges, pooled over all frames.
 *
 * @param precision            share of detected edge pixels within the tolerance of a control edge (1 when
 *                             nothing was detected)
 * @param recall               share of control edge pixels within the tolerance of a detected edge (1 when the
 *                             control has no edges)
 * @param f1                   harmonic mean of precision and recall
 * @param detectedEdgePixels   edge pixels in the detected map
 * @param controlEdgePixels    edge pixels in the control
 * @param tolerancePixels      the matching distance used
 */
public record EdgeScore(double precision, double recall, double f1, long detectedEdgePixels, long controlEdgePixels,
                        double tolerancePixels) {}
