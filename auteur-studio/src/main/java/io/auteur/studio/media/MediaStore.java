package io.auteur.studio.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Media on disk, addressed by the SHA-256 of its bytes: {@code ROOT/ab/cd/abcd...} (two levels of fan-out keep
 * folders small). A file is written under {@code ROOT/tmp} first and then moved into place atomically, so a reader
 * never sees half a file, and identical content is stored once. Several nodes may share one root (a network file
 * system): a name is only ever created by an atomic move of complete content, so two writers of the same content
 * agree.
 */
public final class MediaStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    public MediaStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the media store at " + this.root + ": " + e.getMessage(), e);
        }
    }

    /** A stored file: its hash and size. */
    public record Stored(String sha256, long sizeBytes) {}

    /** Too many bytes for the cap a caller set. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(String message) {
            super(message);
        }
    }

    public Path root() {
        return root;
    }

    /** Copies {@code in} into the store, refusing more than {@code maxBytes}; returns its hash and size. */
    public Stored put(InputStream in, long maxBytes) throws IOException {
        Path temp = root.resolve("tmp").resolve("upload-" + UUID.randomUUID());
        try {
            MessageDigest digest = sha256();
            long total = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    total += read;
                    if (total > maxBytes) {
                        throw new TooLargeException("more than " + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, read);
                }
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            moveIntoPlace(temp, sha);
            return new Stored(sha, total);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Moves a finished file (under {@link #workFolder}, so on the store's file system) into the store. */
    public Stored putFile(Path finished) throws IOException {
        MessageDigest digest = sha256();
        long size;
        try (InputStream in = Files.newInputStream(finished)) {
            size = in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        moveIntoPlace(finished, sha);
        Files.deleteIfExists(finished);
        return new Stored(sha, size);
    }

    /** The file of {@code sha256}, if stored. Anything but 64 lower-case hex digits is refused, never resolved. */
    public Optional<Path> find(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path file = pathOf(sha256);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * A scratch folder for one job, named after it so that a retry of the job finds (and clears) what an earlier
     * attempt left. {@code jobId} is a UUID, so the folder is always directly under {@code ROOT/tmp}.
     */
    public Path workFolder(UUID jobId) {
        return root.resolve("tmp").resolve("job-" + jobId);
    }

    /** Deletes a job's scratch folder and everything in it. */
    public void clearWorkFolder(UUID jobId) throws IOException {
        Path folder = workFolder(jobId);
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void moveIntoPlace(Path temp, String sha) throws IOException {
        Path target = pathOf(sha);
        if (Files.exists(target)) {
            return; // identical content is stored once
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // another writer stored the same content first: the same bytes, so nothing is lost
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the media store " + root + " needs atomic moves within its file system", e);
        }
    }

    private Path pathOf(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
