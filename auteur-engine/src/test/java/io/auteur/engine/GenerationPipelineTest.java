package io.auteur.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.auteur.media.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mode through the one pipeline, on a real toy-size model with random weights. */
class GenerationPipelineTest {
    static VideoModel model;
    static GenerationPipeline pipeline;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildModel() {
        model = ToyModels.create(1);
        pipeline = new GenerationPipeline(model);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    static Generation request() {
        return Generation.of("a red sphere bounces to the right", 5, 7, 2);
    }

    static Clip gradient(int frames) {
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byte[] rgb = new byte[16 * 16 * 3];
            for (int i = 0; i < 16 * 16; i++) {
                rgb[i * 3] = (byte) (i + t * 10);
                rgb[i * 3 + 1] = (byte) (255 - i);
                rgb[i * 3 + 2] = (byte) (40 * t);
            }
            out.add(rgb);
        }
        return Clip.of(out, 16, 16, 8);
    }

    @Test
    void everyModeYieldsTheModelSizeAndTheRequestedFrames() {
        Clip source = gradient(5);
        List<Generation> modes = List.of(
                request(),
                request().withFrames(1),
                request().withKnown(new Generation.KnownPixels(source, Masks.frames(5, 16, 16, 0))),
                request().withKnown(new Generation.KnownPixels(source, Masks.frames(5, 16, 16, 0, 4))),
                request().withKnown(new Generation.KnownPixels(source, Masks.allBut(5, 16, 16, 4, 4, 12, 12))),
                request().withKnown(new Generation.KnownPixels(source, Masks.centre(5, 16, 16, 2))),
                request().withControl(new Generation.Control("depth", gradient(9), 1.0)),
                request().withGuidance(3.0).withSampler("heun"));
        for (Generation mode : modes) {
            Clip clip = pipeline.generate(mode, GenerationPipeline.Progress.NONE).clip();
            assertThat(clip.width()).isEqualTo(16);
            assertThat(clip.height()).isEqualTo(16);
            assertThat(clip.frameCount()).isEqualTo(mode.frames());
        }
        Clip extended = pipeline.extend(source, 7, request(), GenerationPipeline.Progress.NONE).clip();
        assertThat(extended.frameCount()).isEqualTo(12);
        assertThat(extended.frameRgb(0)).isEqualTo(source.frameRgb(0));
    }

    @Test
    void knownPixelsAreReproducedExactlyWhereTheMaskGivesThem() {
        Clip source = gradient(5);
        byte[] mask = Masks.allBut(5, 16, 16, 3, 5, 11, 13);
        Clip out = pipeline.generate(request().withKnown(new Generation.KnownPixels(source, mask)),
                GenerationPipeline.Progress.NONE).clip();
        int differentInside = 0;
        for (int t = 0; t < 5; t++) {
            byte[] a = source.frameRgb(t), b = out.frameRgb(t);
            for (int i = 0; i < 256; i++) {
                if (mask[t * 256 + i] != 0) {
                    assertThat(Arrays.copyOfRange(b, i * 3, i * 3 + 3)).isEqualTo(Arrays.copyOfRange(a, i * 3, i * 3 + 3));
                } else if (a[i * 3] != b[i * 3]) {
                    differentInside++;
                }
            }
        }
        assertThat(differentInside).as("the masked region is generated, not copied").isPositive();
    }

    @Test
    void imageToVideoStartsOnTheAutoencodersRoundTripOfTheImage() {
        Clip source = gradient(5);
        Clip image = Clip.of(List.of(source.frameRgb(0)), 16, 16, 8);
        byte[] roundTrip;
        try (ai.djl.ndarray.NDManager scratch = model.manager().newSubManager()) {
            ai.djl.ndarray.NDArray pictures = model.decodeLatents(model.encodeLatents(Pictures.toTensor(scratch, image)));
            roundTrip = Clip.fromTensor(pictures.get(":, :, 0:1").squeeze(0).transpose(1, 0, 2, 3).toFloatArray(),
                    1, 16, 16, 8).frameRgb(0);
        }
        Clip raw = pipeline.generate(request().withKnown(new Generation.KnownPixels(source, Masks.frames(5, 16, 16, 0))),
                GenerationPipeline.Progress.NONE).raw();
        // The known first frame's latents are pinned, so the model's own first frame is the image as the
        // autoencoder gives it back (a frame is encoded and decoded on its own: the autoencoder is causal).
        byte[] first = raw.frameRgb(0);
        for (int i = 0; i < first.length; i++) {
            assertThat(Math.abs((first[i] & 0xff) - (roundTrip[i] & 0xff))).as("byte " + i).isLessThanOrEqualTo(1);
        }
        assertThat(raw.frameRgb(4)).as("later frames are generated").isNotEqualTo(source.frameRgb(4));
    }

