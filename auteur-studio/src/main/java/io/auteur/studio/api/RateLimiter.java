package io.auteur.studio.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller (a key id, or a client address for public routes): {@code burst} requests at once, then
 * one more each refill interval. Buckets live in this process: with several nodes behind a balancer each node
 * allows the rate on its own.
 */
final class RateLimiter {
    /** Buckets kept at most; beyond this the full ones are forgotten (a full bucket is the same as none). */
    private static final int MAX_BUCKETS = 100_000;

    private final int burst;
    private final long refillNanos;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }

    RateLimiter(ServiceLimits limits, Clock clock) {
        this.burst = limits.burst();
        this.refillNanos = limits.refillInterval().toNanos();
        this.clock = clock;
    }

    /** Takes one token for {@code caller}; empty when allowed, else how long until a token is back. */
    Optional<Duration> take(String caller) {
        long now = clock.millis() * 1_000_000L;
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(bucket -> bucket.tokens + (now - bucket.updatedNanos) / (double) refillNanos >= burst);
        }
        Bucket bucket = buckets.computeIfAbsent(caller, key -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) / (double) refillNanos);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) * refillNanos)));
        }
    }
}
