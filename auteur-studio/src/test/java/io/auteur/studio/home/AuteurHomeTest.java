package io.auteur.studio.home;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Limits;
import io.auteur.media.Stills;
import io.auteur.media.Video;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.ShotRenderer;
import io.auteur.previs.caption.PromptParser;
import io.auteur.provenance.watermark.Detection;
import io.auteur.provenance.watermark.Watermarker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home marks each output so that its payload reads back from the file it is delivered as. */
class AuteurHomeTest {
    private static final String PROMPT = "a red sphere bounces to the right on a checkered floor";

    @TempDir
    Path dir;

    /**
     * A 64x64 still is written as a lossless PNG, so its first payload reads back. Checked through H.264 as a one-frame
     * video instead, none of eight did (the studio's API logged it for every such still).
     */
    @Test
    void aStillIsMarkedForTheLosslessPngItIsWrittenAs() {
        AuteurHome home = new AuteurHome(dir.resolve("home"), Map.of());
        Clip still = render(64, 64, 1);
        AuteurHome.Marked marked = home.watermark(still, AuteurHome.Delivery.STILL);
        assertThat(marked.tries()).isEqualTo(1);
        Path png = dir.resolve("still.png");
        Stills.write(marked.clip(), 0, png);
        Detection read = new Watermarker(home.watermarkKey()).detect(Stills.read(png, Limits.DEFAULT));
        assertThat(read.found()).as(read.toString()).isTrue();
        assertThat(read.payloadIntact()).as(read.toString()).isTrue();
        assertThat(read.payload()).isEqualTo(marked.payload());
    }

    @Test
    void aVideoIsMarkedForTheH264CodingItIsWrittenWith() throws Exception {
        AuteurHome home = new AuteurHome(dir.resolve("home"), Map.of());
        AuteurHome.Marked marked = home.watermark(render(64, 64, 16), AuteurHome.Delivery.VIDEO);
        Path mp4 = dir.resolve("clip.mp4");
        Video.write(marked.clip(), mp4, EncodeOptions.h264(AudioTrack.none()));
        Detection read = new Watermarker(home.watermarkKey()).detect(Video.read(mp4, Limits.DEFAULT));
        assertThat(read.found()).as(read.toString()).isTrue();
        assertThat(read.payloadIntact()).as(read.toString()).isTrue();
        assertThat(read.payload()).isEqualTo(marked.payload());
    }

    /** The README prompt's previs render at the model's 8 fps. */
    private static Clip render(int width, int height, int frames) {
        ShotRenderer renderer = new ShotRenderer(new PromptParser().parse(PROMPT),
                RenderSettings.of(width, height, frames / 8.0, 8));
        List<byte[]> rgb = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            rgb.add(renderer.render(t).frame().rgb());
        }
        return Clip.of(rgb, width, height, 8);
    }
}
