package io.auteur.media;

/**
 * Bounds on everything Auteur reads from outside: containers, images and decoded video.
 * One value is passed to every parser and decoder so a hostile file meets the same fence everywhere.
 *
 * @param maxNestingDepth       deepest box nesting accepted in ISO BMFF (and any other nested structure)
 * @param maxEntries            most boxes, segments or chunks in one file, counted over the whole tree
 * @param maxFileSizeBytes      largest container file accepted
 * @param maxFrameDimension     largest frame width or height in pixels
 * @param maxFrameCount         most frames decoded from one video
 * @param maxDecodedBytes       most bytes of decoded RGB held at once for one clip
 */
public record Limits(
        int maxNestingDepth,
        int maxEntries,
        long maxFileSizeBytes,
        int maxFrameDimension,
        int maxFrameCount,
        long maxDecodedBytes) {

    /** Defaults for interactive use: generous for real media, far below what exhausts a 24 GiB machine. */
    public static final Limits DEFAULT = new Limits(32, 100_000, 8L << 30, 8192, 100_000, 4L << 30);

    public Limits {
        requirePositive("maxNestingDepth", maxNestingDepth);
        requirePositive("maxEntries", maxEntries);
        requirePositive("maxFileSizeBytes", maxFileSizeBytes);
        requirePositive("maxFrameDimension", maxFrameDimension);
        requirePositive("maxFrameCount", maxFrameCount);
        requirePositive("maxDecodedBytes", maxDecodedBytes);
    }

    public Limits withMaxNestingDepth(int value) {
        return new Limits(value, maxEntries, maxFileSizeBytes, maxFrameDimension, maxFrameCount, maxDecodedBytes);
    }

    public Limits withMaxEntries(int value) {
        return new Limits(maxNestingDepth, value, maxFileSizeBytes, maxFrameDimension, maxFrameCount, maxDecodedBytes);
    }

    public Limits withMaxFileSizeBytes(long value) {
        return new Limits(maxNestingDepth, maxEntries, value, maxFrameDimension, maxFrameCount, maxDecodedBytes);
    }

    public Limits withMaxFrameDimension(int value) {
        return new Limits(maxNestingDepth, maxEntries, maxFileSizeBytes, value, maxFrameCount, maxDecodedBytes);
    }

    public Limits withMaxFrameCount(int value) {
        return new Limits(maxNestingDepth, maxEntries, maxFileSizeBytes, maxFrameDimension, value, maxDecodedBytes);
    }

    public Limits withMaxDecodedBytes(long value) {
        return new Limits(maxNestingDepth, maxEntries, maxFileSizeBytes, maxFrameDimension, maxFrameCount, value);
    }

    /** Throws when a frame size is outside (0, maxFrameDimension]; {@code source} names the file or request. */
    public void checkFrameSize(String source, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new MediaException(source + ": frame size " + width + "x" + height + " is not positive");
        }
        if (width > maxFrameDimension || height > maxFrameDimension) {
            throw new LimitExceededException(source, "maxFrameDimension", maxFrameDimension,
                    Math.max(width, height));
        }
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
