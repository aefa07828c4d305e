package io.auteur.vision;

/**
 * Temporal quality of one clip, all measured from its pixels alone.
 *
 * @param frames             frames measured
 * @param temporalFlicker    VBench temporal flickering score in [0, 1]; 1 for a frozen clip
 * @param warpingError       flow-warped consecutive frames against each other, occlusions masked
 * @param motionSmoothness   how well each frame is predicted from its neighbours by flow interpolation, [0, 1]
 * @param subjectConsistency appearance similarity of each frame to the first
 */
public record QualityReport(int frames, double temporalFlicker, WarpingError warpingError, double motionSmoothness,
                            SubjectConsistency subjectConsistency) {}
