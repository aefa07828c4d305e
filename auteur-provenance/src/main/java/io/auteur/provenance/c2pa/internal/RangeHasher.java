package io.auteur.provenance.c2pa.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Hashes a byte source minus excluded ranges, streaming in 1 MiB reads, the way C2PA hard bindings are computed
 * (C2PA specification 9.2 for data hashes). For BMFF v2/v3 hashes, {@code offsetMarkers} are file positions
 * (the starts of top-level boxes that are not wholly excluded) whose value, as 8 big-endian bytes, is hashed just
 * before the byte at that position, so moving boxes around breaks the hash.
 */
public final class RangeHasher {
    private static final int BUFFER_BYTES = 1 << 20;

    /** An excluded range. */
    public record Range(long start, long length) {
        public long end() {
            return start + length;
        }
    }

    private RangeHasher() {
    }

    public static byte[] hash(ByteSource data, String algorithm, List<Range> exclusions, List<Long> offsetMarkers) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(Jumbf.javaDigestName(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long length = data.length();
        // Included ranges: [0, length) minus the union of exclusions.
        List<Range> sorted = new ArrayList<>(exclusions.stream().filter(r -> r.length() > 0).toList());
        sorted.sort(Comparator.comparingLong(Range::start));
        List<Range> included = new ArrayList<>();
        long cursor = 0;
        for (Range exclusion : sorted) {
            if (exclusion.start() > cursor) {
                included.add(new Range(cursor, Math.min(exclusion.start(), length) - cursor));
            }
            cursor = Math.max(cursor, exclusion.end());
        }
        if (cursor < length) {
            included.add(new Range(cursor, length - cursor));
        }
        TreeSet<Long> markers = new TreeSet<>(offsetMarkers);
        long firstIncluded = included.isEmpty() ? 0 : included.getFirst().start();
        long lastIncluded = included.isEmpty() ? length - 1 : included.getLast().end() - 1;
        byte[] buffer = new byte[BUFFER_BYTES];
        ByteBuffer offsetBytes = ByteBuffer.allocate(8);
        // Events in file order: data ranges (start, length) and markers (position, -1). A marker strictly inside
        // an included range splits it; one at a range start or in an excluded gap between included bytes is
        // hashed where it falls (as c2pa-rs does); markers before all or after all included bytes are dropped.
        List<long[]> events = new ArrayList<>();
        for (Range range : included) {
            long start = range.start();
            for (long marker : markers.subSet(range.start() + 1, range.end())) {
                events.add(new long[]{start, marker - start});
                events.add(new long[]{marker, -1});
                start = marker;
            }
            events.add(new long[]{start, range.end() - start});
        }
        for (long marker : markers) {
            boolean strictlyInside = included.stream().anyMatch(r -> marker > r.start() && marker < r.end());
            boolean atStart = included.stream().anyMatch(r -> marker == r.start());
            if (!strictlyInside && (atStart || (marker > firstIncluded && marker < lastIncluded))) {
                events.add(new long[]{marker, -1});
            }
        }
        // Markers sort before data that starts at the same position.
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1] < 0 ? 0 : 1));
        // The next block is read on another thread while this one is hashed, so hashing runs near SHA speed
        // instead of paying for the read and the hash one after the other.
        byte[] spare = new byte[BUFFER_BYTES];
        for (long[] event : events) {
            if (event[1] < 0) {
                offsetBytes.clear();
                digest.update(offsetBytes.putLong(event[0]).array());
                continue;
            }
            long at = event[0];
            long end = event[0] + event[1];
            int n = (int) Math.min(buffer.length, end - at);
            data.read(at, buffer, 0, n);
            while (true) {
                long nextAt = at + n;
                int nextN = (int) Math.min(spare.length, end - nextAt);
                java.util.concurrent.CompletableFuture<Void> next = null;
                if (nextN > 0) {
                    byte[] target = spare;
                    next = java.util.concurrent.CompletableFuture.runAsync(() -> data.read(nextAt, target, 0, nextN), READER);
                }
                digest.update(buffer, 0, n);
                if (next == null) {
                    break;
                }
                try {
                    next.join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof RuntimeException cause) {
                        throw cause;
                    }
                    throw e;
                }
                byte[] swap = buffer;
                buffer = spare;
                spare = swap;
                at = nextAt;
                n = nextN;
            }
        }
        return digest.digest();
    }

    /** Daemon threads that read ahead; idle ones end after a few seconds. */
    private static final java.util.concurrent.Executor READER = new java.util.concurrent.ThreadPoolExecutor(0, 4,
            5, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "c2pa-read-ahead");
                thread.setDaemon(true);
                return thread;
            }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
}
