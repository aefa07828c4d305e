/**
 * Content Credentials (C2PA 2.x) for MP4/MOV, JPEG and PNG, written in Java with BouncyCastle and Jackson CBOR.
 *
 * <p>The public API is a handful of types:
 * <ul>
 *   <li>{@link io.auteur.provenance.c2pa.C2pa}: {@code sign(in, out, definition, signer)} and {@code read(file)};
 *       an instance carries the settings (limits, trust anchors, clock, time-stamp client).</li>
 *   <li>{@link io.auteur.provenance.c2pa.ManifestDefinition} with {@link io.auteur.provenance.c2pa.Action},
 *       {@link io.auteur.provenance.c2pa.Ingredient}, {@link io.auteur.provenance.c2pa.SoftBinding} and
 *       {@link io.auteur.provenance.c2pa.TrainingMining}: what the manifest says.</li>
 *   <li>{@link io.auteur.provenance.c2pa.Signer} (one implementation, {@link io.auteur.provenance.c2pa.KeySigner},
 *       from PEM or PKCS#12) and {@link io.auteur.provenance.c2pa.LocalCredentials}, Auteur's own CA and signing
 *       certificate created on first use under the Auteur home.</li>
 *   <li>{@link io.auteur.provenance.c2pa.ValidationReport}: the state (Valid, Invalid, Trusted) and findings with
 *       the status codes of c2pa-rs; {@link io.auteur.provenance.c2pa.ReportFormat} prints it.</li>
 * </ul>
 * Everything else (JUMBF, CBOR, COSE, the container handlers, hashing) lives in {@code internal}.
 */
package io.auteur.provenance.c2pa;
