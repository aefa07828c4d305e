package io.auteur.provenance.verify;

import io.auteur.media.Clip;
import io.auteur.media.LimitExceededException;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.media.Stills;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.C2paException;
import io.auteur.provenance.c2pa.ManifestSummary;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.c2pa.ValidationState;
import io.auteur.provenance.c2pa.ValidationStatus;
import io.auteur.provenance.forensics.ForensicScore;
import io.auteur.provenance.forensics.Forensics;
import io.auteur.provenance.verify.Finding.Severity;
import io.auteur.provenance.verify.Verification.CredentialSource;
import io.auteur.provenance.watermark.Detection;
import io.auteur.provenance.watermark.Payload;
import io.auteur.provenance.watermark.WatermarkException;
import io.auteur.provenance.watermark.Watermarker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The verification desk: reads a file's Content Credentials, looks for Auteur's watermark, recovers a stripped
 * manifest through the watermark from the repositories it is given, checks that all of these agree, and adds pixel
 * forensics as supporting evidence. The verdict rests on the credentials, the watermark and the repositories only.
 *
 * <p>An instance holds its settings (C2PA reader with its trust anchors, the watermark key, the repositories, the
 * limits) and is immutable.
 */
public final class Verifier {
    /** Frames decoded for forensics at most (they pick 16 of them, each with its successor). */
    private static final int FORENSIC_FRAMES = 48;
    private static final Set<String> HARD_BINDING_MISMATCHES = Set.of("assertion.dataHash.mismatch",
            "assertion.bmffHash.mismatch", "assertion.boxesHash.mismatch", "assertion.collectionHash.mismatch");
    private static final Set<String> MANIFEST_TAMPERING = Set.of("claimSignature.mismatch", "claimSignature.missing",
            "assertion.hashedURI.mismatch", "assertion.missing", "claim.missing");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final C2pa c2pa;
    private final Optional<Watermarker> watermarker;
    private final List<ManifestLookup> repositories;
    private final Limits limits;
    private final boolean forensics;

    /**
     * @param watermarker  Auteur's watermark with the studio's key; empty when no key is at hand (nothing is looked for)
     * @param repositories consulted in order; the first that knows a watermark answers
     */
    public Verifier(C2pa c2pa, Optional<Watermarker> watermarker, List<ManifestLookup> repositories, Limits limits) {
        this(c2pa, watermarker, repositories, limits, true);
    }

    private Verifier(C2pa c2pa, Optional<Watermarker> watermarker, List<ManifestLookup> repositories, Limits limits,
                     boolean forensics) {
        this.c2pa = Objects.requireNonNull(c2pa, "c2pa");
        this.watermarker = Objects.requireNonNull(watermarker, "watermarker");
        this.repositories = List.copyOf(repositories);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.forensics = forensics;
    }

    /** The same verifier without pixel forensics (faster on long videos). */
    public Verifier withoutForensics() {
        return new Verifier(c2pa, watermarker, repositories, limits, false);
    }

    /**
     * Verifies one file.
     *
     * @throws VerificationException when the file is missing, too large, hostile (a container past the limits) or
     *                               neither carries a manifest nor decodes as a video or image
     */
    public Verification verify(Path file) {
        // 1. The input: a readable file within the size limit, and its content hash.
        checkInput(file);
        String sha256 = StoredManifest.sha256Of(file);
        List<Finding> findings = new ArrayList<>();

        // 2. The embedded Content Credentials.
        Optional<ValidationReport> embedded = readCredentials(file, findings);

        // 3. The pictures (for the watermark and forensics); without credentials, undecodable means unverifiable.
        Optional<Clip> pictures = decode(file, embedded.isPresent(), findings);

        // 4. Auteur's watermark.
        Optional<Detection> detection = pictures.flatMap(clip -> detectWatermark(file, clip, findings));

        // 5. What the repositories hold: by watermark (or by the soft binding the manifest names), else by hash.
        Optional<Payload> softBinding = embedded.flatMap(report -> softBindingPayload(report.active()));
        // A payload that failed its checksum is not looked up: it is almost surely not the one embedded.
        Optional<Detection> readable = detection.filter(d -> d.found() && d.payloadIntact());
        Optional<Payload> key = readable.map(Detection::payload).or(() -> softBinding);
        Optional<StoredManifest> entry = lookUp(key, sha256, findings);

        // 6. Credentials recovered through the watermark when the file has none.
        Optional<ValidationReport> recovered = embedded.isEmpty() && readable.isPresent()
                ? entry.flatMap(e -> readRecovered(e, findings)) : Optional.empty();
        Optional<ValidationReport> credentials = embedded.or(() -> recovered);
        CredentialSource source = embedded.isPresent() ? CredentialSource.EMBEDDED
                : recovered.isPresent() ? CredentialSource.RECOVERED_BY_WATERMARK : CredentialSource.NONE;

        // 7. Do the manifest, the watermark and the ingredients agree?
        credentials.ifPresent(report -> checkConsistency(report, detection, findings));

        // 8. Pixel forensics: supporting evidence only.
        Optional<ForensicScore> score = forensics ? pictures.flatMap(clip -> forensics(clip, findings)) : Optional.empty();

        // 9. The verdict, from the credentials, the watermark and the repositories.
        boolean unreadable = findings.stream().anyMatch(f -> f.code().equals("credentials.unreadable"));
        Verdict verdict = unreadable ? Verdict.INVALID : verdict(embedded, recovered, detection);
        String headline = unreadable ? "credentials invalid: the embedded manifest store cannot be read"
                : headline(verdict, credentials, detection, entry);
        return new Verification(file, sha256, verdict, headline, credentials, source, entry, detection, score, findings);
    }

