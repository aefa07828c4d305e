/**
 * Pixel forensics: spectral and temporal-noise statistics of a clip ({@link io.auteur.provenance.forensics.ForensicFeatures})
 * and a logistic score calibrated on the project's generated-style clips and camera footage
 * ({@link io.auteur.provenance.forensics.Forensics}, {@link io.auteur.provenance.forensics.ForensicScore}), reported
 * with its measured rates. Supporting evidence for the verification desk, never a verdict on its own.
 */
package io.auteur.provenance.forensics;
