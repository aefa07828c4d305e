package io.auteur.provenance.c2pa.internal;

import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.C2paException;
import io.auteur.provenance.c2pa.ManifestSummary;
import io.auteur.provenance.c2pa.TrustAnchors;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.c2pa.ValidationState;
import io.auteur.provenance.c2pa.ValidationStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates a manifest store against its asset (C2PA specification section 15): the claim signature and its
 * credential, the hashed URIs of the assertions, the hard binding, and the manifests of ingredients. Findings are
 * collected, not thrown, with the status codes c2pa-rs reports.
 */
public final class ManifestValidator {
    private static final int CBOR_DEPTH = 32;
    private static final int CBOR_ITEMS = 1_000_000;

    private final Limits limits;
    private final TrustAnchors anchors;
    private final Instant now;

    public ManifestValidator(Limits limits, TrustAnchors anchors, Instant now) {
        this.limits = limits;
        this.anchors = anchors;
        this.now = now;
    }

    /** Findings of one manifest. */
    private static final class Findings {
        final List<ValidationStatus> success = new ArrayList<>();
        final List<ValidationStatus> informational = new ArrayList<>();
        final List<ValidationStatus> failure = new ArrayList<>();
        boolean trusted;

        void ok(String code, String url, String why) {
            success.add(new ValidationStatus(code, url, why));
        }

        void fail(String code, String url, String why) {
            failure.add(new ValidationStatus(code, url, why));
        }
    }