    private void checkInput(Path file) {
        if (!Files.exists(file)) {
            throw new VerificationException(file + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new VerificationException(file + ": not a readable file");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new VerificationException(file + ": the file is empty");
            }
            if (size > limits.maxFileSizeBytes()) {
                throw new VerificationException(file + ": " + size + " bytes is over the limit maxFileSizeBytes ("
                        + limits.maxFileSizeBytes() + " bytes)");
            }
        } catch (IOException e) {
            throw new VerificationException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private Optional<ValidationReport> readCredentials(Path file, List<Finding> findings) {
        Container container = Container.of(file);
        if (container == Container.OTHER) {
            findings.add(new Finding(Severity.INFO, "credentials.unsupportedContainer",
                    "the file is not MP4/MOV, JPEG or PNG, the containers Auteur reads Content Credentials from"));
            return Optional.empty();
        }
        try {
            Optional<ValidationReport> report = c2pa.read(file);
            if (report.isEmpty()) {
                findings.add(new Finding(Severity.INFO, "credentials.absent", "the file carries no C2PA manifest"));
            }
            return report;
        } catch (C2paException e) {
            if (causedByLimit(e)) {
                // The reference implementation rejects such files as malformed assets too.
                throw new VerificationException(file + ": rejected as a malformed or hostile file: " + e.getMessage(), e);
            }
            findings.add(new Finding(Severity.PROBLEM, "credentials.unreadable",
                    "the embedded manifest store cannot be read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static boolean causedByLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LimitExceededException) {
                return true;
            }
        }
        return false;
    }

    private Optional<Clip> decode(Path file, boolean hasCredentials, List<Finding> findings) {
        try {
            return Optional.of(Container.of(file).still ? Stills.read(file, limits)
                    : Video.read(file, limits, 0, FORENSIC_FRAMES));
        } catch (MediaException | WatermarkException e) {
            if (!hasCredentials) {
                String manifest = findings.stream().filter(f -> f.code().equals("credentials.unreadable"))
                        .map(f -> " (and " + f.message() + ")").findFirst().orElse("");
                throw new VerificationException(e.getMessage() + "; it is not a video or image Auteur can verify"
                        + manifest, e);
            }
            findings.add(new Finding(Severity.WARNING, "pixels.undecodable",
                    "the pictures cannot be decoded, so neither the watermark nor forensics could be checked: "
                            + e.getMessage()));
            return Optional.empty();
        }
    }

    private Optional<Detection> detectWatermark(Path file, Clip firstFrames, List<Finding> findings) {
        if (watermarker.isEmpty()) {
            findings.add(new Finding(Severity.INFO, "watermark.notChecked",
                    "no watermark key was given, so Auteur's watermark was not looked for"));
            return Optional.empty();
        }
        try {
            // A still is already whole; a video is streamed again, every frame, since the mark is pooled over all.
            Detection detection = Container.of(file).still ? watermarker.get().detect(firstFrames)
                    : watermarker.get().detect(file, limits);
            if (detection.found()) {
                findings.add(new Finding(detection.payloadIntact() ? Severity.INFO : Severity.WARNING, "watermark.found",
                        String.format(Locale.ROOT, "Auteur's watermark found: payload %s%s (p <= %.2g, mean bit "
                                        + "confidence %.2f, %d frames)", detection.payload().hex(),
                                detection.payloadIntact() ? "" : ", but its checksum fails: the payload is unreliable "
                                        + "and is not looked up",
                                detection.pValue(), detection.meanConfidence(), detection.framesAnalysed())));
            } else {
                findings.add(new Finding(Severity.INFO, "watermark.absent", String.format(Locale.ROOT,
                        "no Auteur watermark (score %.1f, threshold %.1f for a false-positive rate of %.0e, %d frames)",
                        detection.score(), detection.threshold(), Detection.FALSE_POSITIVE_RATE,
                        detection.framesAnalysed())));
            }
            return Optional.of(detection);
        } catch (WatermarkException | MediaException e) {
            findings.add(new Finding(Severity.WARNING, "watermark.notChecked",
                    "the watermark could not be looked for: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private Optional<StoredManifest> lookUp(Optional<Payload> payload, String sha256, List<Finding> findings) {
        for (ManifestLookup repository : repositories) {
            try {
                Optional<StoredManifest> entry = payload.isPresent() ? repository.byWatermark(payload.get())
                        : Optional.empty();
                if (entry.isEmpty()) {
                    entry = repository.byContentHash(sha256);
                }
                if (entry.isPresent()) {
                    findings.add(new Finding(Severity.INFO, "repository.found", repository.name() + " holds manifest "
                            + entry.get().manifestLabel() + ", recorded " + DATE.format(entry.get().signedAt())));
                    return entry;
                }
            } catch (VerificationException e) {
                findings.add(new Finding(Severity.WARNING, "repository.unavailable",
                        repository.name() + " could not be asked: " + e.getMessage()));
            }
        }
        if (payload.isPresent() && !repositories.isEmpty()) {
            findings.add(new Finding(Severity.INFO, "repository.unknown", "no repository consulted ("
                    + String.join(", ", repositories.stream().map(ManifestLookup::name).toList())
                    + ") holds a manifest for watermark " + payload.get().hex()));
        }
        return Optional.empty();
    }

    private Optional<ValidationReport> readRecovered(StoredManifest entry, List<Finding> findings) {
        try {
            ValidationReport report = c2pa.readDetached(entry.manifestStore(), "manifest " + entry.manifestLabel()
                    + " from " + entry.source());
            findings.add(new Finding(report.state() == ValidationState.INVALID ? Severity.PROBLEM : Severity.INFO,
                    "credentials.recovered", "the file carries no manifest; its watermark led to manifest "
                    + entry.manifestLabel() + " in " + entry.source() + ", whose signature is "
                    + (report.state() == ValidationState.INVALID ? "NOT valid: " + String.join(", ", report.failureCodes())
                    : "valid") + " (its hard binding describes the original file, not this copy)"));
            return Optional.of(report);
        } catch (C2paException e) {
            findings.add(new Finding(Severity.PROBLEM, "credentials.recovered.unreadable",
                    "the manifest in " + entry.source() + " cannot be read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static void checkConsistency(ValidationReport report, Optional<Detection> detection, List<Finding> findings) {
        ManifestSummary active = report.active();
        for (ValidationStatus failure : report.failure()) {
            if (failure.code().equals("signingCredential.untrusted")) {
                findings.add(new Finding(Severity.WARNING, "credentials.untrusted", "the signing certificate ("
                        + active.signer().orElse("unknown") + ") does not chain to a trust anchor given to the verifier"));
            } else {
                findings.add(new Finding(Severity.PROBLEM, "credentials." + failure.code(),
                        plain(failure.code()) + " (" + failure.code() + ": " + failure.explanation() + ")"));
            }
        }
        for (ValidationStatus failure : report.ingredientFailures()) {
            boolean unresolved = failure.code().endsWith(".missing");
            findings.add(new Finding(Severity.PROBLEM, unresolved ? "consistency.ingredient.unresolved"
                    : "consistency.ingredient.invalid", (unresolved ? "an ingredient cannot be resolved: "
                    : "an ingredient's manifest does not validate: ") + failure.explanation() + " (" + failure.code()
                    + ", " + failure.url() + ")"));
        }
        Optional<Payload> bound = softBindingPayload(active);
        boolean generated = digitalSourceTypes(active).stream().anyMatch(t -> t.endsWith("trainedAlgorithmicMedia")
                || t.endsWith("compositeWithTrainedAlgorithmicMedia"));
        if (detection.isEmpty()) {
            return;
        }
        Detection found = detection.get();
        if (found.found() && !found.payloadIntact() && bound.isPresent()) {
            findings.add(new Finding(Severity.WARNING, "consistency.softBinding.unreadable", "the watermark is there "
                    + "but its payload failed its checksum, so it cannot be compared with the soft binding "
                    + bound.get().hex()));
        } else if (found.found() && bound.isPresent()) {
            if (found.payload().equals(bound.get())) {
                findings.add(new Finding(Severity.INFO, "consistency.softBinding.match",
                        "the watermark carries " + found.payload().hex() + ", the payload the manifest's soft binding names"));
            } else {
                findings.add(new Finding(Severity.PROBLEM, "consistency.softBinding.mismatch", "the watermark carries "
                        + found.payload().hex() + " but the manifest's soft binding names " + bound.get().hex()
                        + ": the pictures and the manifest do not belong together"));
            }
        } else if (!found.found() && bound.isPresent()) {
            findings.add(new Finding(Severity.WARNING, "consistency.softBinding.watermarkMissing", "the manifest's soft "
                    + "binding names watermark " + bound.get().hex() + " but no watermark was found: it was removed, "
                    + "or the pictures were replaced"));
        }
        if (generated && !found.found() && bound.isEmpty()) {
            findings.add(new Finding(Severity.WARNING, "consistency.aiWithoutWatermark", "the manifest says "
                    + "AI-generated but no Auteur watermark was found (it may come from another tool, or the mark was removed)"));
        }
    }

    /** The plain meaning of a C2PA failure code. */
    static String plain(String code) {
        if (HARD_BINDING_MISMATCHES.contains(code)) {
            return "the pixels (the bytes the hard binding covers) changed after signing";
        }
        return switch (code) {
            case "claimSignature.mismatch" -> "the claim does not match its signature: the manifest was altered "
                    + "after signing, or the signature is not genuine";
            case "claimSignature.missing" -> "the claim has no signature";
            case "assertion.hashedURI.mismatch" -> "an assertion was altered after signing";
            case "assertion.missing" -> "an assertion the claim lists is missing";
            case "claim.missing" -> "the manifest has no claim";
            case "claim.hardBindings.missing" -> "the manifest does not bind to the file's bytes";
            case "signingCredential.expired" -> "the signing certificate was outside its validity when signing";
            case "signingCredential.invalid" -> "the signing certificate is not fit for signing";
            default -> "validation failed";
        };
    }

    private Optional<ForensicScore> forensics(Clip clip, List<Finding> findings) {
        Optional<ForensicScore> score = Forensics.score(clip);
        if (score.isEmpty()) {
            findings.add(new Finding(Severity.INFO, "forensics.notApplicable", clip.frameCount() < 2
                    ? "forensics are calibrated on video only, not on stills"
                    : "the picture is smaller than " + Forensics.MIN_SIDE + " pixels a side: too small for forensics"));
        }
        return score;
    }

    private static Verdict verdict(Optional<ValidationReport> embedded, Optional<ValidationReport> recovered,
                                   Optional<Detection> detection) {
        if (embedded.isPresent()) {
            List<String> failures = embedded.get().failureCodes();
            if (failures.stream().anyMatch(c -> HARD_BINDING_MISMATCHES.contains(c) || MANIFEST_TAMPERING.contains(c))) {
                return Verdict.TAMPERED;
            }
            return embedded.get().state() == ValidationState.INVALID ? Verdict.INVALID : Verdict.INTACT;
        }
        if (recovered.isPresent()) {
            return Verdict.RECOVERED;
        }
        return detection.filter(Detection::found).isPresent() ? Verdict.WATERMARK_ONLY : Verdict.NO_PROVENANCE;
    }

    private static String headline(Verdict verdict, Optional<ValidationReport> credentials, Optional<Detection> detection,
                                   Optional<StoredManifest> entry) {
        Optional<Instant> signedAt = entry.map(StoredManifest::signedAt);
        return switch (verdict) {
            case INTACT -> describe(credentials.get().active(), signedAt) + "; credentials intact"
                    + (credentials.get().state() == ValidationState.TRUSTED ? " and trusted"
                    : " (the signer's certificate is not on the trust list used)");
            case RECOVERED -> "credentials stripped; recovered from the watermark: "
                    + describe(credentials.get().active(), signedAt);
            case TAMPERED -> {
                List<String> failures = credentials.get().failureCodes();
                String what = failures.stream().anyMatch(HARD_BINDING_MISMATCHES::contains)
                        ? "pixels changed after signing" : "the manifest was altered after signing";
                yield "tampered: " + what + " (the manifest claims: " + describe(credentials.get().active(), signedAt) + ")";
            }
            case INVALID -> "credentials invalid: " + credentials.get().failureCodes().stream()
                    .filter(c -> !c.equals("signingCredential.untrusted")).findFirst().map(Verifier::plain)
                    .orElse("an ingredient's manifest does not validate")
                    + " (the manifest claims: " + describe(credentials.get().active(), signedAt) + ")";
            case WATERMARK_ONLY -> detection.get().payloadIntact()
                    ? "credentials stripped; Auteur's watermark found (payload " + detection.get().payload().hex()
                    + ") but no repository consulted holds its manifest"
                    : "credentials stripped; Auteur's watermark found, but its payload did not survive intact, so its "
                    + "manifest cannot be looked up";
            case NO_PROVENANCE -> "no provenance found";
        };
    }

    /** "AI-generated by Auteur (model toy 0) on 2026-01-02 03:04 UTC, signed by Auteur Signer" and the like. */
    static String describe(ManifestSummary manifest, Optional<Instant> signedAt) {
        List<String> types = digitalSourceTypes(manifest);
        String kind = types.stream().anyMatch(t -> t.endsWith("/compositeWithTrainedAlgorithmicMedia"))
                ? "edited with AI"
                : types.stream().anyMatch(t -> t.endsWith("/trainedAlgorithmicMedia")) ? "AI-generated"
                : types.stream().anyMatch(t -> t.endsWith("/algorithmicMedia")) ? "computer-generated (no trained model)"
                : types.stream().anyMatch(t -> t.endsWith("/digitalCapture")) ? "captured by a camera"
                : "made";
        String tool = softwareAgent(manifest).map(agent -> agent.startsWith("Auteur ")
                        ? "Auteur (model " + agent.substring("Auteur ".length()) + ")" : agent)
                .orElse(manifest.claimGenerator());
        return kind + " by " + tool + signedAt.map(at -> " on " + DATE.format(at)).orElse("")
                + ", signed by " + manifest.signer().orElse("an unnamed signer")
                + manifest.issuer().map(issuer -> " (issued by " + issuer + ")").orElse("");
    }

    private static List<Map<?, ?>> actions(ManifestSummary manifest) {
        Optional<Object> assertion = manifest.assertion("c2pa.actions.v2").or(() -> manifest.assertion("c2pa.actions"));
        List<Map<?, ?>> out = new ArrayList<>();
        if (assertion.isPresent() && assertion.get() instanceof Map<?, ?> map && map.get("actions") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> action) {
                    out.add(action);
                }
            }
        }
        return out;
    }

    private static List<String> digitalSourceTypes(ManifestSummary manifest) {
        return actions(manifest).stream().map(a -> a.get("digitalSourceType")).filter(Objects::nonNull)
                .map(Object::toString).toList();
    }

    /** The tool of the first action that names one, with its version. */
    private static Optional<String> softwareAgent(ManifestSummary manifest) {
        for (Map<?, ?> action : actions(manifest)) {
            Object agent = action.get("softwareAgent");
            if (agent instanceof Map<?, ?> named && named.get("name") != null) {
                return Optional.of(named.get("name") + (named.get("version") == null ? "" : " " + named.get("version")));
            }
            if (agent instanceof String name) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The payload an Auteur watermark soft binding names, if the manifest has one. */
    public static Optional<Payload> softBindingPayload(ManifestSummary manifest) {
        if (manifest.assertion("c2pa.soft-binding").orElse(null) instanceof Map<?, ?> binding
                && Watermarker.ALGORITHM.equals(binding.get("alg"))
                && binding.get("blocks") instanceof List<?> blocks && !blocks.isEmpty()
                && blocks.getFirst() instanceof Map<?, ?> block && block.get("value") instanceof byte[] value
                && value.length == 8) {
            return Optional.of(new Payload(ByteBuffer.wrap(value).getLong()));
        }
        return Optional.empty();
    }

    /** What the first bytes say a file is, as far as the verifier cares. */
    private enum Container {
        STILL(true), BMFF(false), OTHER(false);

        final boolean still;

        Container(boolean still) {
            this.still = still;
        }

        static Container of(Path file) {
            byte[] head = new byte[12];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            } catch (IOException e) {
                throw new VerificationException(file + ": cannot read (" + e.getMessage() + ")", e);
            }
            if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
                return STILL;
            }
            if (n >= 4 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
                return STILL;
            }
            String type = n >= 8 ? new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
            return Set.of("ftyp", "moov", "uuid", "free", "mdat", "wide").contains(type) ? BMFF : OTHER;
        }
    }
}
