package io.auteur.studio.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.KeySigner;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.SigningAlgorithm;
import io.auteur.provenance.c2pa.SoftBinding;
import io.auteur.provenance.verify.StoredManifest;
import io.auteur.provenance.watermark.Payload;
import io.auteur.provenance.watermark.Watermarker;
import io.auteur.studio.db.Database;
import io.auteur.studio.db.DatabaseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest repository on a real H2 file database, migrated by Flyway. */
class ManifestRepositoryTest {
    @TempDir
    Path dir;

    private Path signedClip(String name) {
        return signedClip(name, ManifestDefinition.generated(name, "toy", "0"));
    }

    private Path signedClip(String name, ManifestDefinition definition) {
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            byte[] rgb = new byte[32 * 32 * 3];
            java.util.Arrays.fill(rgb, (byte) (60 + 30 * t));
            frames.add(rgb);
        }
        Path file = dir.resolve(name);
        Video.write(Clip.of(frames, 32, 32, 8), file, EncodeOptions.h264(AudioTrack.none()));
        String shared = System.getProperty("auteur.shared");
        assertThat(shared).as("system property auteur.shared (../shared)").isNotNull();
        KeySigner signer = KeySigner.fromPem(Path.of(shared, "fixtures/c2pa/certs/es256.pem"),
                Path.of(shared, "fixtures/c2pa/certs/es256.pub"), SigningAlgorithm.ES256);
        C2pa.withDefaults().sign(file, file, definition, signer);
        return file;
    }

    @Test
    void recordsFindByWatermarkAndByHashAndSurviveReopening() throws Exception {
        Path home = dir.resolve("home");
        Path clip = signedClip("a.mp4");
        Payload payload = Payload.fromHex("00c0ffee12345678");
        Instant signedAt = Instant.parse("2026-11-25T01:02:03Z");
        StoredManifest recorded;
        try (Database database = Database.forHome(home, Map.of())) {
            recorded = new ManifestRepository(database).record(clip, Optional.of(payload), signedAt);
            new ManifestRepository(database).record(clip, Optional.of(payload), Instant.now()); // kept once
        }
        assertThat(home.resolve("db/auteur.mv.db")).exists();
        assertThat(Database.existsForHome(home, Map.of())).isTrue();
        try (Database database = Database.forHome(home, Map.of())) {
            ManifestRepository repository = new ManifestRepository(database);
            StoredManifest found = repository.byWatermark(payload).orElseThrow();
            assertThat(found.manifestLabel()).isEqualTo(recorded.manifestLabel())
                    .isEqualTo(C2pa.withDefaults().read(clip).orElseThrow().activeManifest());
            assertThat(found.signedAt()).isEqualTo(signedAt);
            assertThat(found.manifestStore()).isEqualTo(C2pa.withDefaults().manifestStore(clip).orElseThrow());
            assertThat(repository.byContentHash(StoredManifest.sha256Of(clip))).hasValueSatisfying(
                    m -> assertThat(m.manifestLabel()).isEqualTo(recorded.manifestLabel()));
            assertThat(repository.byWatermark(Payload.fromHex("0000000000000001"))).isEmpty();
            try (Connection connection = database.dataSource().getConnection();
                 ResultSet rows = connection.createStatement().executeQuery(
                         "SELECT \"version\", \"description\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL "
                                 + "ORDER BY \"installed_rank\"")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("1");
                assertThat(rows.getString(2)).isEqualTo("manifests");
            }
            try (Connection connection = database.dataSource().getConnection();
                 ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM manifests")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void aManifestWhoseSoftBindingNamesAuteursWatermarkIsFoundByIt() {
        Payload payload = Payload.fromHex("feedfacecafebeef");
        Path clip = signedClip("bound.mp4", ManifestDefinition.generated("bound.mp4", "toy", "0").withSoftBinding(
                new SoftBinding(Watermarker.ALGORITHM, java.nio.ByteBuffer.allocate(8).putLong(payload.bits()).array())));
        try (Database database = Database.forHome(dir.resolve("home"), Map.of())) {
            ManifestRepository repository = new ManifestRepository(database);
            StoredManifest recorded = repository.record(clip, Optional.empty(), Instant.now());
            assertThat(recorded.watermark()).contains(payload);
            assertThat(repository.byWatermark(payload)).isPresent();
        }
    }

    @Test
    void theWireFormRoundTripsAndAMalformedAnswerIsNamed() {
        Path clip = signedClip("b.mp4");
        byte[] store = C2pa.withDefaults().manifestStore(clip).orElseThrow();
        StoredManifest manifest = new StoredManifest("urn:c2pa:x", Optional.of(Payload.fromHex("0123456789abcdef")),
                "a".repeat(64), Instant.parse("2026-01-02T03:04:05Z"), store, "here");
        StoredManifest back = ManifestJson.read(ManifestJson.write(manifest).getBytes(StandardCharsets.UTF_8), "there");
        assertThat(back.manifestLabel()).isEqualTo("urn:c2pa:x");
        assertThat(back.watermark()).contains(Payload.fromHex("0123456789abcdef"));
        assertThat(back.manifestStore()).isEqualTo(store);
        assertThat(back.source()).isEqualTo("there");
        assertThatThrownBy(() -> ManifestJson.read("{\"manifestLabel\":1}".getBytes(StandardCharsets.UTF_8), "srv"))
                .hasMessageContaining("srv");
    }

    @Test
    void anUnreachableDatabaseIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-db.mv.db"), "garbage");
        assertThatThrownBy(() -> Database.open("jdbc:h2:file:" + dir.resolve("not-a-db") + ";IFEXISTS=TRUE", "sa", ""))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("cannot open the database");
        assertThat(file).exists();
    }
}
