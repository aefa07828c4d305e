package io.auteur.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.engine.internal.Safetensors;
import io.auteur.media.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    @Test
    void aTextWindowGrowsByFineTuningAndAPromptLongerThanTheWindowIsRefused() throws Exception {
        Path data = ToyModels.dataset(dir.resolve("data"), 4);
        Path narrow = dir.resolve("narrow"), wide = dir.resolve("wide");
        ModelConfig eightWords = ModelConfig.preset("toy").withTextTokens(8);
        // A few steps, so the denoiser's zero-initialised layers have moved and the text changes what it draws.
        Trainer.train(new Trainer.Options(data, narrow, eightWords, 1, 0, 3, 2, 2e-3, 1, 1, 5, 100, false, null, null,
                Device.cpu()), (phase, step, total, loss) -> { });
        // Previs captions run past 8 words: the run says how many it cut.
        assertThat(new ObjectMapper().readTree(narrow.resolve("training.json").toFile()).path("captionsCut").asInt())
                .isEqualTo(4);
        assertThat(Files.readString(narrow.resolve("MODEL_CARD.md")))
                .contains("4 of 4 captions were longer than the text window of 8 words and were cut to it");
        String fits = "a red sphere bounces to the right";
        String tooLong = "a green cone falls on a checkered floor while the camera pans left";
        Clip before;
        try (VideoModel model = VideoModel.load(narrow, Device.cpu())) {
            GenerationPipeline eight = new GenerationPipeline(model);
            assertThatThrownBy(() -> eight.generate(Generation.of(tooLong, 5, 7, 2), GenerationPipeline.Progress.NONE))
                    .isInstanceOf(GenerationException.class)
                    .hasMessageContaining("the prompt has 13 words but the model reads at most 8")
                    .hasMessageContaining("it would not read: \"while the camera pans left\"");
            assertThatThrownBy(() -> eight.generate(new Generation(fits, tooLong, 5, 7, 2, 3.0, "euler",
                    Optional.empty(), Optional.empty(), List.of()), GenerationPipeline.Progress.NONE))
                    .isInstanceOf(GenerationException.class).hasMessageContaining("the negative prompt has 13 words");
            before = eight.generate(Generation.of(fits, 5, 7, 2), GenerationPipeline.Progress.NONE).clip();
        }
        try (VideoModel grown = VideoModel.withTextWindow(narrow, 16, 0, Device.cpu())) {
            assertThat(grown.config().text().maxTokens()).isEqualTo(16);
            GenerationPipeline sixteen = new GenerationPipeline(grown);
            // What the model learned is kept: a prompt that fitted before is read as before.
            Clip after = sixteen.generate(Generation.of(fits, 5, 7, 2), GenerationPipeline.Progress.NONE).clip();
            assertThat(ToyModels.meanAbsoluteDifference(before, after)).isLessThan(0.01);
            // The words past the old window are now read: they change the clip.
            Clip whole = sixteen.generate(Generation.of(tooLong, 5, 7, 2), GenerationPipeline.Progress.NONE).clip();
            Clip firstEight = sixteen.generate(Generation.of("a green cone falls on a checkered floor", 5, 7, 2),
                    GenerationPipeline.Progress.NONE).clip();
            assertThat(ToyModels.meanAbsoluteDifference(whole, firstEight)).isGreaterThan(0.1);
        }
        assertThatThrownBy(() -> VideoModel.withTextWindow(narrow, 4, 0, Device.cpu()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("can grow, not shrink to 4");
        // auteur train --from narrow --text-tokens 16: the grown model, fine-tuned.
        List<Double> losses = new ArrayList<>();
        Trainer.train(new Trainer.Options(data, wide, eightWords.withTextTokens(16), 0, 0, 2, 2, 2e-3, 1, 1, 5, 100,
                false, narrow, null, Device.cpu()), (phase, step, total, loss) -> losses.add(loss));
        assertThat(losses).hasSize(2).allMatch(Double::isFinite);
        try (VideoModel tuned = VideoModel.load(wide, Device.cpu())) {
            assertThat(tuned.config().text().maxTokens()).isEqualTo(16);
            assertThat(new ObjectMapper().readTree(wide.resolve("training.json").toFile()).path("textWindowGrownFrom")
                    .asInt()).isEqualTo(8);
            assertThat(Files.readString(wide.resolve("MODEL_CARD.md"))).contains("prompts of up to 16 words")
                    .contains("the text window grown from 8 to 16 words");
            assertThat(new GenerationPipeline(tuned).generate(Generation.of(tooLong, 5, 7, 2),
                    GenerationPipeline.Progress.NONE).clip().frameCount()).isEqualTo(5);
        }
    }

    @Test
    void aFewStepsLowerBothLossesAndWriteAModelFolder() throws Exception {
        Path data = ToyModels.dataset(dir.resolve("data"), 6);
        List<double[]> vae = new ArrayList<>(), denoiser = new ArrayList<>();
        Trainer.Report report = Trainer.train(ToyModels.options(data, dir.resolve("model"), 30, 30, false),
                (phase, step, total, loss) -> (phase.equals("vae") ? vae : denoiser).add(new double[] {step, loss}));
        assertThat(vae).hasSize(30);
        assertThat(denoiser).hasSize(30);
        // Measured 0.70 of the first steps' mean in each of 3 runs (0 steps computed again: the toy's convolutions are
        // small enough for Layers.gatheredConvolution); a VAE that does not learn stays near 1.
        assertThat(mean(vae.subList(25, 30))).isLessThan(0.8 * mean(vae.subList(0, 5)));
        assertThat(mean(denoiser.subList(25, 30))).isLessThan(mean(denoiser.subList(0, 5)));
        assertThat(report.latentScale()).isPositive().isFinite();
        Path model = dir.resolve("model");
        for (String file : List.of("config.json", "tokenizer.json", "model.safetensors", "MODEL_CARD.md", "loss.csv",
                "loss.png", "training.json")) {
            assertThat(model.resolve(file)).isNotEmptyFile();
        }
        assertThat(model.resolve("checkpoint")).doesNotExist();
        assertThat(Files.readAllLines(model.resolve("loss.csv"))).hasSize(61);
        assertThat(Files.readString(model.resolve("MODEL_CARD.md"))).contains("no human contributors").contains("auteur-previs/1");
        try (VideoModel loaded = VideoModel.load(model, VideoModel.defaultDevice())) {
            assertThat(loaded.config().vae().latentScale()).isEqualTo(report.latentScale());
        }
    }

    @Test
    void aRunKilledMidwayResumesToTheSameWeights() throws Exception {
        Path data = ToyModels.dataset(dir.resolve("data"), 5);
        // A run killed at denoiser step 7 leaves its step-4 checkpoint.
        class Killed extends RuntimeException { }
        assertThatThrownBy(() -> Trainer.train(ToyModels.options(data, dir.resolve("killed"), 6, 10, false),
                (phase, step, total, loss) -> {
                    if (phase.equals("denoiser") && step == 7) {
                        throw new Killed();
                    }
                })).isInstanceOf(Killed.class);
        assertThat(dir.resolve("killed/checkpoint/state.json")).content().contains("\"denoiser\"").contains("\"step\":4");
        // The run that goes on, and a copy of its folder as a kill at step 7 would have left it. Resuming the copy
        // of this same run (not of the killed one) compares resumption alone: two runs' VAE phases can differ by
        // whole steps where PyTorch's convolution gradients come out NaN (see Trainer.Run.trainStep).
        Path resumed = dir.resolve("resumed");
        Trainer.train(ToyModels.options(data, dir.resolve("straight"), 6, 10, false), (phase, step, total, loss) -> {
            if (phase.equals("denoiser") && step == 7) {
                copyFolder(dir.resolve("straight"), resumed);
            }
        });
        List<String> resumedSteps = new ArrayList<>();
        Trainer.train(ToyModels.options(data, resumed, 6, 10, true), (phase, step, total, loss) -> resumedSteps.add(phase + step));
        assertThat(resumedSteps).containsExactly("denoiser5", "denoiser6", "denoiser7", "denoiser8", "denoiser9", "denoiser10");
        Map<String, Safetensors.Tensor> a = Safetensors.read(dir.resolve("straight/model.safetensors"));
        Map<String, Safetensors.Tensor> b = Safetensors.read(resumed.resolve("model.safetensors"));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String name : a.keySet()) {
            float[] x = a.get(name).values(), y = b.get(name).values();
            for (int i = 0; i < x.length; i++) {
                // PyTorch's multi-threaded CPU reductions are not bit-reproducible from run to run: measured
                // differences reach 3e-4 after 10 steps. A resume that lost the optimiser state, the EMA or the
                // batch order moves weights by whole learning-rate steps (2e-3 here), far beyond this bound.
                assertThat(y[i]).as(name).isCloseTo(x[i], org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
        long rows = Files.readAllLines(resumed.resolve("loss.csv")).stream().filter(l -> l.startsWith("denoiser")).count();
        assertThat(rows).isEqualTo(10);
    }

    private static void copyFolder(Path from, Path to) {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aWiderDecoderTrainsAgainstTheFrozenEncoderAndLeavesEverythingElseAsItWas() throws Exception {
        Path data = ToyModels.dataset(dir.resolve("data"), 6);
        Path base = dir.resolve("base");
        // Without the picture shortcut, so that a fresh decoder starts far off (loss near 1).
        ModelConfig plain = ModelConfig.preset("toy").withVae(new ModelConfig.Vae(List.of(8, 8), 4, 1.0));
        Trainer.train(new Trainer.Options(data, base, plain, 20, 0, 2, 2, 2e-3, 1, 1, 5, 100, false, null, null, Device.cpu()),
                (phase, step, total, loss) -> { });
        ModelConfig wider = ModelConfig.read(base.resolve(VideoModel.CONFIG)).withDecoderChannels(List.of(16, 24));
        List<Double> losses = new ArrayList<>();
        Trainer.Report report = Trainer.train(new Trainer.Options(data, dir.resolve("wider"), wider, 0, 40, 0, 2, 2e-3, 1, 1, 5,
                        100, false, base, null, Device.cpu()),
                (phase, step, total, loss) -> {
                    assertThat(phase).isEqualTo("decoder");
                    losses.add(loss);
                });
        assertThat(losses).hasSize(40);
        // The fresh decoder learns.
        assertThat(losses.subList(35, 40).stream().mapToDouble(d -> d).average().orElseThrow())
                .isLessThan(0.8 * losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow());
        Map<String, Safetensors.Tensor> before = Safetensors.read(base.resolve(VideoModel.WEIGHTS));
        Map<String, Safetensors.Tensor> after = Safetensors.read(dir.resolve("wider").resolve(VideoModel.WEIGHTS));
        List<String> kept = before.keySet().stream().filter(name -> !name.startsWith(VideoModel.DECODER_PREFIX)).toList();
        assertThat(after.keySet().stream().filter(name -> !name.startsWith(VideoModel.DECODER_PREFIX)))
                .containsExactlyElementsOf(kept);
        for (String name : kept) {
            assertThat(after.get(name).values()).as(name).containsExactly(before.get(name).values());
        }
        assertThat(after.get("vae.decoder.in.weight").shape()).containsExactly(24, 4, 3, 3, 3);
        try (VideoModel loaded = VideoModel.load(dir.resolve("wider"), Device.cpu());
             VideoModel original = VideoModel.load(base, Device.cpu())) {
            assertThat(loaded.config().vae().decoderChannels()).containsExactly(16, 24);
            // The latents, and so what the denoiser learnt, are unchanged: the latent scale too.
            assertThat(loaded.config().vae().latentScale()).isEqualTo(original.config().vae().latentScale());
            assertThat(report.validationPsnr()).isFinite();
        }
        assertThat(Files.readString(dir.resolve("wider/MODEL_CARD.md"))).contains("decoder [16, 24]")
                .contains("decoder-only steps: 40")
                // The denoiser and the latents are the base's, so is its validation loss.
                .contains("(measured by an earlier run: this one trained no denoiser steps)");
    }

    @Test
    void anotherModelsAutoencoderGoesUnderATrainedModelWhoseDenoiserThenLearnsItsLatents() throws Exception {
        Path data = ToyModels.dataset(dir.resolve("data"), 6);
        Path base = dir.resolve("base");
        Trainer.train(ToyModels.options(data, base, 20, 4, false), (phase, step, total, loss) -> { });
        // An autoencoder with wider latents (6 channels, the toy's have 4), trained alone.
        Path autoencoder = dir.resolve("autoencoder");
        ModelConfig wideLatents = ModelConfig.preset("toy").withVae(new ModelConfig.Vae(List.of(8, 8), 6, 1.0));
        Trainer.train(new Trainer.Options(data, autoencoder, wideLatents, 20, 0, 0, 2, 2e-3, 1, 1, 7, 100, false, null, null,
                Device.cpu()), (phase, step, total, loss) -> { });

        Map<String, Safetensors.Tensor> baseWeights = Safetensors.read(base.resolve(VideoModel.WEIGHTS));
        Map<String, Safetensors.Tensor> donorWeights = Safetensors.read(autoencoder.resolve(VideoModel.WEIGHTS));
        try (VideoModel combined = VideoModel.withAutoencoderOf(base, autoencoder, 3, Device.cpu());
             VideoModel donor = VideoModel.load(autoencoder, Device.cpu())) {
            assertThat(combined.config().vae()).isEqualTo(donor.config().vae());
            assertThat(combined.config().denoiser()).isEqualTo(ModelConfig.read(base.resolve(VideoModel.CONFIG)).denoiser());
            combined.weights().arrays().forEach((name, array) -> {
                float[] values = array.toFloatArray();
                if (name.startsWith("vae.")) {
                    assertThat(values).as(name).containsExactly(donorWeights.get(name).values());
                } else if (name.equals("denoiser.patch_in.weight") || name.equals("denoiser.patch_out.weight")) {
                    assertThat(array.getShape().getShape()).as(name).isNotEqualTo(baseWeights.get(name).shape());
                } else if (!name.startsWith("denoiser.patch_")) {
                    assertThat(values).as(name).containsExactly(baseWeights.get(name).values());
                }
            });
        }

        List<Double> losses = new ArrayList<>();
        Path out = dir.resolve("combined");
        ModelConfig config = ModelConfig.read(base.resolve(VideoModel.CONFIG));
        Trainer.train(new Trainer.Options(data, out, config, 0, 0, 12, 2, 2e-3, 1, 1, 5, 100, false, base, autoencoder,
                Device.cpu()), (phase, step, total, loss) -> {
                    assertThat(phase).isEqualTo("denoiser");
                    losses.add(loss);
                });
        assertThat(losses).hasSize(12).allMatch(Double::isFinite);
        Map<String, Safetensors.Tensor> trained = Safetensors.read(out.resolve(VideoModel.WEIGHTS));
        for (String name : donorWeights.keySet()) {
            if (name.startsWith("vae.")) {
                assertThat(trained.get(name).values()).as(name).containsExactly(donorWeights.get(name).values());
            }
        }
        try (VideoModel loaded = VideoModel.load(out, Device.cpu())) {
            assertThat(loaded.config().vae().latentChannels()).isEqualTo(6);
            var clip = new GenerationPipeline(loaded).generate(Generation.of("a red sphere bounces to the right", 5, 7, 2),
                    GenerationPipeline.Progress.NONE).clip();
            assertThat(clip.frameCount()).isEqualTo(5);
        }
        JsonNode training = new ObjectMapper().readTree(out.resolve("training.json").toFile());
        assertThat(training.path("autoencoderFrom").path("vaeSteps").asInt()).isEqualTo(20);
        assertThat(Files.readString(out.resolve("MODEL_CARD.md"))).contains("Autoencoder taken from a run: VAE steps 20")
                .contains("Whole chain: 40 VAE steps, 0 decoder-only steps, 16 denoiser steps");
    }

    @Test
    void theLossWeighsTheLatentCellsThatShowTheSubject() throws Exception {
        Path data = ToyModels.dataset(dir.resolve("data"), 3);
        TrainingData dataset = TrainingData.open(data);
        ModelConfig config = ModelConfig.preset("toy");
        int factor = config.vae().spatialFactor(), lw = config.latentWidth(), lh = config.latentHeight();
        int latentFrames = config.latentFrames(config.frames()), plane = config.width() * config.height();
        int subjectCells = 0;
        for (int c = 0; c < 3; c++) {
            io.auteur.previs.dataset.ClipRecord clip = dataset.read(c);
            float[] cells = Trainer.foreground(clip, config, latentFrames);
            assertThat(cells).hasSize(latentFrames * lh * lw);
            // A cell is foreground exactly when one of its pixels, in one of its picture frames, shows a subject.
            for (int j = 0; j < latentFrames; j++) {
                for (int y = 0; y < lh; y++) {
                    for (int x = 0; x < lw; x++) {
                        boolean subject = false;
                        for (int t = Math.max(0, 2 * j - 1); t <= Math.min(2 * j, config.frames() - 1); t++) {
                            for (int p = 0; p < factor * factor; p++) {
                                int pixel = t * plane + (y * factor + p / factor) * config.width() + x * factor + p % factor;
                                subject |= (clip.instance()[pixel] & 0xff) >= 2;
                            }
                        }
                        assertThat(cells[(j * lh + y) * lw + x]).isEqualTo(subject ? 1f : 0f);
                        subjectCells += subject ? 1 : 0;
                    }
                }
            }
        }
        assertThat(subjectCells).isPositive();
        Trainer.train(new Trainer.Options(data, dir.resolve("weighted"), config, 2, 0, 2, 2, 2e-3, 5, 3, 5, 100, false,
                null, null, Device.cpu()), (phase, step, total, loss) -> { });
        JsonNode training = new ObjectMapper().readTree(dir.resolve("weighted/training.json").toFile());
        assertThat(training.get("foregroundWeight").asDouble()).isEqualTo(5.0);
        assertThat(training.get("timeShift").asDouble()).isEqualTo(3.0);
        assertThat(dir.resolve("weighted/MODEL_CARD.md")).content().contains("object or the actor weighed 5.0 times")
                .contains("training times shifted towards noise by 3.0");
        assertThatThrownBy(() -> new Trainer.Options(data, dir.resolve("x"), config, 0, 0, 1, 2, 2e-3, 0.5, 1, 5, 100,
                false, null, null, Device.cpu())).hasMessageContaining("foreground weight must be in [1, 100]");
    }

    @Test
    void theTimeShiftTrainsTheDenoiserWhereTheSamplerTakesItsFirstSteps() {
        // The sampler's 8 steps start at t = 1, 0.955 and 0.9 (shift 3); logit-normal times rarely go there.
        assertThat(shareAbove(0.9, 1)).isBetween(0.010, 0.018);   // P(N(0,1) > logit 0.9 = 2.197) = 1.4%
        assertThat(shareAbove(0.9, 3)).isBetween(0.12, 0.15);     // t' > 0.9 where t > 0.75: P(N > 1.099) = 13.6%
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(Trainer.trainingTime(random, 3)).isBetween(0.0, 1.0);
        }
        assertThatThrownBy(() -> new Trainer.Options(dir, dir.resolve("x"), ModelConfig.preset("toy"), 0, 0, 1, 2,
                2e-3, 1, 0.5, 5, 100, false, null, null, Device.cpu())).hasMessageContaining("time shift must be in [1, 10]");
    }

    private static double shareAbove(double time, double shift) {
        SplittableRandom random = new SplittableRandom(7);
        int above = 0, draws = 100_000;
        for (int i = 0; i < draws; i++) {
            above += Trainer.trainingTime(random, shift) > time ? 1 : 0;
        }
        return (double) above / draws;
    }

    @Test
    void anAutoencoderOfAnotherPictureSizeIsRefused() throws Exception {
        Path data = ToyModels.dataset(dir.resolve("data"), 4);
        Path base = dir.resolve("base");
        Trainer.train(ToyModels.options(data, base, 1, 1, false), (phase, step, total, loss) -> { });
        Path deeper = dir.resolve("deeper");
        ModelConfig threeLevels = ModelConfig.preset("toy").withVae(new ModelConfig.Vae(List.of(8, 8, 8), 4, 1.0));
        Trainer.train(new Trainer.Options(data, deeper, threeLevels, 1, 0, 0, 2, 2e-3, 1, 1, 7, 100, false, null, null,
                Device.cpu()), (phase, step, total, loss) -> { });
        assertThatThrownBy(() -> VideoModel.withAutoencoderOf(base, deeper, 3, Device.cpu()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("8x smaller").hasMessageContaining("4x smaller");
        assertThatThrownBy(() -> new Trainer.Options(data, dir.resolve("x"), threeLevels, 0, 0, 0, 2, 2e-3, 1, 1, 7, 100, false,
                base, deeper, Device.cpu())).hasMessageContaining("--steps");
    }

    @Test
    void theAutoencoderTrainsOnWindowsCutFromTheWholePictureOnItsLatentGrid() throws Exception {
        Path data = dir.resolve("data");
        io.auteur.previs.dataset.DatasetWriter.write(new io.auteur.previs.dataset.DatasetWriter.Request(2, 64, 64, 9, 8, 1, 4, 1),
                data, d -> { });
        TrainingData dataset = TrainingData.open(data);
        List<io.auteur.previs.dataset.ClipRecord> clips = List.of(dataset.read(0), dataset.read(1));
        ModelConfig config = ModelConfig.preset("tiny");
        java.util.Set<List<Integer>> placesSeen = new java.util.HashSet<>();
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (int draw = 0; draw < 6; draw++) {
                ai.djl.ndarray.NDArray windows = Trainer.windows(config, manager, clips, new java.util.SplittableRandom(draw));
                assertThat(windows.getShape().getShape()).containsExactly(2, 3, 9, 32, 32);
                float[] values = windows.toFloatArray();
                for (int b = 0; b < 2; b++) {
                    List<Integer> place = placeOf(values, b, clips.get(b).rgb());
                    assertThat(place).as("window %d of draw %d is a 32x32 part of its clip on the 4-pixel grid", b, draw)
                            .isNotNull();
                    placesSeen.add(place);
                }
            }
        }
        assertThat(placesSeen).hasSizeGreaterThan(3);
    }

    /** Where window {@code b} of a [b, 3, 9, 32, 32] batch lies in its 64x64 clip, on the 4-pixel grid; null if nowhere. */
    private static List<Integer> placeOf(float[] windows, int b, byte[] rgb) {
        for (int top = 0; top <= 32; top += 4) {
            for (int left = 0; left <= 32; left += 4) {
                boolean same = true;
                for (int c = 0; c < 3 && same; c++) {
                    for (int t = 0; t < 9 && same; t++) {
                        for (int y = 0; y < 32 && same; y++) {
                            for (int x = 0; x < 32 && same; x++) {
                                float expected = (rgb[((t * 64 + top + y) * 64 + left + x) * 3 + c] & 0xff) / 127.5f - 1f;
                                same = windows[(((b * 3 + c) * 9 + t) * 32 + y) * 32 + x] == expected;
                            }
                        }
                    }
                }
                if (same) {
                    return List.of(left, top);
                }
            }
        }
        return null;
    }

    @Test
    void aDecoderWithAnotherNumberOfLevelsIsRefused() {
        assertThatThrownBy(() -> ModelConfig.preset("toy").withDecoderChannels(List.of(8, 8, 8)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("one width per level");
    }

    @Test
    void aDatasetOfTheWrongSizeIsRefusedBeforeTraining() throws Exception {
        Path data = dir.resolve("data");
        io.auteur.previs.dataset.DatasetWriter.write(new io.auteur.previs.dataset.DatasetWriter.Request(2, 32, 32, 5, 8, 1, 4, 1),
                data, d -> { });
        assertThatThrownBy(() -> Trainer.train(ToyModels.options(data, dir.resolve("m"), 1, 1, false), (p, s, t, l) -> { }))
                .hasMessageContaining("32x32").hasMessageContaining("16x16");
        assertThatThrownBy(() -> Trainer.train(ToyModels.options(dir.resolve("nothing"), dir.resolve("m"), 1, 1, false),
                (p, s, t, l) -> { })).hasMessageContaining("manifest.json");
    }

    private static double mean(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
    }
}
