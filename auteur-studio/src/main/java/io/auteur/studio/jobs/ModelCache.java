package io.auteur.studio.jobs;

import io.auteur.engine.VideoModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Models loaded once per process and kept: loading reads the weights and starts PyTorch, which costs more than a
 * short generation. A model is used by one generation at a time ({@link #use}), as its native state is not known
 * to be safe to share between threads.
 */
public final class ModelCache implements AutoCloseable {
    private final Map<Path, VideoModel> loaded = new ConcurrentHashMap<>();

    /** Runs {@code work} on the model in {@code directory}, loading it on first use, one caller at a time. */
    public <T> T use(Path directory, Function<VideoModel, T> work) {
        VideoModel model = loaded.computeIfAbsent(directory.toAbsolutePath().normalize(),
                dir -> VideoModel.load(dir, VideoModel.defaultDevice()));
        synchronized (model) {
            return work.apply(model);
        }
    }

    @Override
    public void close() {
        loaded.values().forEach(VideoModel::close);
        loaded.clear();
    }
}