    /** Reads and validates the manifest store of {@code file}; empty when it has none. */
    public Optional<ValidationReport> validate(Path file) {
        AssetHandler handler = AssetHandler.forFile(file);
        Optional<byte[]> storeBytes = handler.readManifestStore(file, limits);
        if (storeBytes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(validate(file, storeBytes.get(), true));
    }

    /**
     * Validates a manifest store held apart from its asset (kept in a repository, recovered through a watermark):
     * everything but the hard binding, which needs the asset's bytes. {@code source} names it in messages.
     */
    public ValidationReport validateDetached(byte[] storeBytes, String source) {
        return validate(Path.of(source), storeBytes, false);
    }

    private ValidationReport validate(Path file, byte[] storeBytes, boolean checkBinding) {
        Jumbf.SuperBox store = Jumbf.parse(storeBytes, limits, file + " manifest store");
        if (!store.isA(Jumbf.MANIFEST_STORE)) {
            throw new C2paException(file + ": the JUMBF box is not a C2PA manifest store");
        }
        List<Jumbf.SuperBox> manifests = store.superBoxes().stream()
                .filter(m -> m.isA(Jumbf.MANIFEST) || m.isA(Jumbf.UPDATE_MANIFEST)).toList();
        if (manifests.isEmpty()) {
            throw new C2paException(file + ": the manifest store holds no manifest");
        }
        Jumbf.SuperBox active = manifests.getLast();
        Findings findings = new Findings();
        List<ValidationStatus> ingredientFailures = new ArrayList<>();
        validateManifest(file, store, active, findings, checkBinding, ingredientFailures, 0);
        if (!checkBinding) {
            findings.informational.add(new ValidationStatus("io.auteur.hardBinding.notChecked",
                    "self#jumbf=/c2pa/" + active.label(), "held apart from its asset: the hard binding was not checked"));
        }
        List<ValidationStatus> hardFailures = new ArrayList<>(findings.failure.stream()
                .filter(s -> !s.code().equals("signingCredential.untrusted")).toList());
        hardFailures.addAll(ingredientFailures);
        ValidationState state = !hardFailures.isEmpty() ? ValidationState.INVALID
                : findings.trusted ? ValidationState.TRUSTED : ValidationState.VALID;
        List<ManifestSummary> summaries = new ArrayList<>();
        for (Jumbf.SuperBox manifest : manifests) {
            summaries.add(summarise(file, manifest));
        }
        return new ValidationReport(state, active.label(), findings.success, findings.informational,
                findings.failure, ingredientFailures, summaries);
    }

    private void validateManifest(Path file, Jumbf.SuperBox store, Jumbf.SuperBox manifest, Findings findings,
                                  boolean checkBinding, List<ValidationStatus> ingredientFailures, int depth) {
        String base = "self#jumbf=/c2pa/" + manifest.label();
        Optional<Jumbf.SuperBox> claimBox = manifest.superBoxes().stream().filter(b -> b.isA(Jumbf.CLAIM)).findFirst();
        if (claimBox.isEmpty() || claimBox.get().content("cbor").isEmpty()) {
            findings.fail("claim.missing", base, "the manifest has no claim");
            return;
        }
        byte[] claimBytes = claimBox.get().content("cbor").get();
        Map<String, Object> claim = Cbor.map(Cbor.decode(claimBytes, CBOR_DEPTH, CBOR_ITEMS, file + " claim"), "claim");
        String claimAlgorithm = claim.get("alg") instanceof String s ? s : "sha256";

        // 1. The signature and its credential.
        String signatureUrl = base + "/c2pa.signature";
        Optional<Jumbf.SuperBox> signatureBox = manifest.superBoxes().stream().filter(b -> b.isA(Jumbf.SIGNATURE)).findFirst();
        if (signatureBox.isEmpty() || signatureBox.get().content("cbor").isEmpty()) {
            findings.fail("claimSignature.missing", signatureUrl, "the manifest has no claim signature");
        } else {
            // c2pa-rs requires a trusted time-stamping authority for 2.x claims only (claim.rs turns the check off
            // for c2pa.claim v1), so a v1 time stamp's time counts once its signature and imprint hold.
            boolean timestampTrustRequired = !claimBox.get().label().equals("c2pa.claim");
            checkSignature(file, signatureBox.get().content("cbor").get(), claimBytes, signatureUrl, findings,
                    timestampTrustRequired);
        }

        // 2. Every assertion the claim lists must be present and hash as listed.
        List<Object> references = new ArrayList<>();
        for (String key : List.of("assertions", "created_assertions", "gathered_assertions")) {
            if (claim.get(key) != null) {
                references.addAll(Cbor.list(claim.get(key), "claim " + key));
            }
        }
        List<Jumbf.SuperBox> hardBindings = new ArrayList<>();
        List<Jumbf.SuperBox> ingredients = new ArrayList<>();
        for (Object reference : references) {
            Map<String, Object> uri = Cbor.map(reference, "hashed URI");
            String url = Cbor.text(uri.get("url"), "hashed URI url");
            String algorithm = uri.get("alg") instanceof String a ? a : claimAlgorithm;
            String absolute = absolute(url, manifest);
            Optional<Jumbf.SuperBox> target = resolve(url, store, manifest);
            if (target.isEmpty()) {
                findings.fail("assertion.missing", absolute, "assertion not found: " + url);
                continue;
            }
            if (!Arrays.equals(target.get().digest(algorithm), Cbor.bytes(uri.get("hash"), "hashed URI hash"))) {
                findings.fail("assertion.hashedURI.mismatch", absolute, "hash does not match: " + url);
                continue;
            }
            findings.ok("assertion.hashedURI.match", absolute, "hashed uri matched: " + url);
            String label = target.get().label();
            if (label.startsWith("c2pa.hash.data") || label.startsWith("c2pa.hash.bmff")) {
                hardBindings.add(target.get());
            }
            if (label.startsWith("c2pa.ingredient")) {
                ingredients.add(target.get());
            }
        }

        // 3. The hard binding ties the manifest to the bytes of this file.
        if (checkBinding) {
            if (hardBindings.isEmpty()) {
                findings.fail("claim.hardBindings.missing", base, "the claim has no hard binding");
            }
            for (Jumbf.SuperBox binding : hardBindings) {
                checkHardBinding(file, binding, base + "/c2pa.assertions/" + binding.label(), findings);
            }
        }

        // 4. Ingredients that carry a manifest: it must be in the store, hash as recorded, and validate.
        for (Jumbf.SuperBox ingredientBox : ingredients) {
            checkIngredient(file, store, ingredientBox, base + "/c2pa.assertions/" + ingredientBox.label(),
                    findings, ingredientFailures, depth);
        }
    }

    private void checkSignature(Path file, byte[] cose, byte[] claimBytes, String url, Findings findings,
                                boolean timestampTrustRequired) {
        Cose.Sign1 sign1;
        try {
            sign1 = Cose.parse(cose, CBOR_DEPTH, CBOR_ITEMS, file + " claim signature");
        } catch (C2paException e) {
            findings.fail("claimSignature.mismatch", url, "malformed COSE signature: " + e.getMessage());
            return;
        }
        if (sign1.chain().isEmpty()) {
            findings.fail("signingCredential.invalid", url, "the signature carries no certificate chain");
            return;
        }
        List<X509Certificate> chain = sign1.chain();
        X509Certificate signer = chain.getFirst();
        // With a valid (and, for 2.x claims, trusted) time stamp, the credential must have been valid when the
        // claim was stamped; otherwise it must be valid now.
        Timestamps.Verdict timestamp = Timestamps.verify(sign1, claimBytes, anchors, timestampTrustRequired, url);
        findings.success.addAll(timestamp.success());
        findings.informational.addAll(timestamp.informational());
        Instant signedAt = timestamp.signingTime().orElse(now);
        Credentials.Verdict verdict = Credentials.check(chain, anchors, signedAt);
        if (verdict.profileProblem().isPresent()) {
            findings.fail("signingCredential.invalid", url, verdict.profileProblem().get());
        }
        if (verdict.trusted()) {
            findings.ok("signingCredential.trusted", url, "signing certificate trusted");
            findings.trusted = true;
        } else {
            findings.fail("signingCredential.untrusted", url, "signing certificate untrusted");
        }
        if (Cose.verify(sign1, claimBytes, signer.getPublicKey())) {
            if (verdict.expired()) {
                findings.fail("signingCredential.expired", url, "signing certificate is outside its validity");
            } else {
                findings.ok("claimSignature.insideValidity", url, "claim signature valid");
            }
            findings.ok("claimSignature.validated", url, "claim signature valid");
        } else {
            findings.fail("claimSignature.mismatch", url, "claim signature is not valid");
        }
    }

    private void checkHardBinding(Path file, Jumbf.SuperBox binding, String url, Findings findings) {
        boolean bmff = binding.label().startsWith("c2pa.hash.bmff");
        String match = bmff ? "assertion.bmffHash.match" : "assertion.dataHash.match";
        String mismatch = bmff ? "assertion.bmffHash.mismatch" : "assertion.dataHash.mismatch";
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, Object> assertion = Cbor.map(Cbor.decode(binding.content("cbor").orElseThrow(
                    () -> new C2paException("hard binding is not CBOR")), CBOR_DEPTH, CBOR_ITEMS, url), url);
            String algorithm = assertion.get("alg") instanceof String a ? a : "sha256";
            ByteSource data = ByteSource.of(channel);
            if (bmff && assertion.get("merkle") != null) {
                Optional<String> problem = merkleProblem(file, data, assertion, algorithm, binding.label());
                if (problem.isPresent()) {
                    findings.fail(mismatch, url, problem.get());
                } else {
                    findings.ok(match, url, "data hash valid");
                }
                return;
            }
            if (!(assertion.get("hash") instanceof byte[] expected)) {
                findings.fail(mismatch, url, "the hard binding has no hash");
                return;
            }
            byte[] actual;
            if (bmff) {
                List<Object> exclusions = assertion.get("exclusions") == null ? List.of()
                        : Cbor.list(assertion.get("exclusions"), "exclusions");
                actual = BmffHash.compute(data, BmffIndex.scan(data, limits, file.toString()), exclusions, algorithm,
                        BmffHash.hashesOffsets(binding.label()));
            } else {
                List<RangeHasher.Range> ranges = new ArrayList<>();
                if (assertion.get("exclusions") != null) {
                    for (Object item : Cbor.list(assertion.get("exclusions"), "exclusions")) {
                        Map<String, Object> exclusion = Cbor.map(item, "exclusion");
                        long start = Cbor.integer(exclusion.get("start"), "exclusion start");
                        long length = Cbor.integer(exclusion.get("length"), "exclusion length");
                        if (start < 0 || length < 0 || start + length > data.length()) {
                            findings.fail(mismatch, url, "exclusion range lies outside the file");
                            return;
                        }
                        ranges.add(new RangeHasher.Range(start, length));
                    }
                }
                // The exclusions must cover the manifest itself, or the binding excludes something else
                // (c2pa-rs reports this as a second data hash mismatch).
                Optional<RangeHasher.Range> location = AssetHandler.forFile(file).manifestLocation(file, limits);
                if (location.isPresent() && ranges.stream().noneMatch(r -> r.start() <= location.get().start()
                        && r.end() >= location.get().end())) {
                    findings.fail(mismatch, url, "the data hash exclusions do not cover the manifest store");
                }
                actual = RangeHasher.hash(data, algorithm, ranges, List.of());
            }
            if (Arrays.equals(expected, actual)) {
                findings.ok(match, url, "data hash valid");
            } else {
                findings.fail(mismatch, url, "the asset's hash does not match the hard binding");
            }
        } catch (IOException e) {
            throw new C2paException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (C2paException | io.auteur.media.MediaException e) {
            findings.fail(mismatch, url, e.getMessage());
        }
    }

    /**
     * Why a BMFF hash with Merkle maps (C2PA 2.x, fragmented MP4 or per-chunk hashes) does not bind this file, in
     * the order c2pa-rs checks ({@code BmffHash::verify_stream_hash}): the file-level hash, then an {@code initHash}
     * on a file with no {@code moof} box (an initialization segment on its own, as
     * ../shared/fixtures/c2pa/dashinit.mp4), which c2pa-rs rejects, then the per-chunk trees of each mdat box.
     * Empty when the binding holds. On a file with moof boxes only c2pa-rs's first check, the number of fragments
     * and proof boxes, is made: the per-fragment hashes are not checked yet, so such a binding is never confirmed.
     * c2pa-rs 0.91.3 (c2pa-wasm 0.13.3) with a Merkle chunk size writes, even for a fragmented file, per-mdat maps
     * and one proof box per block, which fail that check in c2pa-rs itself (see BmffMerkleTest).
     */
    private Optional<String> merkleProblem(Path file, ByteSource data, Map<String, Object> assertion,
                                           String algorithm, String label) {
        List<Object> exclusions = assertion.get("exclusions") == null ? List.of()
                : Cbor.list(assertion.get("exclusions"), "exclusions");
        List<BmffIndex.Node> boxes = BmffIndex.scan(data, limits, file.toString());
        if (assertion.get("hash") instanceof byte[] expected && !Arrays.equals(expected,
                BmffHash.compute(data, boxes, exclusions, algorithm, BmffHash.hashesOffsets(label)))) {
            return Optional.of("BMFF file level hash mismatch");
        }
        boolean fragmented = boxes.stream().anyMatch(box -> box.type().equals("moof"));
        List<BmffMerkle.MerkleMap> maps = new ArrayList<>();
        boolean initHash = false;
        for (Object map : Cbor.list(assertion.get("merkle"), "merkle")) {
            if (Cbor.map(map, "merkle map").get("initHash") != null) {
                if (!fragmented) {
                    return Optional.of("BMFF inithash must not be present for non-fragmented media");
                }
                initHash = true;
            }
            maps.add(BmffMerkle.MerkleMap.from(map));
        }
        if (fragmented) {
            // c2pa-rs checks an initHash before counting fragments, and Auteur does not hash init segments yet.
            if (!initHash && !maps.isEmpty()) {
                Optional<String> count = BmffMerkle.fragmentCountProblem(data, boxes, maps.getFirst(),
                        file.toString());
                if (count.isPresent()) {
                    return count;
                }
            }
            return Optional.of("the BMFF hash is a Merkle tree over fragments, which Auteur does not validate yet:"
                    + " the binding cannot be confirmed");
        }
        return BmffMerkle.verifyChunks(data, boxes, maps, algorithm, limits, file.toString());
    }

    private void checkIngredient(Path file, Jumbf.SuperBox store, Jumbf.SuperBox ingredientBox, String url,
                                 Findings findings, List<ValidationStatus> ingredientFailures, int depth) {
        Map<String, Object> ingredient = Cbor.map(Cbor.decode(ingredientBox.content("cbor").orElse(new byte[]{(byte) 0xA0}),
                CBOR_DEPTH, CBOR_ITEMS, url), url);
        Object reference = ingredient.containsKey("activeManifest") ? ingredient.get("activeManifest")
                : ingredient.get("c2pa_manifest");
        if (reference == null) {
            return;
        }
        Map<String, Object> uri = Cbor.map(reference, "ingredient manifest reference");
        String manifestUrl = Cbor.text(uri.get("url"), "ingredient manifest url");
        Optional<Jumbf.SuperBox> manifest = resolve(manifestUrl, store, null);
        // Findings about an ingredient's manifest go with the ingredient (c2pa-rs: ingredientDeltas); any failure
        // there still makes the whole store Invalid.
        String manifestLocation = manifestUrl;
        if (manifest.isEmpty()) {
            ingredientFailures.add(new ValidationStatus("ingredient.manifest.missing", manifestLocation,
                    "ingredient manifest not found: " + manifestUrl));
            return;
        }
        String algorithm = uri.get("alg") instanceof String a ? a : "sha256";
        if (!Arrays.equals(manifest.get().digest(algorithm), Cbor.bytes(uri.get("hash"), "ingredient manifest hash"))) {
            ingredientFailures.add(new ValidationStatus("ingredient.manifest.mismatch", manifestLocation,
                    "ingredient hash incorrect"));
        }
        if (depth + 1 >= limits.maxNestingDepth()) {
            throw new io.auteur.media.LimitExceededException(file.toString(), "maxNestingDepth",
                    limits.maxNestingDepth(), depth + 1);
        }
        if (ingredient.get("claimSignature") instanceof Map<?, ?> signatureReference
                && signatureReference.get("url") instanceof String signatureUrl
                && signatureReference.get("hash") instanceof byte[] signatureHash) {
            Optional<Jumbf.SuperBox> signature = resolve(signatureUrl, store, null);
            if (signature.isEmpty()) {
                ingredientFailures.add(new ValidationStatus("ingredient.claimSignature.missing", signatureUrl,
                        "ingredient claim signature not found"));
            } else if (!Arrays.equals(signature.get().digest(algorithm), signatureHash)) {
                ingredientFailures.add(new ValidationStatus("ingredient.claimSignature.mismatch", signatureUrl,
                        "ingredient claim signature hash incorrect"));
            }
        }
        Findings nested = new Findings();
        validateManifest(file, store, manifest.get(), nested, false, ingredientFailures, depth + 1);
        nested.failure.stream().filter(s -> !s.code().equals("signingCredential.untrusted"))
                .forEach(ingredientFailures::add);
    }

    /** Resolves a JUMBF URI (C2PA specification 11.2), absolute ("/c2pa/...") or relative to {@code manifest}. */
    static Optional<Jumbf.SuperBox> resolve(String url, Jumbf.SuperBox store, Jumbf.SuperBox manifest) {
        String prefix = "self#jumbf=";
        if (!url.startsWith(prefix)) {
            return Optional.empty();
        }
        String path = url.substring(prefix.length());
        if (path.startsWith(store.label() + "/")) {
            path = "/" + path; // c2pa-rs writes some absolute URIs without the leading slash
        }
        Jumbf.SuperBox at;
        List<String> parts;
        if (path.startsWith("/")) {
            parts = Arrays.asList(path.substring(1).split("/"));
            if (parts.isEmpty() || !parts.getFirst().equals(store.label())) {
                return Optional.empty();
            }
            at = store;
            parts = parts.subList(1, parts.size());
        } else {
            if (manifest == null) {
                return Optional.empty();
            }
            at = manifest;
            parts = Arrays.asList(path.split("/"));
        }
        for (String part : parts) {
            Optional<Jumbf.SuperBox> next = at.child(part);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        return Optional.of(at);
    }

    private static String absolute(String url, Jumbf.SuperBox manifest) {
        String prefix = "self#jumbf=";
        return url.startsWith(prefix + "/") ? url
                : url.startsWith(prefix + "c2pa/") ? prefix + "/" + url.substring(prefix.length()) : prefix + "/c2pa/" + manifest.label() + "/" + url.substring(prefix.length());
    }

    private ManifestSummary summarise(Path file, Jumbf.SuperBox manifest) {
        Optional<Jumbf.SuperBox> claimBox = manifest.superBoxes().stream().filter(b -> b.isA(Jumbf.CLAIM)).findFirst();
        Map<String, Object> claim = claimBox.flatMap(b -> b.content("cbor"))
                .map(bytes -> Cbor.map(Cbor.decode(bytes, CBOR_DEPTH, CBOR_ITEMS, file + " claim"), "claim"))
                .orElse(Map.of());
        int version = claimBox.map(b -> b.label().equals("c2pa.claim.v2") ? 2 : 1).orElse(0);
        Optional<String> title = claim.get("dc:title") instanceof String t ? Optional.of(t) : Optional.empty();
        String generator = generatorOf(claim);
        Optional<String> signer = Optional.empty();
        Optional<String> issuer = Optional.empty();
        Optional<String> algorithm = Optional.empty();
        Optional<byte[]> cose = manifest.superBoxes().stream().filter(b -> b.isA(Jumbf.SIGNATURE)).findFirst()
                .flatMap(b -> b.content("cbor"));
        if (cose.isPresent()) {
            try {
                Cose.Sign1 sign1 = Cose.parse(cose.get(), CBOR_DEPTH, CBOR_ITEMS, file + " claim signature");
                algorithm = sign1.algorithm().map(Enum::name);
                if (!sign1.chain().isEmpty()) {
                    signer = Credentials.attribute(sign1.chain().getFirst().getSubjectX500Principal(), "CN");
                    issuer = Credentials.attribute(sign1.chain().getFirst().getIssuerX500Principal(), "O");
                }
            } catch (C2paException e) {
                // A malformed signature is reported by validation; the summary just lacks the signer.
            }
        }
        List<Map.Entry<String, Object>> assertions = new ArrayList<>();
        manifest.superBoxes().stream().filter(b -> b.isA(Jumbf.ASSERTION_STORE)).findFirst().ifPresent(assertionStore -> {
            for (Jumbf.SuperBox assertion : assertionStore.superBoxes()) {
                Object content;
                if (assertion.content("cbor").isPresent()) {
                    try {
                        content = Cbor.decode(assertion.content("cbor").get(), CBOR_DEPTH, CBOR_ITEMS, assertion.label());
                    } catch (C2paException e) {
                        content = "<malformed CBOR>";
                    }
                } else if (assertion.content("json").isPresent()) {
                    content = new String(assertion.content("json").get(), StandardCharsets.UTF_8);
                } else {
                    content = "<binary>";
                }
                assertions.add(new AbstractMap.SimpleImmutableEntry<>(assertion.label(), content == null ? "null" : content));
            }
        });
        return new ManifestSummary(manifest.label(), version, title, generator, signer, issuer, algorithm, assertions);
    }

    private static String generatorOf(Map<String, Object> claim) {
        Object info = claim.get("claim_generator_info");
        if (info instanceof List<?> list && !list.isEmpty()) {
            info = list.getFirst();
        }
        if (info instanceof Map<?, ?> map && map.get("name") instanceof String name) {
            return map.get("version") instanceof String version ? name + " " + version : name;
        }
        return claim.get("claim_generator") instanceof String s ? s : "unknown";
    }
}
