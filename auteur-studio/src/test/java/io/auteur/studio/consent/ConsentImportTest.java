package io.auteur.studio.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.engine.TrainingData;
import io.auteur.previs.dataset.ClipRecord;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.TrainingMining;
import io.auteur.studio.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import of real (small, generated) videos, with Content Credentials read from them and honoured. */
class ConsentImportTest {
    @TempDir
    Path dir;

    Database database;
    ConsentRegistry registry;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:file:" + dir.resolve("db/auteur"), "sa", "");
        registry = new ConsentRegistry(database.dataSource(), Clock.systemUTC());
        registry.saveContributor("alice", "Alice", Optional.of("acct-1"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private FootageImport.Result importInto(Path source, Path out, Set<Scope> scopes, List<String> notes) throws Exception {
        return FootageImport.run(new FootageImport.Request(source, out, "alice", scopes, "CC-BY-4.0", 16, 16, 5, 8, 2,
                Optional.empty()), registry, C2pa.withDefaults(), Clock.systemUTC(), new FootageImport.Listener() {
                    @Override
                    public void note(String message) {
                        notes.add(message);
                    }
                });
    }

    @Test
    void credentialsSayingNotAllowedAreHonouredAndRecordedWhileOtherFilesBecomeTrainingClips() throws Exception {
        Path clips = Files.createDirectories(dir.resolve("clips"));
        Path forbidden = Footage.signed(Footage.movingSquare(clips.resolve("forbidden.mp4"), 10), TrainingMining.notAllowed());
        Footage.signed(Footage.movingSquare(clips.resolve("allowed.mp4"), 20), Footage.allAllowed());
        Footage.movingSquare(clips.resolve("plain.mp4"), 30);
        Files.writeString(clips.resolve("plain.txt"), "a yellow cube slides to the right\n");
        Files.writeString(clips.resolve("notes.md"), "not a video");

        List<String> notes = new ArrayList<>();
        FootageImport.Result result = importInto(clips, dir.resolve("data"), Set.of(Scope.TRAINING, Scope.FINE_TUNING), notes);

        // Two files of 2 s: 16 frames at 8 fps = 3 windows of 5; a 64x64 centred crop in 2x2 tiles of 32 over 96x64 = 3x2.
        assertThat(result.clips()).isEqualTo(2 * 3 * 6);
        assertThat(result.skipped()).extracting(s -> s.file().getFileName().toString()).containsExactly("forbidden.mp4");
        assertThat(result.skipped().getFirst().reason()).contains("cawg.ai_generative_training: notAllowed");
        assertThat(notes).anyMatch(note -> note.contains("forbidden.mp4") && note.contains("training refused"));
        Asset refused = registry.asset(Hashes.sha256(forbidden)).orElseThrow();
        assertThat(refused.c2paTrainingMining().orElseThrow()).contains("cawg.ai_training=notAllowed");
        assertThat(registry.consents(refused.sha256())).isEmpty();
        assertThatThrownBy(() -> registry.grant(refused.sha256(), Scope.TRAINING)).hasMessageContaining("notAllowed");

        DatasetManifest manifest = result.manifest().manifest();
        assertThat(manifest.kind()).isEqualTo(DatasetManifest.CONSENTED);
        assertThat(manifest.assets()).extracting(DatasetManifest.AssetEntry::file).containsExactly("allowed.mp4", "plain.mp4");
        for (DatasetManifest.AssetEntry asset : manifest.assets()) {
            assertThat(asset.consents()).containsOnlyKeys(Scope.TRAINING, Scope.FINE_TUNING);
            assertThat(registry.consent(asset.consents().get(Scope.TRAINING)).orElseThrow().active()).isTrue();
            assertThat(asset.clipMillis()).isEqualTo(1875); // 3 windows x 5 frames at 8 fps
            assertThat(asset.windows()).isEqualTo(3);
        }
        assertThat(manifest.contributors()).containsExactly(new DatasetManifest.ContributorShare("alice", 3750));
        assertThat(registry.asset(manifest.assets().getFirst().sha256()).orElseThrow().c2paTrainingMining().orElseThrow())
                .contains("cawg.ai_training=allowed");
        // The manifest file hashes to what manifest.json records, and the gate reads the same.
        JsonNode shardManifest = new ObjectMapper().readTree(dir.resolve("data/manifest.json").toFile());
        assertThat(shardManifest.path("datasetManifest").path("sha256").asText()).isEqualTo(result.manifest().sha256())
                .isEqualTo(Hashes.sha256(Files.readAllBytes(dir.resolve("data/dataset-manifest.json"))));
        assertThat(TrainingGate.manifestOf(dir.resolve("data")).sha256()).isEqualTo(result.manifest().sha256());

        // The shards are previs-format records the trainer reads, with edges and flow but no depth or pose.
        TrainingData data = TrainingData.open(dir.resolve("data"));
        assertThat(data.size()).isEqualTo(36);
        ClipRecord first = data.read(0), last = data.read(35);
        assertThat(first.width()).isEqualTo(16);
        assertThat(first.frames()).isEqualTo(5);
        assertThat(TrainingData.controls(first)).containsExactly("edges", "flow");
        assertThat(data.entry(0).caption()).isEqualTo(FootageImport.NEUTRAL_CAPTION);
        assertThat(data.entry(35).caption()).isEqualTo("a yellow cube slides to the right");
        JsonNode header = new ObjectMapper().readTree(last.header());
        assertThat(header.path("source").path("file").asText()).isEqualTo("plain.mp4");
        assertThat(header.path("source").path("window").asInt()).isEqualTo(2);
        for (short depth : first.depthMm()) {
            assertThat(depth & 0xFFFF).isEqualTo(ClipRecord.FAR);
        }
        assertThat(TrainingData.hasActor(first)).isFalse();
        // The square moves right a source pixel per 1/12 s, in 32-pixel tiles shrunk to 16: dataset frames 0, 1, 2
        // are source frames 0, 2, 3 (nearest to 0, 1.5, 3), so the flow is 1 then 0.5 dataset pixels.
        ClipRecord moving = findTileWithTheSquare(data);
        assertThat(meanFlowX(moving, 0)).as("flow from frame 0 to 1 on the square").isCloseTo(1.0, within(0.2));
        assertThat(meanFlowX(moving, 1)).as("flow from frame 1 to 2 on the square").isCloseTo(0.5, within(0.15));
        int edgePixels = 0;
        for (byte edge : moving.edges()) {
            edgePixels += edge != 0 ? 1 : 0;
        }
        assertThat(edgePixels).isPositive();
    }

    @Test
    void aRevokedAssetIsLeftOutOfLaterImportsUntilConsentIsGrantedAgain() throws Exception {
        Path clips = Files.createDirectories(dir.resolve("clips"));
        Path first = Footage.movingSquare(clips.resolve("a.mp4"), 10);
        Footage.movingSquare(clips.resolve("b.mp4"), 90);
        FootageImport.Result before = importInto(clips, dir.resolve("data"), Set.of(Scope.TRAINING), new ArrayList<>());
        assertThat(before.manifest().manifest().assets()).hasSize(2);
        String sha256 = Hashes.sha256(first);
        registry.revoke(sha256, Optional.empty(), "asked");

        List<String> notes = new ArrayList<>();
        FootageImport.Result after = importInto(clips, dir.resolve("data"), Set.of(Scope.TRAINING), notes);
        assertThat(after.manifest().manifest().assets()).extracting(DatasetManifest.AssetEntry::file).containsExactly("b.mp4");
        assertThat(after.skipped()).extracting(s -> s.file().getFileName().toString()).containsExactly("a.mp4");
        assertThat(notes).anyMatch(note -> note.contains("a.mp4") && note.contains("revoked"));
        assertThat(TrainingData.open(dir.resolve("data")).size()).isEqualTo(18);

        registry.grant(sha256, Scope.TRAINING);
        assertThat(importInto(clips, dir.resolve("data"), Set.of(Scope.TRAINING), notes).manifest().manifest().assets())
                .hasSize(2);
        assertThatThrownBy(() -> importInto(clips, dir.resolve("clips"), Set.of(Scope.TRAINING), notes))
                .hasMessageContaining("not empty");
    }

    private static ClipRecord findTileWithTheSquare(TrainingData data) throws Exception {
        ClipRecord best = null;
        double most = -1;
        for (int i = 0; i < 18; i++) {
            ClipRecord record = data.read(i);
            int bright = 0;
            for (int p = 0; p < 16 * 16; p++) {
                bright += (record.rgb()[p * 3 + 2] & 0xff) < 60 ? 1 : 0;
            }
            if (bright > most) {
                most = bright;
                best = record;
            }
        }
        return best;
    }

    /** Mean horizontal flow (dataset pixels) from frame {@code t} over the pixels where the square is. */
    private static double meanFlowX(ClipRecord clip, int t) {
        int plane = clip.width() * clip.height();
        double sum = 0;
        int count = 0;
        for (int p = 0; p < plane; p++) {
            if ((clip.rgb()[(t * plane + p) * 3 + 2] & 0xff) < 60) {
                sum += clip.flow()[(t * plane + p) * 2] / (double) ClipRecord.FLOW_SCALE;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
