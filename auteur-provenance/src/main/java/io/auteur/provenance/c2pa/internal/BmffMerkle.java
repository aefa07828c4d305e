package io.auteur.provenance.c2pa.internal;

import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.C2paException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Merkle-tree BMFF bindings over chunked mdat boxes (C2PA specification 2.x, section on the BMFF-based hash, the
 * {@code merkle} field), as c2pa-rs writes them when {@code core.merkle_tree_chunk_size_in_kb} is set: each mdat box
 * has one Merkle map whose leaves hash fixed-size (or listed-size) blocks of the box; the map stores one row of the
 * tree, and when that row is not the leaves, top-level C2PA {@code uuid} boxes with the purpose "merkle" carry, per
 * leaf, the proof that leads from the leaf to the stored row. The file-level hash excludes the mdat bytes the tree
 * covers, so together they bind the whole file. Failure reasons are the ones c2pa-rs reports, so verdicts compare.
 */
final class BmffMerkle {
    /**
     * c2pa-rs hashes each mdat box from byte 16 on, past the largest box header (size, type, 64-bit size), whatever
     * the header's actual size, and excludes the same bytes from the file-level hash with an /mdat subset exclusion.
     */
    static final int MDAT_DATA_OFFSET = 16;
    private static final String PROOF_PURPOSE = "merkle";
    private static final int CBOR_DEPTH = 8;
    private static final int CBOR_ITEMS = 10_000;
    /** Largest proof box read into memory: a proof is a few hashes, so anything near this is not one. */
    private static final long MAX_PROOF_BOX_BYTES = 1 << 20;
    private static final int READ_BYTES = 1 << 20;

    /** One {@code merkle} entry of the assertion: the stored tree row for one mdat box. */
    record MerkleMap(long uniqueId, long localId, int count, Optional<String> algorithm, List<byte[]> hashes,
                     OptionalLong fixedBlockSize, Optional<List<Long>> variableBlockSizes) {
        MerkleMap {
            hashes = List.copyOf(hashes);
            if (count < 0) {
                throw new C2paException("merkle map count " + count + " is negative");
            }
        }

        static MerkleMap from(Object item) {
            Map<String, Object> map = Cbor.map(item, "merkle map");
            List<byte[]> hashes = new ArrayList<>();
            for (Object hash : Cbor.list(map.get("hashes"), "merkle map hashes")) {
                hashes.add(Cbor.bytes(hash, "merkle map hash"));
            }
            long count = Cbor.integer(map.get("count"), "merkle map count");
            if (count > Integer.MAX_VALUE) {
                throw new C2paException("merkle map count " + count + " is too large");
            }
            Optional<List<Long>> variable = Optional.empty();
            if (map.get("variableBlockSizes") != null) {
                List<Long> sizes = new ArrayList<>();
                for (Object size : Cbor.list(map.get("variableBlockSizes"), "merkle map variableBlockSizes")) {
                    sizes.add(Cbor.integer(size, "merkle map block size"));
                }
                variable = Optional.of(List.copyOf(sizes));
            }
            return new MerkleMap(Cbor.integer(map.get("uniqueId"), "merkle map uniqueId"),
                    Cbor.integer(map.get("localId"), "merkle map localId"), (int) count,
                    map.get("alg") instanceof String a ? Optional.of(a) : Optional.empty(), hashes,
                    map.get("fixedBlockSize") == null ? OptionalLong.empty()
                            : OptionalLong.of(Cbor.integer(map.get("fixedBlockSize"), "merkle map fixedBlockSize")),
                    variable);
        }
    }

    /** A proof box's payload (BmffMerkleMap): which leaf it proves and the sibling hashes on the way up. */
    record Proof(long uniqueId, long localId, long location, List<byte[]> hashes) {
        Proof {
            hashes = List.copyOf(hashes);
        }
    }

    private BmffMerkle() {
    }

