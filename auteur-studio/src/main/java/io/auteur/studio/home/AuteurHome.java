package io.auteur.studio.home;

import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.KeySigner;
import io.auteur.provenance.c2pa.LocalCredentials;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.SoftBinding;
import io.auteur.provenance.watermark.Payload;
import io.auteur.provenance.watermark.WatermarkKey;
import io.auteur.provenance.watermark.Watermarker;
import io.auteur.studio.db.Database;
import io.auteur.studio.verify.ManifestRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Auteur home: the folder with the studio's watermark key, signing credential, settings and (by default) its
 * database, plus the environment that may point the database elsewhere. Everything that seals outputs or opens
 * the studio's records takes one of these, so a test or a server can run on a home of its own.
 *
 * @param directory   the folder (system property {@code auteur.home}, else {@code AUTEUR_HOME}, else {@code ~/.auteur})
 * @param environment where {@value Database#URL_ENV} and the signing passphrase are read from
 */
public record AuteurHome(Path directory, Map<String, String> environment) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(AuteurHome.class);

    /**
     * Databases opened by this process, by home and URL. A home's database is opened (and migrated) once and stays
     * open until the process exits: H2's automatic server mode serves it to other processes while it is open, and
     * opening and closing it around every command of a long-lived process (the tests run the CLI many times in one
     * JVM) lost committed writes on a busy machine: a later open found a fresh, empty database.
     */
    private static final Map<String, Database> OPEN = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.values().forEach(Database::close),
                "auteur-database-close"));
    }

    public AuteurHome {
        directory = directory.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }

    /** The home this process was pointed at, with the process environment. */
    public static AuteurHome current() {
        String property = System.getProperty("auteur.home");
        String variable = System.getenv("AUTEUR_HOME");
        Path directory = property != null && !property.isBlank() ? Path.of(property)
                : variable != null && !variable.isBlank() ? Path.of(variable)
                : Path.of(System.getProperty("user.home"), ".auteur");
        return new AuteurHome(directory, System.getenv());
    }

    /** This home with its database at {@code url} (a JDBC URL) instead of what the environment says. */
    public AuteurHome withDatabaseUrl(String url) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(Database.URL_ENV, url);
        return new AuteurHome(directory, changed);
    }

    public Path resolve(String relative) {
        return directory.resolve(relative);
    }

    /** The database of this home (or of the URL the environment names), opened once for this process. */
    public Database database() {
        String url = environment.getOrDefault(Database.URL_ENV, "");
        return OPEN.computeIfAbsent(directory + "|" + url, key -> Database.forHome(directory, environment));
    }

    /** Whether {@link #database()} would open an existing database rather than create one. */
    public boolean hasDatabase() {
        return Database.existsForHome(directory, environment);
    }

    /**
     * A watermarked copy of {@code clip}, the fresh payload it carries and how many payloads were tried before one read
     * back.
     */
    public record Marked(Clip clip, Payload payload, int tries) {}

    /** How a marked output is written, and so what its mark must survive to read back. */
    public enum Delivery {
        /** An MP4 coded with H.264 as the studio writes videos: lossy, so the mark is checked through that coding. */
        VIDEO,
        /** A PNG still: lossless, so the mark reads back as embedded. */
        STILL
    }

    /**
     * Marks {@code clip} with a fresh payload that reads back from the file it is delivered as; see {@link
     * Watermarker#embedReadable}.
     */
    public Marked watermark(Clip clip, Delivery delivery) {
        UnaryOperator<Clip> written = delivery == Delivery.VIDEO ? AuteurHome::throughH264 : UnaryOperator.identity();
        Watermarker.Readable marked = new Watermarker(watermarkKey()).embedReadable(clip,
                () -> Payload.random(RANDOM), written);
        if (!marked.readsBack()) {
            LOG.warn("none of {} watermark payloads read back exactly from this {}x{} {} as it is written; "
                    + "its payload {} may read wrongly", marked.tries(), clip.width(), clip.height(),
                    delivery.name().toLowerCase(Locale.ROOT), marked.payload());
        }
        return new Marked(marked.clip(), marked.payload(), marked.tries());
    }

    /** The clip as a viewer of its MP4 sees it: coded as the studio writes videos, and decoded. */
    private static Clip throughH264(Clip clip) {
        Path file = null;
        try {
            file = Files.createTempFile("auteur-watermark-", ".mp4");
            Video.write(clip, file, EncodeOptions.h264(AudioTrack.none()));
            return Video.read(file, Limits.DEFAULT.withMaxFrameCount(clip.frameCount() + 16));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary file to check the watermark: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    /** The studio's watermark key, made on first use and kept owner-readable only. */
    public WatermarkKey watermarkKey() {
        Path file = directory.resolve("watermark.key");
        synchronized (AuteurHome.class) { // two jobs of one process must not both make a key
            if (!Files.exists(file)) {
                WatermarkKey.generate(RANDOM).write(file);
            }
        }
        return WatermarkKey.read(file);
    }

    /**
     * Signs {@code file} in place and records the manifest; with a payload, the manifest's soft binding names the
     * watermark, so the two always agree.
     */
    public void sign(Path file, ManifestDefinition definition, Payload payload) {
        ManifestDefinition withBinding = payload == null ? definition
                : definition.withSoftBinding(new SoftBinding(Watermarker.ALGORITHM,
                        ByteBuffer.allocate(8).putLong(payload.bits()).array()));
        C2pa.withDefaults().sign(file, file, withBinding, signer());
        record(file, payload);
    }

    /**
     * Keeps the manifest just signed into {@code file} in this home's manifest repository, found by the watermark
     * {@code payload} (null when unmarked) and by the file's hash: what lets {@code auteur verify} recover the
     * credentials of a copy whose metadata was stripped.
     */
    public void record(Path file, Payload payload) {
        new ManifestRepository(database()).record(file, Optional.ofNullable(payload), Instant.now());
    }

    /**
     * The local signing credential of this home. Its passphrase comes from {@value LocalCredentials#PASSPHRASE_ENV};
     * else from the passphrase file made beside the keystore when the keystore itself was made without one (random,
     * owner-readable only, so signing works on a fresh machine with no setup); else, at a terminal, from a prompt.
     * Set the variable, or bring a key, for a credential that must be protected by a secret only a person knows.
     */
    public KeySigner signer() {
        String fromEnvironment = environment.get(LocalCredentials.PASSPHRASE_ENV);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return LocalCredentials.openOrCreate(directory, fromEnvironment.toCharArray(), Clock.systemUTC());
        }
        Path passphraseFile = directory.resolve("credentials/passphrase");
        synchronized (AuteurHome.class) { // the keystore and its passphrase are made once, not by two jobs at once
            try {
                if (!Files.exists(passphraseFile) && Files.exists(LocalCredentials.keystore(directory))) {
                    java.io.Console console = System.console();
                    if (console == null) {
                        throw new IllegalStateException("the keystore " + LocalCredentials.keystore(directory)
                                + " needs its passphrase: set " + LocalCredentials.PASSPHRASE_ENV);
                    }
                    char[] typed = console.readPassword("Passphrase for %s: ", LocalCredentials.keystore(directory));
                    return LocalCredentials.openOrCreate(directory, typed, Clock.systemUTC());
                }
                if (!Files.exists(passphraseFile)) {
                    byte[] secret = new byte[24];
                    RANDOM.nextBytes(secret);
                    Files.createDirectories(passphraseFile.getParent());
                    Files.writeString(passphraseFile, HexFormat.of().formatHex(secret), StandardCharsets.US_ASCII);
                    try {
                        Files.setPosixFilePermissions(passphraseFile,
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException ignored) {
                        // not a POSIX file system: the platform's default permissions apply
                    }
                }
                char[] passphrase = Files.readString(passphraseFile, StandardCharsets.US_ASCII).strip().toCharArray();
                return LocalCredentials.openOrCreate(directory, passphrase, Clock.systemUTC());
            } catch (IOException e) {
                throw new IllegalStateException("cannot use " + passphraseFile + ": " + e.getMessage(), e);
            }
        }
    }
}
