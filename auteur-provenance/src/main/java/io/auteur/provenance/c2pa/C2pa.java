package io.auteur.provenance.c2pa;

import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.internal.AssetHandler;
import io.auteur.provenance.c2pa.internal.ManifestValidator;
import io.auteur.provenance.c2pa.internal.ManifestWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Content Credentials for MP4/MOV, JPEG and PNG: sign a file with a manifest, read and validate one. An instance
 * holds the settings (limits on what is parsed, the trust anchors, the clock for certificate validity); there is no
 * global state.
 */
public final class C2pa {
    private final Limits limits;
    private final TrustAnchors anchors;
    private final Clock clock;
    private final TimestampClient timestamps;

    public C2pa(Limits limits, TrustAnchors anchors, Clock clock, TimestampClient timestamps) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
    }

    public C2pa(Limits limits, TrustAnchors anchors, Clock clock) {
        this(limits, anchors, clock, TimestampClient.http(java.time.Duration.ofSeconds(30)));
    }

    /** Default limits, no trust anchors (nothing reports Trusted), the system clock. */
    public static C2pa withDefaults() {
        return new C2pa(Limits.DEFAULT, TrustAnchors.none(), Clock.systemUTC());
    }

    public C2pa withTrustAnchors(TrustAnchors trustAnchors) {
        return new C2pa(limits, trustAnchors, clock, timestamps);
    }

    public C2pa withLimits(Limits newLimits) {
        return new C2pa(newLimits, anchors, clock, timestamps);
    }

    /** Where time stamps come from when a signer names a time-stamping authority (HTTP by default). */
    public C2pa withTimestampClient(TimestampClient client) {
        return new C2pa(limits, anchors, clock, client);
    }

    /**
     * Writes {@code in} to {@code out} with a new active manifest signed by {@code signer}. A manifest already in
     * {@code in} is not kept in place: name the file as an ingredient to carry it. {@code out} may equal {@code in}.
     */
    public void sign(Path in, Path out, ManifestDefinition definition, Signer signer) {
        ManifestWriter.sign(in, out, definition, signer, limits, this::read, timestamps);
    }

    /**
     * Reads and validates the manifest store of {@code file}: empty when the file has none.
     *
     * @throws C2paException when the file or its store cannot be parsed within the limits
     */
    public Optional<ValidationReport> read(Path file) {
        try {
            return new ManifestValidator(limits, anchors, clock.instant()).validate(file);
        } catch (io.auteur.media.MediaException e) {
            throw new C2paException(e.getMessage(), e);
        }
    }

    /**
     * The manifest store embedded in {@code file} as it is stored (JUMBF bytes), to keep beside the asset, e.g. in
     * a manifest repository; empty when the file has none.
     */
    public Optional<byte[]> manifestStore(Path file) {
        try {
            return AssetHandler.forFile(file).readManifestStore(file, limits);
        } catch (io.auteur.media.MediaException e) {
            throw new C2paException(e.getMessage(), e);
        }
    }

    /**
     * Validates a manifest store held apart from its asset (see {@link #manifestStore}): the signature, its
     * credential, the assertions and the ingredients. The hard binding cannot be checked without the asset; the
     * report says so with the informational code {@code io.auteur.hardBinding.notChecked}.
     *
     * @param source names the store in messages, e.g. "repository entry for watermark 00c0ffee12345678"
     */
    public ValidationReport readDetached(byte[] manifestStore, String source) {
        try {
            return new ManifestValidator(limits, anchors, clock.instant()).validateDetached(manifestStore, source);
        } catch (io.auteur.media.MediaException e) {
            throw new C2paException(e.getMessage(), e);
        }
    }
}
