package io.auteur.engine;

import ai.djl.Device;
import io.auteur.previs.dataset.DatasetWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Real model classes at toy size (16x16, 5 frames, two blocks) with a small vocabulary, for fast tests. */
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

    static Trainer.Options options(Path data, Path out, int vaeSteps, int steps, boolean resume) {
        return new Trainer.Options(data, out, ModelConfig.preset("toy"), vaeSteps, 0, steps, 2, 2e-3, 1, 1, 5, 4, resume, null, null,
                Device.cpu());
    }
}
