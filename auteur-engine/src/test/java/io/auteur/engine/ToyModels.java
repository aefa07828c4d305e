package io.auteur.engine;

import ai.djl.Device;
import io.auteur.media.Clip;
import io.auteur.previs.dataset.DatasetWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Real model classes at toy size (16x16, 5 frames, two blocks) with a small vocabulary, for fast tests, and how far
 * apart two of their clips are.
 */
final class ToyModels {
    static final List<String> CAPTIONS = List.of("a red sphere bounces to the right", "a blue cube rolls to the left",
            "a green cone falls on a checkered floor while the camera pans left");

    private ToyModels() {}

    static Tokenizer tokenizer() {
        return Tokenizer.fromTexts(CAPTIONS);
    }

    static VideoModel create(long seed) {
        return VideoModel.create(ModelConfig.preset("toy"), tokenizer(), seed, Device.cpu());
    }

    /** A real previs dataset at the toy model's size. */
    static Path dataset(Path directory, int clips) throws IOException {
        DatasetWriter.write(new DatasetWriter.Request(clips, 16, 16, 5, 8, 100, 4, 1), directory, done -> { });
        return directory;
    }

    /** Mean absolute difference of two clips of one shape, in 8-bit levels over every frame and channel. */
    static double meanAbsoluteDifference(Clip a, Clip b) {
        long sum = 0, count = 0;
        for (int t = 0; t < a.frameCount(); t++) {
            byte[] x = a.frameRgb(t), y = b.frameRgb(t);
            for (int i = 0; i < x.length; i++) {
                sum += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
                count++;
            }
        }
        return (double) sum / count;
    }

    static Trainer.Options options(Path data, Path out, int vaeSteps, int steps, boolean resume) {
        return new Trainer.Options(data, out, ModelConfig.preset("toy"), vaeSteps, 0, steps, 2, 2e-3, 1, 1, 5, 4, resume, null, null,
                Device.cpu());
    }
}
