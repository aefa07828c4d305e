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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BMFF hashes with Merkle maps. Files with per-chunk Merkle trees are signed at test time by the reference
 * implementation (c2pa-rs as WebAssembly, through src/test/resources/c2pa/sign-merkle.mjs), then tampered with; our
 * verdict must be c2pa-rs's, down to the reason for a mismatch. dashinit.mp4 is a DASH initialization segment
 * alone: its c2pa.hash.bmff.v2 holds a Merkle map with an initHash and no file-level hash, and the file has no moof
 * box. c2pa-rs rejects an initHash on media that is not fragmented; we must give the same verdict for the same
 * reason. Fragmented MP4 (moof+mdat fragments, written here with FFmpeg) is signed by c2pa-rs either with one
 * file-level hash or, with a Merkle chunk size, with per-mdat trees that c2pa-rs itself rejects; both are compared.
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

    private static final String FRAGMENT_COUNT = "Incorrect number of fragments hashes";
    private static final String FILE_LEVEL = "BMFF file level hash mismatch";

    @Test
    void aFragmentedMp4SignedWithoutMerkleSettingsHasOneFileLevelHashBothValidatorsAccept() {
        Path signed = signWithC2paRs(fragmentedMp4(), "plain-fragments.mp4", "none", 0);
        assertThat(boxes(signed, "moof")).hasSize(3);
        assertThat(bmffBinding(signed)).containsKey("hash").doesNotContainKey("merkle");
        assertSameVerdict(signed, null);
        assertThat(ours(signed).success()).extracting(ValidationStatus::code).contains("assertion.bmffHash.match");
    }

    @Test
    void aTamperedFragmentUnderAFileLevelHashIsTheMismatchC2paRsReports() throws IOException {
        Path signed = signWithC2paRs(fragmentedMp4(), "plain-fragments.mp4", "none", 0);
        List<Path> tampered = List.of(
                flipByte(signed, "plain-mdat.mp4", boxes(signed, "mdat").get(1).offset() + 100),
                flipByte(signed, "plain-moof.mp4", mfhdSequenceNumber(boxes(signed, "moof").get(1))),
                withoutFragment(signed, "plain-dropped.mp4", 1));
        for (Path file : tampered) {
            assertSameStateAndCodes(file);
            assertThat(ours(file).state()).as(file.getFileName().toString()).isEqualTo(ValidationState.INVALID);
            assertThat(ours(file).failure()).extracting(ValidationStatus::code).as(file.getFileName().toString())
                    .contains("assertion.bmffHash.mismatch");
        }
    }

    /**
     * What c2pa-rs 0.91.3 writes for a fragmented MP4 with a Merkle chunk size: the layout of an unfragmented file
     * (one map per mdat over its blocks, no initHash, a proof box per block after the last fragment), which its
     * own reader then checks as a tree over fragments and rejects; we must reject it for the same reason.
     */
    @Test
    void aFragmentedMp4SignedWithMerkleTreesByC2paRsIsTheFragmentCountMismatchC2paRsReports() {
        Path proofs = signWithC2paRs(fragmentedMp4(), "merkle-fragments.mp4", "1", 5);
        List<BmffIndex.Node> mdats = boxes(proofs, "mdat");
        List<Map<String, Object>> maps = merkleMaps(proofs);
        assertThat(maps).hasSize(mdats.size());
        long blocks = 0;
        for (int i = 0; i < maps.size(); i++) {
            long expected = (mdats.get(i).size() - 16 + 1023) / 1024;
            assertThat(maps.get(i).get("count")).isEqualTo(expected);
            assertThat(maps.get(i)).doesNotContainKey("initHash");
            blocks += expected;
        }
        List<BmffIndex.Node> proofBoxes = proofBoxes(proofs);
        assertThat(proofBoxes).hasSize((int) blocks);
        assertThat(proofBoxes.getFirst().offset()).isGreaterThan(mdats.getLast().offset());
        assertSameVerdict(proofs, FRAGMENT_COUNT);

        Path leaves = signWithC2paRs(fragmentedMp4(), "merkle-fragment-leaves.mp4", "64", 0);
        assertThat(merkleMaps(leaves)).extracting(map -> map.get("count")).containsOnly(1L);
        assertThat(proofBoxes(leaves)).isEmpty();
        assertSameVerdict(leaves, FRAGMENT_COUNT);
    }

    @Test
    void aTamperedMerkleSignedFragmentedMp4GetsC2paRsVerdictAndReason() throws IOException {
        Path signed = signWithC2paRs(fragmentedMp4(), "merkle-fragments.mp4", "1", 5);
        // the mdat data and the proof boxes lie outside the file-level hash, so the fragment count decides
        assertSameVerdict(flipByte(signed, "merkle-mdat.mp4", boxes(signed, "mdat").get(1).offset() + 100),
                FRAGMENT_COUNT);
        BmffIndex.Node box = proofBoxes(signed).get(1);
        byte[] bytes = Files.readAllBytes(signed);
        int hashesKey = indexOf(bytes, "hashes".getBytes(StandardCharsets.US_ASCII), (int) box.offset());
        assertSameVerdict(flipByte(signed, "merkle-proof.mp4", hashesKey + 6 + 1 + 2 + 5), FRAGMENT_COUNT);
        // a moof box is covered by the file-level hash, which c2pa-rs checks first
        assertSameVerdict(flipByte(signed, "merkle-moof.mp4", mfhdSequenceNumber(boxes(signed, "moof").get(1))),
                FILE_LEVEL);
        assertSameVerdict(withoutFragment(signed, "merkle-dropped.mp4", 1), FILE_LEVEL);
    }

    /** 12 frames with a key frame every 4 after an empty moov: three moof+mdat fragments. */
    private Path fragmentedMp4() {
        Path out = dir.resolve("fragmented.mp4");
        return Files.exists(out) ? out : TestMedia.fragmentedMp4(dir, "fragmented.mp4", 64, 48, 12);
    }

    private static List<BmffIndex.Node> boxes(Path file, String type) {
        return topLevel(file).stream().filter(b -> b.type().equals(type)).toList();
    }

    /** The last byte of the mfhd sequence number: the moof's first child, after its size, type, version, flags. */
    private static long mfhdSequenceNumber(BmffIndex.Node moof) {
        return moof.offset() + 8 + 15;
    }

    /** A copy without the fragment (a moof box and the mdat after it) at {@code index}. */
    private Path withoutFragment(Path source, String name, int index) throws IOException {
        byte[] bytes = Files.readAllBytes(source);
        long start = boxes(source, "moof").get(index).offset();
        long end = boxes(source, "mdat").get(index).end();
        Path out = dir.resolve(name);
        try (var stream = Files.newOutputStream(out)) {
            stream.write(bytes, 0, (int) start);
            stream.write(bytes, (int) end, bytes.length - (int) end);
        }
        return out;
    }

    /** The active manifest's c2pa.hash.bmff.v3 as we decode it (CBOR maps with text keys). */
    private static Map<String, Object> bmffBinding(Path file) {
        ValidationReport report = ours(file);
        ManifestSummary active = report.manifests().stream()
                .filter(m -> m.label().equals(report.activeManifest())).findFirst().orElseThrow();
        return textKeyed(active.assertion("c2pa.hash.bmff.v3").orElseThrow());
    }

    private static List<Map<String, Object>> merkleMaps(Path file) {
        return ((List<?>) bmffBinding(file).get("merkle")).stream().map(BmffMerkleTest::textKeyed).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> textKeyed(Object cborMap) {
        return (Map<String, Object>) cborMap;
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
        ReferenceValidator.Verdict reference = assertSameStateAndCodes(file);
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

    /** Same state and failure codes from both validators; c2pa-rs's verdict, for more checks. */
    private static ReferenceValidator.Verdict assertSameStateAndCodes(Path file) {
        ValidationReport ours = ours(file);
        ReferenceValidator.Verdict reference = ReferenceValidator.check(file, true);
        assertThat(reference.exitCode()).as(reference.json().toString()).isZero();
        assertThat(ours.state().name()).as(file.getFileName().toString())
                .isEqualToIgnoringCase(reference.state());
        assertThat(ours.failure()).extracting(ValidationStatus::code).as(file.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(reference.failures());
        return reference;
    }

    /** video1_no_manifest.mp4 signed by c2pa-rs with Merkle trees over 64 KiB blocks of its mdat. */
    private Path signWithMerkleTrees(String name, int maxProofs) {
        return signWithC2paRs(Shared.fixture("video1_no_manifest.mp4"), name, String.valueOf(CHUNK_BYTES / 1024),
                maxProofs);
    }

    /**
     * {@code input} signed by c2pa-rs through sign-merkle.mjs: with Merkle trees over {@code chunkKb}-KiB blocks, or
     * with its default single file-level hash when {@code chunkKb} is "none".
     */
    private Path signWithC2paRs(Path input, String name, String chunkKb, int maxProofs) {
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
                input.toString(), out.toString(), Shared.cert("").toString(), chunkKb, String.valueOf(maxProofs));
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
