package io.auteur.studio.cli;

import io.auteur.media.Clip;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.KeySigner;
import io.auteur.provenance.c2pa.LocalCredentials;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.Signer;
import io.auteur.provenance.c2pa.SoftBinding;
import io.auteur.provenance.watermark.Payload;
import io.auteur.provenance.watermark.WatermarkKey;
import io.auteur.provenance.watermark.Watermarker;
import io.auteur.studio.db.Database;
import io.auteur.studio.verify.ManifestRepository;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI does to everything it makes: generated pictures get the invisible watermark, then every output is
 * signed with Content Credentials whose soft binding names the watermark, so the two always agree. The keys live
 * in the Auteur home (system property {@code auteur.home}, else {@code AUTEUR_HOME}, else {@code ~/.auteur}).
 */
final class Sealing {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sealing() {}

    static Path home() {
        String property = System.getProperty("auteur.home");
        String environment = System.getenv("AUTEUR_HOME");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        if (environment != null && !environment.isBlank()) {
            return Path.of(environment);
        }
        return Path.of(System.getProperty("user.home"), ".auteur");
    }

    /** A watermarked copy of {@code clip} and the fresh payload it carries. */
    record Marked(Clip clip, Payload payload) {}

    static Marked watermark(Clip clip) {
        Payload payload = Payload.random(RANDOM);
        return new Marked(new Watermarker(watermarkKey()).embed(clip, payload), payload);
    }

    /** The studio's watermark key, made on first use and kept owner-readable only. */
    static WatermarkKey watermarkKey() {
        Path file = home().resolve("watermark.key");
        if (!Files.exists(file)) {
            WatermarkKey.generate(RANDOM).write(file);
        }
        return WatermarkKey.read(file);
    }

    /** Signs {@code file} in place; with a payload, the manifest's soft binding records the watermark. */
    static void sign(Path file, ManifestDefinition definition, Payload payload) {
        ManifestDefinition withBinding = payload == null ? definition
                : definition.withSoftBinding(new SoftBinding(Watermarker.ALGORITHM,
                        ByteBuffer.allocate(8).putLong(payload.bits()).array()));
        C2pa.withDefaults().sign(file, file, withBinding, signer());
        record(home(), file, payload);
    }

    /**
     * Keeps the manifest just signed into {@code file} in the Auteur home's manifest repository, found by the
     * watermark {@code payload} (null when unmarked) and by the file's hash: what lets {@code auteur verify} recover
     * the credentials of a copy whose metadata was stripped.
     */
    static void record(Path home, Path file, Payload payload) {
        new ManifestRepository(StudioRecords.database(home, System.getenv()))
                .record(file, Optional.ofNullable(payload), Instant.now());
    }

    /** The local signing credential of the Auteur home, for what the CLI signs by itself. */
    static Signer signer() {
        return localSigner(home(), System.getenv());
    }

    /**
     * The local signing credential under {@code home}. Its passphrase comes from
     * {@value LocalCredentials#PASSPHRASE_ENV}; else from the passphrase file made beside the keystore when the
     * keystore itself was made without one (random, owner-readable only, so signing works on a fresh machine with
     * no setup); else, at a terminal, from a prompt. Set the variable, or bring a key, for a credential that must be
     * protected by a secret only a person knows.
     */
    static KeySigner localSigner(Path home, Map<String, String> environment) {
        String fromEnvironment = environment.get(LocalCredentials.PASSPHRASE_ENV);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return LocalCredentials.openOrCreate(home, fromEnvironment.toCharArray(), Clock.systemUTC());
        }
        Path passphraseFile = home.resolve("credentials/passphrase");
        try {
            if (!Files.exists(passphraseFile) && Files.exists(LocalCredentials.keystore(home))) {
                java.io.Console console = System.console();
                if (console == null) {
                    throw new IllegalStateException("the keystore " + LocalCredentials.keystore(home) + " needs its "
                            + "passphrase: set " + LocalCredentials.PASSPHRASE_ENV);
                }
                char[] typed = console.readPassword("Passphrase for %s: ", LocalCredentials.keystore(home));
                return LocalCredentials.openOrCreate(home, typed, Clock.systemUTC());
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
            return LocalCredentials.openOrCreate(home, passphrase, Clock.systemUTC());
        } catch (IOException e) {
            throw new IllegalStateException("cannot use " + passphraseFile + ": " + e.getMessage(), e);
        }
    }
}
