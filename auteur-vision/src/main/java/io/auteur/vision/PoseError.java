package io.auteur.vision;

/**
 * Distance between estimated and reference COCO-17 keypoints.
 *
 * @param meanPixels        mean Euclidean distance, in pixels, over the keypoints compared; NaN when none was
 * @param keypointsCompared keypoints visible in the reference (visibility 2) and present in the estimate
 *                          (visibility above 0)
 * @param keypointsMissed   keypoints visible in the reference that the estimate did not find
 */
public record PoseError(double meanPixels, int keypointsCompared, int keypointsMissed) {}
