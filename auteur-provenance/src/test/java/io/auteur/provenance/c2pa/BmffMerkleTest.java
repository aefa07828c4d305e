package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.internal.BmffIndex;
import io.auteur.provenance.c2pa.internal.ByteSource;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BMFF hashes with Merkle maps. Files with per-chunk Merkle trees are signed at test time by the reference
 * implementation (c2pa-rs as WebAssembly, through src/test/resources/c2pa/sign-merkle.mjs), then tampered with; our
 * verdict must be c2pa-rs's, down to the reason for a mismatch. dashinit.mp4 is a DASH initialization segment
 * alone: its c2pa.hash.bmff.v2 holds a Merkle map with an initHash and no file-level hash, and the file has no moof
 * box. c2pa-rs rejects an initHash on media that is not fragmented; we must give the same verdict for the same
 * reason.
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
        for (JsonNode failure : reference.json().path("store").path("validation_results").path("activeManifest")
                .path("failure")) {
            if (failure.path("code").asText().equals("assertion.bmffHash.mismatch")) {
                explanations.add(failure.path("explanation").asText());
            }
        }
        assertThat(explanations).as(reference.json().toString()).singleElement().asString().contains(REASON);
    }

    private static final int CHUNK_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void aFileSignedWithMerkleProofsByC2paRsValidatesAsC2paRsSays() {
        Path signed = signWithMerkleTrees("proofs.mp4", 5);
        assertThat(proofBoxes(signed)).as("c2pa-rs wrote per-chunk proof boxes").hasSizeGreaterThan(1);
        assertSameVerdict(signed, null);
        assertThat(ours(signed).success()).extracting(ValidationStatus::code).contains("assertion.bmffHash.match");
    }

    @Test
    void aFileWhoseMerkleMapStoresEveryLeafValidatesAsC2paRsSays() {
        Path signed = signWithMerkleTrees("leaves.mp4", 0);
        assertThat(proofBoxes(signed)).isEmpty();
        assertSameVerdict(signed, null);
        assertThat(ours(signed).success()).extracting(ValidationStatus::code).contains("assertion.bmffHash.match");
    }

    @Test
    void aByteChangedInsideOneChunkIsTheChunkMismatchC2paRsReports() throws IOException {
        Path signed = signWithMerkleTrees("proofs.mp4", 5);
        assertSameVerdict(flipByte(signed, "chunk.mp4", mdatData(signed) + 3L * CHUNK_BYTES + 100),
                "chunk hash did not match");
        Path leaves = signWithMerkleTrees("leaves.mp4", 0);
        assertSameVerdict(flipByte(leaves, "leaf-chunk.mp4", mdatData(leaves) + 5L * CHUNK_BYTES + 7),
                "chunk hash did not match");
    }

    @Test
    void anAlteredProofHashIsTheChunkMismatchC2paRsReports() throws IOException {
        Path signed = signWithMerkleTrees("proofs.mp4", 5);
        BmffIndex.Node box = proofBoxes(signed).get(1);
        byte[] bytes = Files.readAllBytes(signed);
        int hashesKey = indexOf(bytes, "hashes".getBytes(StandardCharsets.US_ASCII), (int) box.offset());
        // after the key: the array head, the byte string head (0x58 0x20), then the first proof hash
        assertSameVerdict(flipByte(signed, "proof.mp4", hashesKey + 6 + 1 + 2 + 5), "chunk hash did not match");
    }

    @Test
    void aProofBoxClaimingAnotherLeafIsTheBoxMismatchC2paRsReports() throws IOException {
        Path signed = signWithMerkleTrees("proofs.mp4", 5);
        BmffIndex.Node box = proofBoxes(signed).get(1);
        byte[] bytes = Files.readAllBytes(signed);
        int location = indexOf(bytes, "location".getBytes(StandardCharsets.US_ASCII), (int) box.offset()) + 8;
        assertThat(bytes[location]).as("the second proof box proves leaf 1").isEqualTo((byte) 1);
        bytes[location] = 2;
        Path tampered = dir.resolve("location.mp4");
        Files.write(tampered, bytes);
        assertSameVerdict(tampered, "MerkleMap and MerkleBoxInfo mismatch");
    }

    @Test
    void aMissingProofBoxIsTheCountMismatchC2paRsReports() throws IOException {
        Path signed = signWithMerkleTrees("proofs.mp4", 5);
        BmffIndex.Node last = proofBoxes(signed).getLast();
        byte[] bytes = Files.readAllBytes(signed);
        assertThat(last.end()).isEqualTo(bytes.length);
        Path tampered = dir.resolve("dropped.mp4");
        Files.write(tampered, Arrays.copyOf(bytes, (int) last.offset()));
        assertSameVerdict(tampered, "MerkleMap count incorrect");
    }

    @Test
    void aByteChangedOutsideTheChunksIsTheFileLevelMismatchC2paRsReports() throws IOException {
        Path signed = signWithMerkleTrees("proofs.mp4", 5);
        // the non-C2PA uuid box of video1_no_manifest.mp4 is covered by the file-level hash, not by the trees
        BmffIndex.Node other = topLevel(signed).stream()
                .filter(b -> b.type().equals("uuid") && !b.isC2pa()).findFirst().orElseThrow();
        assertSameVerdict(flipByte(signed, "file-level.mp4", other.payloadOffset() + 40),
                "BMFF file level hash mismatch");
    }

    private static ValidationReport ours(Path file) {
        return C2pa.withDefaults().read(file).orElseThrow();
    }

    /**
     * Same state and failure codes from both validators; with {@code reason}, the BMFF mismatch says it (c2pa-rs
     * wraps the reason in its explanation).
     */
    private static void assertSameVerdict(Path file, String reason) {
        ValidationReport ours = ours(file);
        ReferenceValidator.Verdict reference = ReferenceValidator.check(file, true);
        assertThat(reference.exitCode()).as(reference.json().toString()).isZero();
        assertThat(ours.state().name()).as(file.getFileName().toString())
                .isEqualToIgnoringCase(reference.state());
        assertThat(ours.failure()).extracting(ValidationStatus::code).as(file.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(reference.failures());
        if (reason == null) {
            assertThat(reference.state()).isEqualTo("Valid");
            return;
        }
        List<ValidationStatus> mismatches = ours.failure().stream()
                .filter(s -> s.code().equals("assertion.bmffHash.mismatch")).toList();
        assertThat(mismatches).singleElement().extracting(ValidationStatus::explanation).isEqualTo(reason);
        List<String> explanations = new ArrayList<>();
        for (JsonNode failure : reference.json().path("store").path("validation_results").path("activeManifest")
                .path("failure")) {
            if (failure.path("code").asText().equals("assertion.bmffHash.mismatch")) {
                explanations.add(failure.path("explanation").asText());
            }
        }
        assertThat(explanations).singleElement().asString().contains(reason);
    }

    /** video1_no_manifest.mp4 signed by c2pa-rs with Merkle trees over 64 KiB blocks of its mdat. */
    private Path signWithMerkleTrees(String name, int maxProofs) {
        Path out = dir.resolve(name);
        if (Files.exists(out)) {
            return out;
        }
        Path wasm = ReferenceValidator.install().resolve("node_modules/@contentauth/c2pa-wasm");
        Path script;
        try {
            script = Path.of(BmffMerkleTest.class.getResource("/c2pa/sign-merkle.mjs").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        List<String> command = List.of("node", script.toString(), wasm.toString(),
                Shared.fixture("video1_no_manifest.mp4").toString(), out.toString(), Shared.cert("").toString(),
                String.valueOf(CHUNK_BYTES / 1024), String.valueOf(maxProofs));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in 120 s");
            }
            assertThat(process.exitValue()).as("sign-merkle.mjs: " + log).isZero();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return out;
    }

    private static List<BmffIndex.Node> topLevel(Path file) {
        try {
            return BmffIndex.scan(ByteSource.of(Files.readAllBytes(file)), Limits.DEFAULT, file.toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The C2PA uuid boxes that follow the mdat: c2pa-rs's per-chunk proof boxes. */
    private static List<BmffIndex.Node> proofBoxes(Path file) {
        List<BmffIndex.Node> boxes = topLevel(file);
        long mdatEnd = boxes.stream().filter(b -> b.type().equals("mdat")).findFirst().orElseThrow().end();
        return boxes.stream().filter(b -> b.isC2pa() && b.offset() >= mdatEnd).toList();
    }

    /** Where the Merkle leaves begin: byte 16 of the mdat box, as c2pa-rs hashes it. */
    private static long mdatData(Path file) {
        return topLevel(file).stream().filter(b -> b.type().equals("mdat")).findFirst().orElseThrow().offset() + 16;
    }

    private Path flipByte(Path source, String name, long position) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        bytes[(int) position] ^= 0x01;
        Path out = dir.resolve(name);
        Files.write(out, bytes);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + new String(needle, StandardCharsets.US_ASCII));
    }
}