    @Test
    void videoToVideoStartsNearerTheSourceTheLowerItsStrength() {
        Clip source = gradient(5);
        Clip roundTrip;
        try (ai.djl.ndarray.NDManager scratch = model.manager().newSubManager()) {
            ai.djl.ndarray.NDArray pictures = model.decodeLatents(model.encodeLatents(Pictures.toTensor(scratch, source)));
            roundTrip = Clip.fromTensor(pictures.get(":, :, 0:5").squeeze(0).transpose(1, 0, 2, 3).toFloatArray(),
                    5, 16, 16, 8);
        }
        Clip fromNoise = pipeline.generate(request(), GenerationPipeline.Progress.NONE).raw();
        Clip atOne = pipeline.generate(request().withSource(new Generation.Source(source, 1.0)),
                GenerationPipeline.Progress.NONE).raw();
        for (int t = 0; t < 5; t++) {
            assertThat(atOne.frameRgb(t)).as("strength 1 is text-to-video, frame " + t).isEqualTo(fromNoise.frameRgb(t));
        }
        double[] distance = new double[3];
        double[] strengths = {0.05, 0.5, 1.0};
        for (int i = 0; i < strengths.length; i++) {
            Clip out = pipeline.generate(request().withSource(new Generation.Source(source, strengths[i])),
                    GenerationPipeline.Progress.NONE).raw();
            distance[i] = ToyModels.meanAbsoluteDifference(out, roundTrip);
        }
        // The random toy model's velocity moves the latents by about the time it integrates over, so the result
        // drifts from the source's round trip as the strength grows.
        assertThat(distance[0]).as("strength 0.05 against 0.5 and 1: " + Arrays.toString(distance))
                .isLessThan(distance[1]).isLessThan(distance[2] / 4);
        assertThat(distance[0]).isLessThan(8);
        // Extension cuts the source into windows as it does a control.
        Clip extended = pipeline.extend(source, 7, request().withSource(new Generation.Source(gradient(12), 0.05)),
                GenerationPipeline.Progress.NONE).clip();
        assertThat(extended.frameCount()).isEqualTo(12);
        assertThatThrownBy(() -> new Generation.Source(source, 0)).hasMessageContaining("source strength must be in (0, 1]");
        assertThatThrownBy(() -> new Generation.Source(source, 1.5)).hasMessageContaining("was 1.5");
        Clip wrongSize = Clip.of(List.of(new byte[32 * 16 * 3]), 32, 16, 8);
        assertThatThrownBy(() -> pipeline.generate(request().withSource(new Generation.Source(wrongSize, 0.5)),
                GenerationPipeline.Progress.NONE)).hasMessageContaining("the source clip is 32x16");
    }

    @Test
    void aRequestLongerThanTheWindowIsGeneratedWindowByWindow() {
        Clip source = gradient(12);
        Generation request = request().withFrames(12)
                .withKnown(new Generation.KnownPixels(source, Masks.frames(12, 16, 16, 0)))
                .withControl(new Generation.Control("depth", gradient(12), 1.0))
                .withSource(new Generation.Source(source, 0.5));
        List<Integer> seen = new ArrayList<>();
        GenerationPipeline.Result result = pipeline.generateAnyLength(request, (done, total) -> {
            assertThat(total).isEqualTo(GenerationPipeline.windows(12, 5) * 2);
            seen.add(done);
        });
        // Window 5, overlap 1, stride 4: frames 0-4, then 4-8, 8-12.
        assertThat(GenerationPipeline.windows(12, 5)).isEqualTo(3);
        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(result.clip().frameCount()).isEqualTo(12);
        assertThat(result.clip().frameRgb(0)).as("the given first frame").isEqualTo(source.frameRgb(0));
        // Up to the window it is the one-window generation itself.
        assertThat(pipeline.generateAnyLength(request(), GenerationPipeline.Progress.NONE).clip().frameRgb(3))
                .isEqualTo(pipeline.generate(request(), GenerationPipeline.Progress.NONE).clip().frameRgb(3));
        assertThatThrownBy(() -> pipeline.generateAnyLength(request().withFrames(12)
                .withKnown(new Generation.KnownPixels(source, Masks.frames(12, 16, 16, 0, 11))), GenerationPipeline.Progress.NONE))
                .hasMessageContaining("given pixels after the model's window of 5 frames (of 12)");
    }

