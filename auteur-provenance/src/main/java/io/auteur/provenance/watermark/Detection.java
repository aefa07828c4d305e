package io.auteur.provenance.watermark;

import java.util.Arrays;

/**
 * What detection found in a video.
 *
 * @param found            the keyed synchronisation pilot was present: the false-positive rate of this decision on
 *                         an unmarked video (or one marked with another key) is at most {@link #FALSE_POSITIVE_RATE}
 * @param payload          the decoded payload; meaningful only when {@code found}
 * @param payloadIntact    the payload's CRC-16 checks out (a further 1 in 65,536 guard against a wrong decode)
 * @param bitConfidence    for each of the 64 payload bits, the decoder's probability that it is right (0.5..1)
 * @param pValue           an upper bound on the probability that an unmarked video scores at least this high,
 *                         over every synchronisation hypothesis tried
 * @param score            the best pilot statistic (standard deviations above chance)
 * @param threshold        the score needed to say {@code found}
 * @param cropScale        the centre-crop scale (side fraction kept) under which the pilot was strongest
 * @param flipped          whether the pilot was strongest with the picture mirrored left to right
 * @param framesAnalysed   how many frames were pooled
 */
public record Detection(boolean found, Payload payload, boolean payloadIntact, double[] bitConfidence, double pValue,
                        double score, double threshold, double cropScale, boolean flipped, int framesAnalysed) {
    /** The false-positive rate per video the threshold is set for. */
    public static final double FALSE_POSITIVE_RATE = 1e-6;

    public Detection {
        java.util.Objects.requireNonNull(payload, "payload");
        if (bitConfidence.length != Payload.SIZE_BITS) {
            throw new IllegalArgumentException("bitConfidence needs " + Payload.SIZE_BITS + " values");
        }
        bitConfidence = bitConfidence.clone();
    }

    @Override
    public double[] bitConfidence() {
        return bitConfidence.clone();
    }

    /** The mean per-bit confidence. */
    public double meanConfidence() {
        return Arrays.stream(bitConfidence).average().orElse(0);
    }

    @Override
    public String toString() {
        return "Detection[found=" + found + ", payload=" + payload + ", intact=" + payloadIntact
                + String.format(java.util.Locale.ROOT, ", score=%.2f/%.2f, p<=%.3g, crop=%.3f%s, frames=%d]",
                score, threshold, pValue, cropScale, flipped ? ", flipped" : "", framesAnalysed);
    }
}