    /**
     * Checks the Merkle maps of an unfragmented file against its mdat boxes; empty when every block hashes into
     * the stored rows, otherwise why not, in c2pa-rs's words.
     */
    static Optional<String> verifyChunks(ByteSource data, List<BmffIndex.Node> topLevel, List<MerkleMap> maps,
                                         String defaultAlgorithm, Limits limits, String source) {
        List<BmffIndex.Node> mdats = topLevel.stream().filter(box -> box.type().equals("mdat")).toList();
        if (mdats.isEmpty()) {
            return Optional.of("No mdat boxes found");
        }
        if (mdats.size() != maps.size()) {
            return Optional.of("number of MerkleMaps does not match number of mdat boxes");
        }
        // The proof boxes lie in file order, one run of `count` boxes per map, in the order of the maps.
        List<Proof> proofs = readProofs(data, topLevel, source);
        List<List<Proof>> groups = new ArrayList<>();
        if (!proofs.isEmpty()) {
            int next = 0;
            for (MerkleMap map : maps) {
                if (proofs.size() - next < map.count()) {
                    return Optional.of("MerkleMap count incorrect");
                }
                groups.add(proofs.subList(next, next + map.count()));
                next += map.count();
            }
        }
        for (int i = 0; i < maps.size(); i++) {
            MerkleMap map = maps.get(i);
            String algorithm = map.algorithm().orElse(defaultAlgorithm);
            Optional<List<long[]>> blocks = blocks(mdats.get(i), map, limits, source);
            if (blocks.isEmpty()) {
                return Optional.of(blockProblem(mdats.get(i), map));
            }
            if (blocks.get().size() != map.count()) {
                return Optional.of("number of leaves does not match the MerkleMap count");
            }
            List<byte[]> leaves = new ArrayList<>();
            for (long[] block : blocks.get()) {
                leaves.add(hashRange(data, algorithm, block[0], block[1]));
            }
            Optional<String> problem = groups.isEmpty() ? checkStoredRow(map, algorithm, leaves)
                    : checkProofs(map, algorithm, leaves, groups.get(i));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /**
     * The first check c2pa-rs makes on a single fragmented file ({@code BmffHash::verify_stream_hash}): a map over
     * fragments has one leaf per fragment (a run of top-level boxes from one moof box to the next), so its count
     * must equal both the number of moof boxes and the number of proof boxes in the file. c2pa-rs checks the maps
     * in order and hashes the fragments of a map before it looks at the next one, so only the first map's counts
     * decide a verdict without hashing; empty when they agree.
     */
    static Optional<String> fragmentCountProblem(ByteSource data, List<BmffIndex.Node> topLevel, MerkleMap first,
                                                 String source) {
        long fragments = topLevel.stream().filter(box -> box.type().equals("moof")).count();
        int proofs = readProofs(data, topLevel, source).size();
        if (fragments != first.count() || proofs != first.count()) {
            return Optional.of("Incorrect number of fragments hashes");
        }
        return Optional.empty();
    }

    /** The (offset, length) of each leaf block of an mdat box; empty when the map's block description is unusable. */
    private static Optional<List<long[]>> blocks(BmffIndex.Node mdat, MerkleMap map, Limits limits, String source) {
        long start = mdat.offset() + Math.min(MDAT_DATA_OFFSET, mdat.size());
        long length = mdat.end() - start;
        List<long[]> out = new ArrayList<>();
        if (map.fixedBlockSize().isPresent() && map.variableBlockSizes().isPresent()) {
            return Optional.empty();
        }
        if (map.fixedBlockSize().isPresent()) {
            long size = map.fixedBlockSize().getAsLong();
            if (size <= 0) {
                return Optional.empty();
            }
            long blocks = length == 0 ? 0 : (length + size - 1) / size;
            if (blocks > limits.maxEntries()) {
                throw new LimitExceededException(source, "maxEntries", limits.maxEntries(), blocks);
            }
            for (long at = start; at < mdat.end(); at += size) {
                out.add(new long[]{at, Math.min(size, mdat.end() - at)});
            }
        } else if (map.variableBlockSizes().isPresent()) {
            List<Long> sizes = map.variableBlockSizes().get();
            if (sizes.stream().anyMatch(s -> s < 0) || sizes.stream().mapToLong(Long::longValue).sum() != length) {
                return Optional.empty();
            }
            long at = start;
            for (long size : sizes) {
                out.add(new long[]{at, size});
                at += size;
            }
        } else {
            out.add(new long[]{start, length});
        }
        return Optional.of(out);
    }

    private static String blockProblem(BmffIndex.Node mdat, MerkleMap map) {
        if (map.fixedBlockSize().isPresent() && map.variableBlockSizes().isPresent()) {
            return "MerkleMap block type must be either fixed or variable or both none";
        }
        if (map.fixedBlockSize().isPresent()) {
            return "fixed block size must be positive integer";
        }
        return "variable block sizes does not match mdat box size";
    }

    /** Without proof boxes the map stores a row of the tree itself: rebuild the tree up to that row and compare. */
    private static Optional<String> checkStoredRow(MerkleMap map, String algorithm, List<byte[]> leaves) {
        if (map.hashes().isEmpty()) {
            return Optional.of("empty Merkle tree during verification");
        }
        List<byte[]> row = leaves;
        while (row.size() > map.hashes().size() && row.size() > 1) {
            row = parentRow(algorithm, row);
        }
        boolean same = row.size() == map.hashes().size();
        for (int i = 0; same && i < row.size(); i++) {
            same = Arrays.equals(row.get(i), map.hashes().get(i));
        }
        if (same) {
            return Optional.empty();
        }
        return Optional.of(row == leaves ? "chunk hash did not match" : "Merkle root hash did not match");
    }

    /** Each proof box must prove its leaf: replaying the proof from the leaf must land on the stored row. */
    private static Optional<String> checkProofs(MerkleMap map, String algorithm, List<byte[]> leaves,
                                                List<Proof> proofs) {
        for (int index = 0; index < proofs.size(); index++) {
            Proof proof = proofs.get(index);
            if (proof.uniqueId() != map.uniqueId() || proof.localId() != map.localId() || proof.location() != index) {
                return Optional.of("MerkleMap and MerkleBoxInfo mismatch");
            }
            if (proof.location() >= leaves.size()) {
                return Optional.of("BmffMerkleMap location exceeds leaf hash count");
            }
            if (!proves(map, algorithm, leaves.get(index), index, proof.hashes())) {
                return Optional.of("chunk hash did not match");
            }
        }
        return Optional.empty();
    }

    /**
     * Replays a proof (c2pa-rs {@code MerkleMap::check_merkle_tree}): on each row below the stored one, a node
     * with a sibling is hashed with the next proof hash (left node first); a last odd node moves up unchanged.
     */
    static boolean proves(MerkleMap map, String algorithm, byte[] leaf, long location, List<byte[]> proof) {
        long index = location;
        byte[] hash = leaf;
        int used = 0;
        for (long rowSize : rowSizes(map.count())) {
            if (rowSize == map.hashes().size()) {
                break;
            }
            boolean isRight = index % 2 == 1;
            if (isRight || index + 1 < rowSize) {
                if (used >= proof.size()) {
                    return false;
                }
                byte[] sibling = proof.get(used++);
                hash = isRight ? pair(algorithm, sibling, hash) : pair(algorithm, hash, sibling);
            }
            index /= 2;
        }
        return index < map.hashes().size() && Arrays.equals(map.hashes().get((int) index), hash);
    }

    /** The number of nodes on each row of a tree with {@code leaves} leaves, from the leaves to the root. */
    private static List<Long> rowSizes(long leaves) {
        List<Long> sizes = new ArrayList<>();
        long size = leaves;
        sizes.add(size);
        while (size > 1) {
            size = (size + 1) / 2;
            sizes.add(size);
        }
        return sizes;
    }

    private static List<byte[]> parentRow(String algorithm, List<byte[]> row) {
        List<byte[]> parents = new ArrayList<>();
        for (int i = 0; i < row.size(); i += 2) {
            parents.add(i + 1 < row.size() ? pair(algorithm, row.get(i), row.get(i + 1)) : row.get(i));
        }
        return parents;
    }

    private static byte[] pair(String algorithm, byte[] left, byte[] right) {
        MessageDigest digest = digest(algorithm);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    private static byte[] hashRange(ByteSource data, String algorithm, long start, long length) {
        MessageDigest digest = digest(algorithm);
        byte[] buffer = new byte[(int) Math.min(READ_BYTES, Math.max(1, length))];
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(buffer.length, length - done);
            data.read(start + done, buffer, 0, n);
            digest.update(buffer, 0, n);
            done += n;
        }
        return digest.digest();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(Jumbf.javaDigestName(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new C2paException("unsupported hash algorithm in merkle map: " + algorithm);
        }
    }

    /** The top-level C2PA uuid boxes whose purpose is "merkle", in file order. */
    private static List<Proof> readProofs(ByteSource data, List<BmffIndex.Node> topLevel, String source) {
        List<Proof> proofs = new ArrayList<>();
        byte[] purpose = (PROOF_PURPOSE + "\0").getBytes(StandardCharsets.US_ASCII);
        for (BmffIndex.Node box : topLevel) {
            long at = box.payloadOffset() + 4; // version and flags of the full box
            if (!box.isC2pa() || box.end() - at < purpose.length
                    || !Arrays.equals(purpose, data.read(at, purpose.length))) {
                continue;
            }
            long length = box.end() - at - purpose.length;
            if (length > MAX_PROOF_BOX_BYTES) {
                throw new C2paException(source + ": Merkle proof box at offset " + box.offset() + " holds " + length
                        + " bytes, more than " + MAX_PROOF_BOX_BYTES);
            }
            String what = source + " Merkle proof box at offset " + box.offset();
            Map<String, Object> map = Cbor.map(Cbor.decodeLeading(data.read(at + purpose.length, (int) length),
                    CBOR_DEPTH, CBOR_ITEMS, what), what);
            List<byte[]> hashes = new ArrayList<>();
            if (map.get("hashes") != null) {
                for (Object hash : Cbor.list(map.get("hashes"), what + " hashes")) {
                    hashes.add(Cbor.bytes(hash, what + " hash"));
                }
            }
            proofs.add(new Proof(Cbor.integer(map.get("uniqueId"), what + " uniqueId"),
                    Cbor.integer(map.get("localId"), what + " localId"),
                    Cbor.integer(map.get("location"), what + " location"), hashes));
        }
        return proofs;
    }
}