    @Test
    void theSameSeedGivesTheSameFramesAndAnotherSeedDoesNot() {
        Clip a = pipeline.generate(request(), GenerationPipeline.Progress.NONE).clip();
        Clip b = pipeline.generate(request(), GenerationPipeline.Progress.NONE).clip();
        Clip c = pipeline.generate(request().withSeed(8), GenerationPipeline.Progress.NONE).clip();
        for (int t = 0; t < 5; t++) {
            assertThat(b.frameRgb(t)).isEqualTo(a.frameRgb(t));
        }
        assertThat(c.frameRgb(2)).isNotEqualTo(a.frameRgb(2));
    }

    @Test
    void progressCountsEveryStep() {
        List<Integer> seen = new ArrayList<>();
        pipeline.generate(Generation.of("a red sphere", 5, 1, 4), (done, total) -> {
            assertThat(total).isEqualTo(4);
            seen.add(done);
        });
        assertThat(seen).containsExactly(1, 2, 3, 4);
    }

    @Test
    void savingAndLoadingGivesBitIdenticalOutput() throws Exception {
        Clip before = pipeline.generate(request(), GenerationPipeline.Progress.NONE).clip();
        model.save(dir.resolve("m"));
        try (VideoModel loaded = VideoModel.load(dir.resolve("m"), Device.cpu())) {
            Clip after = new GenerationPipeline(loaded).generate(request(), GenerationPipeline.Progress.NONE).clip();
            for (int t = 0; t < 5; t++) {
                assertThat(after.frameRgb(t)).isEqualTo(before.frameRgb(t));
            }
        }
    }

    @Test
    void badRequestsAreRefusedWithClearMessages() {
        Clip wrongSize = Clip.of(List.of(new byte[32 * 16 * 3]), 32, 16, 8);
        assertThatThrownBy(() -> pipeline.generate(request().withFrames(1)
                .withKnown(new Generation.KnownPixels(wrongSize, new byte[32 * 16])), GenerationPipeline.Progress.NONE))
                .isInstanceOf(GenerationException.class).hasMessageContaining("32x16").hasMessageContaining("16x16");
        assertThatThrownBy(() -> new Generation.KnownPixels(gradient(5), new byte[10]))
                .isInstanceOf(GenerationException.class).hasMessageContaining("mask has 10 values");
        assertThatThrownBy(() -> new Generation.Control("normals", gradient(5), 1))
                .hasMessageContaining("unknown control kind 'normals'").hasMessageContaining("depth, edges, pose, flow");
        assertThatThrownBy(() -> pipeline.generate(Generation.of("a red sphear bounces", 5, 1, 1), GenerationPipeline.Progress.NONE))
                .isInstanceOf(GenerationException.class).hasMessageContaining("'sphear'").hasMessageContaining("sphere");
        assertThatThrownBy(() -> pipeline.generate(request().withFrames(6), GenerationPipeline.Progress.NONE))
                .hasMessageContaining("6 frames exceed the model's window of 5");
        assertThatThrownBy(() -> Generation.of("a red sphere", 5, 1, 0)).hasMessageContaining("steps");
        assertThatThrownBy(() -> request().withSampler("ddim")).hasMessageContaining("unknown sampler 'ddim'");
        Generation withReference = new Generation("a red sphere", "", 5, 1, 1, 1, "euler", java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(gradient(1)));
        assertThatThrownBy(() -> pipeline.generate(withReference, GenerationPipeline.Progress.NONE))
                .hasMessageContaining("no reference images");
    }

    @Test
    void corruptTruncatedOrMismatchedWeightsAreRefused() throws Exception {
        Path folder = dir.resolve("m");
        model.save(folder);
        Path weights = folder.resolve(VideoModel.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> VideoModel.load(folder, Device.cpu())).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated");
        byte[] corrupt = bytes.clone();
        corrupt[0] = (byte) 0xff;
        corrupt[5] = (byte) 0x7f;
        Files.write(weights, corrupt);
        assertThatThrownBy(() -> VideoModel.load(folder, Device.cpu())).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("header length");
        Files.write(weights, bytes);
        ModelConfig toy = ModelConfig.preset("toy");
        new ModelConfig(toy.name(), toy.version(), toy.width(), toy.height(), toy.frames(), toy.fps(), toy.vae(), toy.text(),
                new ModelConfig.Denoiser(48, 2, 2, 1, 2)).write(folder.resolve(VideoModel.CONFIG));
        assertThatThrownBy(() -> VideoModel.load(folder, Device.cpu())).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("do not match").hasMessageContaining("[48");
        Files.writeString(folder.resolve(VideoModel.CONFIG), "{\"name\": ");
        assertThatThrownBy(() -> VideoModel.load(folder, Device.cpu())).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a valid model config");
        assertThatThrownBy(() -> VideoModel.load(dir.resolve("absent"), Device.cpu())).hasMessageContaining("no model folder");
    }
}
