package io.auteur.studio.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a file whole or one byte range of it (RFC 9110 section 14): {@code bytes=FIRST-LAST}, {@code bytes=FIRST-}
 * or {@code bytes=-SUFFIX}, answered 206 with {@code Content-Range}; a range past the end is 416. Several ranges in
 * one request are answered with the whole file, which the RFC allows (the player asks for one at a time).
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    /** The range {@code header} asks for in a file of {@code size} bytes; empty for the whole file. */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = SINGLE.matcher(header.strip());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (matcher.group(1).isEmpty()) {
                long suffix = Long.parseLong(matcher.group(2));
                if (suffix == 0) {
                    throw unsatisfiable(size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(matcher.group(1));
            long last = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(matcher.group(2)));
            if (first >= size || last < first) {
                throw unsatisfiable(size);
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty(); // a number too long to be a range of any file: serve it whole
        }
    }

    static void write(Context ctx, Path file, String contentType, long size) throws IOException {
        Optional<ByteRange> range = parse(ctx.header("Range"), size);
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType(contentType);
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        if (range.isPresent()) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + first + "-" + (first + length - 1) + "/" + size);
        } else {
            ctx.status(200);
        }
        ctx.res().setContentLengthLong(length);
        if (ctx.method().name().equals("HEAD")) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(first);
            OutputStream out = ctx.res().getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                left -= read;
            }
            out.flush();
        }
    }

    private static ApiException unsatisfiable(long size) {
        return new ApiException(416, "range-not-satisfiable", "Range not satisfiable", "the file has " + size
                + " bytes", Map.of("Content-Range", "bytes */" + size));
    }
}
