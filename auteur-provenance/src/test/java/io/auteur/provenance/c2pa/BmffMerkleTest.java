package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BMFF hashes with Merkle maps. dashinit.mp4 is a DASH initialization segment alone: its c2pa.hash.bmff.v2 holds a
 * Merkle map with an initHash and no file-level hash, and the file has no moof box. c2pa-rs rejects an initHash on
 * media that is not fragmented; we must give the same verdict for the same reason.
 */
class BmffMerkleTest {
    private static final String REASON = "BMFF inithash must not be present for non-fragmented media";

    @Test
    void anInitHashOnAFileWithoutFragmentsIsTheMismatchC2paRsReports() {
        ValidationReport ours = C2pa.withDefaults().read(Shared.fixture("dashinit.mp4")).orElseThrow();
        List<ValidationStatus> mismatches = ours.failure().stream()
                .filter(s -> s.code().equals("assertion.bmffHash.mismatch")).toList();
        assertThat(mismatches).hasSize(1);
        assertThat(mismatches.getFirst().explanation()).isEqualTo(REASON);
        assertThat(mismatches.getFirst().url()).endsWith("/c2pa.assertions/c2pa.hash.bmff.v2");

        ReferenceValidator.Verdict reference = ReferenceValidator.check(Shared.fixture("dashinit.mp4"), true);
        List<String> explanations = new ArrayList<>();
        for (JsonNode failure : reference.json().path("store").path("validation_results").path("activeManifest").path("failure")) {
            if (failure.path("code").asText().equals("assertion.bmffHash.mismatch")) {
                explanations.add(failure.path("explanation").asText());
            }
        }
        assertThat(explanations).as(reference.json().toString()).singleElement().asString().contains(REASON);
    }
}
