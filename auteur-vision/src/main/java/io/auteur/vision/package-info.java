/**
 * Vision for Auteur: control extraction from footage and quality metrics on any clip, from pixels alone.
 *
 * <ul>
 *   <li>{@link io.auteur.vision.ControlExtractor} (and {@link io.auteur.vision.ExtractedControl}): Canny edges and
 *       dense optical flow of footage as control clips in previs's encodings, so generation accepts them as it
 *       accepts rendered controls.</li>
 *   <li>{@link io.auteur.vision.OpticalFlow}: the flow estimator (OpenCV DIS) on its own.</li>
 *   <li>{@link io.auteur.vision.QualityMetrics}: temporal flicker, warping error, motion smoothness and subject
 *       consistency, gathered in a {@link io.auteur.vision.QualityReport}.</li>
 *   <li>{@link io.auteur.vision.ControlAdherence}: edge F1, depth correlation and pose keypoint error of a clip
 *       against its controls.</li>
 * </ul>
 * Bad inputs raise {@link io.auteur.vision.VisionException} naming the problem. Everything in {@code internal} is
 * an implementation detail.
 */
package io.auteur.vision;
