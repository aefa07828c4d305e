package io.auteur.provenance.c2pa;

import java.util.Objects;

/**
 * A soft binding (C2PA specification, soft binding assertion): the watermark that links the pixels back to the
 * manifest when metadata is stripped.
 *
 * @param algorithm the soft-binding algorithm name, e.g. "io.auteur.watermark.1"
 * @param value     the payload the watermark carries
 */
public record SoftBinding(String algorithm, byte[] value) {
    public SoftBinding {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(value, "value");
        if (algorithm.isBlank()) {
            throw new IllegalArgumentException("soft binding algorithm must not be blank");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
