package io.auteur.previs.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.previs.RenderSettings;
import io.auteur.previs.Scene;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    private static final RenderSettings SMALL = new RenderSettings(32, 32, 8, 4, 2);

    @TempDir
    Path dir;

    @Test
    void theSameSeedRendersTheSameClipByteForByte() {
        ClipRecord a = DatasetWriter.render(42, SMALL);
        ClipRecord b = DatasetWriter.render(42, SMALL);
        assertThat(a.rgb()).isEqualTo(b.rgb());
        assertThat(a.depthMm()).isEqualTo(b.depthMm());
        assertThat(a.flow()).isEqualTo(b.flow());
        assertThat(a.header()).isEqualTo(b.header());
        assertThat(DatasetWriter.render(43, SMALL).rgb()).isNotEqualTo(a.rgb());
    }

    @Test
    void sampledScenesCoverTheVocabulary() {
        Set<Object> seen = new HashSet<>();
        for (long seed = 0; seed < 400; seed++) {
            Scene scene = SceneSampler.sample(seed);
            scene.objects().forEach(o -> {
                seen.add(o.shape());
                seen.add(o.colour());
                seen.add(o.material());
                seen.add(o.motion().getClass());
            });
            scene.actor().ifPresent(a -> seen.add(a.action()));
            seen.add(scene.camera().move());
            seen.add(scene.ground().pattern());
            seen.add(scene.sky());
            seen.add(scene.light().tone());
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(6 + 12 + 2 + 7 + 7 + 8 + 4 + 4 + 3);
    }

    @Test
    void shardsRoundTripThroughTheReaderInSeedOrder() throws Exception {
        DatasetWriter.write(new DatasetWriter.Request(5, 32, 32, 4, 8, 100, 3, 2), dir, done -> { });
        List<ClipRecord> records = new ArrayList<>();
        for (String shard : List.of("shard-00000.bin", "shard-00001.bin")) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(shard))))) {
                ClipRecord record;
                while ((record = DatasetFormat.read(in, shard)) != null) {
                    records.add(record);
                }
            }
        }
        assertThat(records).hasSize(5);
        for (int i = 0; i < 5; i++) {
            ClipRecord expected = DatasetWriter.render(100 + i, SMALL);
            assertThat(records.get(i).rgb()).isEqualTo(expected.rgb());
            assertThat(records.get(i).keypoints()).isEqualTo(expected.keypoints());
            assertThat(records.get(i).header()).contains("\"seed\":" + (100 + i)).contains("caption");
            assertThat(DatasetWriter.sceneOf(records.get(i))).isEqualTo(SceneSampler.sample(100 + i));
        }
        assertThat(Files.readString(dir.resolve("manifest.json"))).contains("\"lastSeed\" : 104");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".partial"));
        }
    }

    @Test
    void groundTruthIsConsistent() {
        ClipRecord clip = DatasetWriter.render(7, SMALL);
        int ground = 0;
        for (int i = 0; i < clip.instance().length; i++) {
            boolean far = (clip.depthMm()[i] & 0xFFFF) == ClipRecord.FAR;
            if (clip.instance()[i] == 0) {
                assertThat(far).as("sky is infinitely far").isTrue();
            } else if (far) {
                assertThat(clip.instance()[i]).as("only the ground reaches past 65 m").isEqualTo((byte) 1);
            }
            ground += clip.instance()[i] == 1 ? 1 : 0;
        }
        assertThat(ground).isPositive();
    }

    @Test
    void corruptOrHostileShardsAreRejectedBeforeAllocating() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DatasetFormat.write(DatasetWriter.render(1, SMALL), new DataOutputStream(bytes));
        byte[] good = bytes.toByteArray();

        byte[] huge = good.clone();
        huge[8] = 0x7f; // width's high byte
        assertThatThrownBy(() -> DatasetFormat.read(new DataInputStream(new ByteArrayInputStream(huge)), "huge"))
                .isInstanceOf(IOException.class).hasMessageContaining("outside the limits");
        byte[] truncated = Arrays.copyOf(good, good.length - 100);
        assertThatThrownBy(() -> DatasetFormat.read(new DataInputStream(new ByteArrayInputStream(truncated)), "cut"))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 'X';
        assertThatThrownBy(() -> DatasetFormat.read(new DataInputStream(new ByteArrayInputStream(wrongMagic)), "magic"))
                .isInstanceOf(IOException.class).hasMessageContaining("not an Auteur dataset shard");
    }
}
