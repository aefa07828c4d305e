/**
 * The verification desk: one report that says what a file is and where it came from.
 *
 * <p>{@link io.auteur.provenance.verify.Verifier} combines the embedded C2PA manifest, Auteur's watermark, manifests
 * recovered through the watermark from {@link io.auteur.provenance.verify.ManifestLookup}s (a local repository, a
 * studio server), consistency checks between them, and pixel forensics as supporting evidence. The result, a
 * {@link io.auteur.provenance.verify.Verification}, is a {@link io.auteur.provenance.verify.Verdict} with a sentence
 * and the {@link io.auteur.provenance.verify.Finding}s it rests on; {@link io.auteur.provenance.verify.VerificationFormat}
 * prints it as text or JSON.
 */
package io.auteur.provenance.verify;
