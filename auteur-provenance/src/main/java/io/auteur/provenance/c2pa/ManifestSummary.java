package io.auteur.provenance.c2pa;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one manifest says, for people and for JSON output.
 *
 * @param label          the manifest's JUMBF label (urn:c2pa:... or urn:uuid:...)
 * @param claimVersion   1 for c2pa.claim, 2 for c2pa.claim.v2
 * @param claimGenerator name and version of the tool that wrote it
 * @param signer         the signing certificate's subject common name
 * @param issuer         the signing certificate's issuer organisation or common name
 * @param algorithm      the COSE signature algorithm
 * @param assertions     each assertion's label and decoded content (byte strings as byte[])
 */
public record ManifestSummary(String label, int claimVersion, Optional<String> title, String claimGenerator,
                              Optional<String> signer, Optional<String> issuer, Optional<String> algorithm,
                              List<Map.Entry<String, Object>> assertions) {
    public ManifestSummary {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(claimGenerator, "claimGenerator");
        assertions = List.copyOf(assertions);
    }

    public List<String> assertionLabels() {
        return assertions.stream().map(Map.Entry::getKey).toList();
    }

    /** The decoded content of the first assertion with this label (or label plus "__n" instance suffix). */
    public Optional<Object> assertion(String assertionLabel) {
        return assertions.stream()
                .filter(e -> e.getKey().equals(assertionLabel) || e.getKey().startsWith(assertionLabel + "__"))
                .map(Map.Entry::getValue).findFirst();
    }
}
