package io.auteur.studio.api;

import io.auteur.media.Limits;
import java.time.Duration;

/**
 * What one request may ask of the service. Uploads are also decoded behind {@link #mediaLimits()}.
 *
 * @param maxFileBytes        largest uploaded file
 * @param maxRequestBytes     largest multipart request, all files together
 * @param maxJsonBytes        largest JSON body
 * @param maxSide             largest width or height of an uploaded picture or clip, and of {@code upscale WxH}
 * @param maxFrames           most frames in an uploaded clip
 * @param maxSeconds          most seconds a generation may ask for
 * @param maxSteps            most sampling steps a generation may ask for
 * @param requestsPerMinute   rate of a key's (or, without a key, a client address's) token bucket
 * @param burst               the bucket's size: requests allowed at once after a quiet spell
 */
public record ServiceLimits(long maxFileBytes, long maxRequestBytes, long maxJsonBytes, int maxSide, int maxFrames,
                            double maxSeconds, int maxSteps, int requestsPerMinute, int burst) {
    public static final ServiceLimits DEFAULT = new ServiceLimits(64L << 20, 160L << 20, 64L << 10, 2048, 1000, 30,
            100, 300, 60);

    public ServiceLimits {
        if (maxFileBytes < 1 || maxRequestBytes < maxFileBytes || maxJsonBytes < 1 || maxSide < 16 || maxFrames < 1
                || !(maxSeconds > 0) || maxSteps < 1 || requestsPerMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("service limits must be positive, and a request at least a file: " + this);
        }
    }

    /** The fence uploads are decoded behind. */
    public Limits mediaLimits() {
        return Limits.DEFAULT.withMaxFileSizeBytes(maxFileBytes).withMaxFrameDimension(maxSide)
                .withMaxFrameCount(maxFrames);
    }

    /** How long the bucket takes to gain one request back. */
    public Duration refillInterval() {
        return Duration.ofNanos(60_000_000_000L / requestsPerMinute);
    }

    public ServiceLimits withRate(int perMinute, int newBurst) {
        return new ServiceLimits(maxFileBytes, maxRequestBytes, maxJsonBytes, maxSide, maxFrames, maxSeconds, maxSteps,
                perMinute, newBurst);
    }

    public ServiceLimits withUploads(long fileBytes, long requestBytes) {
        return new ServiceLimits(fileBytes, requestBytes, maxJsonBytes, maxSide, maxFrames, maxSeconds, maxSteps,
                requestsPerMinute, burst);
    }

    public ServiceLimits withMedia(int side, int frames) {
        return new ServiceLimits(maxFileBytes, maxRequestBytes, maxJsonBytes, side, frames, maxSeconds, maxSteps,
                requestsPerMinute, burst);
    }
}
