package io.auteur.engine.internal.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Reusable input buffers for up to {@code capacity} clips: the working arrays the inputs are computed in, and
 * direct buffers that the network's input tensors are made over without a copy.
 *
 * <p>Why reused: DJL turns a Java array into a tensor through a fresh direct buffer, freed only when the garbage
 * collector finds its small wrapper, and arrays of tens of megabytes go straight to G1's old generation. Measured
 * here, allocating both afresh every step filled a 10 GB heap and as much direct memory within 700 steps and stalled
 * the run. Not thread-safe: the trainer fills one batch while the network reads another.
 */
public final class JudgeBatch {
    private final JudgeConfig config;
    private final int capacity;
    private int size;
    final float[] pictures;
    final float[] appearance;
    final float[] motion;
    final float[] objectCrops;
    final float[] actorCrops;
    private final ByteBuffer picturesBuffer;
    private final ByteBuffer appearanceBuffer;
    private final ByteBuffer motionBuffer;
    private final ByteBuffer objectBuffer;
    private final ByteBuffer actorBuffer;

    private JudgeBatch(JudgeConfig config, int capacity) {
        this.config = config;
        this.capacity = capacity;
        int plane = config.width() * config.height(), frames = config.appearanceFrames();
        pictures = new float[capacity * config.frames() * 3 * plane];
        appearance = new float[capacity * frames * JudgeClips.APPEARANCE_CHANNELS * plane];
        motion = new float[capacity * JudgeClips.globalMotionSize(config)];
        objectCrops = new float[capacity * frames * JudgeClips.APPEARANCE_CHANNELS * config.objectCrop() * config.objectCrop()];
        actorCrops = new float[capacity * frames * JudgeClips.APPEARANCE_CHANNELS * config.actorCrop() * config.actorCrop()];
        picturesBuffer = direct(pictures.length);
        appearanceBuffer = direct(appearance.length);
        motionBuffer = direct(motion.length);
        objectBuffer = direct(objectCrops.length);
        actorBuffer = direct(actorCrops.length);
    }

    public static JudgeBatch allocate(JudgeConfig config, int capacity) {
        if (capacity < 1 || capacity > 4096) {
            throw new IllegalArgumentException("batch capacity must lie in [1, 4096], was " + capacity);
        }
        return new JudgeBatch(config, capacity);
    }

    /** Computes the inputs of clips at the config's size, [frames][height][width][3] bytes each. */
    public JudgeBatch fill(List<byte[]> inputs) {
        if (inputs.isEmpty() || inputs.size() > capacity) {
            throw new IllegalArgumentException("a batch holds 1 to " + capacity + " clips, got " + inputs.size());
        }
        size = inputs.size();
        int pictureSize = pictures.length / capacity, appearanceSize = appearance.length / capacity;
        int motionSize = motion.length / capacity;
        // Only a pixel's non-zero colour bins are written, so the appearance values must start at zero.
        Arrays.fill(appearance, 0, size * appearanceSize, 0f);
        for (int b = 0; b < size; b++) {
            JudgeClips.writePictures(inputs.get(b), config, pictures, b * pictureSize);
            JudgeClips.writeAppearance(inputs.get(b), config, appearance, b * appearanceSize);
            JudgeClips.writeGlobalMotion(inputs.get(b), config, motion, b * motionSize);
        }
        copy(pictures, size * pictureSize, picturesBuffer);
        copy(appearance, size * appearanceSize, appearanceBuffer);
        copy(motion, size * motionSize, motionBuffer);
        return this;
    }

    public int size() {
        return size;
    }

    /** [size * tubelets, 3 * tubelet, height, width]: the frames, a tubelet's frames stacked as channels. */
    NDArray pictures(NDManager manager) {
        int tubelets = config.frames() / config.tubelet();
        return tensor(manager, picturesBuffer, new Shape((long) size * tubelets, 3L * config.tubelet(), config.height(),
                config.width()));
    }

    /** [size * appearanceFrames, APPEARANCE_CHANNELS, height, width]. */
    NDArray appearance(NDManager manager) {
        return tensor(manager, appearanceBuffer, new Shape((long) size * config.appearanceFrames(),
                JudgeClips.APPEARANCE_CHANNELS, config.height(), config.width()));
    }

    /** [size, globalMotionSize]. */
    NDArray motion(NDManager manager) {
        return tensor(manager, motionBuffer, new Shape(size, JudgeClips.globalMotionSize(config)));
    }

    /** Cuts the subject's windows out of the appearance frames and returns them as a tensor (see JudgeClips.crop). */
    NDArray crops(NDManager manager, JudgeClips.Subjects subjects, int subject) {
        int crop = subject == 0 ? config.objectCrop() : config.actorCrop();
        float[] values = subject == 0 ? objectCrops : actorCrops;
        ByteBuffer buffer = subject == 0 ? objectBuffer : actorBuffer;
        JudgeClips.crop(appearance, size, config, subjects.windows(), subject, crop, values);
        int count = size * config.appearanceFrames() * JudgeClips.APPEARANCE_CHANNELS * crop * crop;
        copy(values, count, buffer);
        return tensor(manager, buffer, new Shape((long) size * config.appearanceFrames(), JudgeClips.APPEARANCE_CHANNELS,
                crop, crop));
    }

    private static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    private static void copy(float[] values, int count, ByteBuffer buffer) {
        buffer.clear();
        buffer.asFloatBuffer().put(values, 0, count);
    }

    /** A tensor over the first shape.size() floats of {@code buffer}, sharing its memory. */
    private static NDArray tensor(NDManager manager, ByteBuffer buffer, Shape shape) {
        ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
        view.position(0).limit(Math.toIntExact(shape.size() * Float.BYTES));
        return manager.create(view.slice().order(ByteOrder.nativeOrder()), shape, DataType.FLOAT32);
    }
}
