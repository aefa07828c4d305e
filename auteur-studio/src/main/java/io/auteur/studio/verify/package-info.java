/**
 * The studio's side of the verification desk: the manifest repository in the studio database
 * ({@link io.auteur.studio.verify.ManifestRepository}), the lookup on a studio server
 * ({@link io.auteur.studio.verify.ServerManifestLookup}, wire form {@link io.auteur.studio.verify.ManifestJson}), and
 * the HTML report ({@link io.auteur.studio.verify.HtmlReport}). The verification itself is
 * {@code io.auteur.provenance.verify}; the command is {@code auteur verify}.
 */
package io.auteur.studio.verify;
