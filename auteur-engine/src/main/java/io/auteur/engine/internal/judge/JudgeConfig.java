package io.auteur.engine.internal.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.auteur.engine.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every hyperparameter of the judge, saved as config.json beside its weights: the input it reads (clips are
 * resampled to it), the network's sizes and the labels of each attribute head, so a judge trained for other
 * labels is refused instead of misread. See {@link JudgeNet} for what each part does.
 *
 * @param width            input width in pixels
 * @param height           input height
 * @param frames           input frames
 * @param fps              input frame rate: the judge watches {@code frames / fps} seconds
 * @param patch            pixels a side of the patches the input is cut into (the grid is width / patch cells)
 * @param tubelet          frames per tubelet of the motion trunk
 * @param embed            features per tubelet patch
 * @param appearanceFrames frames, evenly spaced, that are segmented and cropped one at a time
 * @param segmentWidth     features per cell of the segmentation branch
 * @param segmentLayers    3x3 convolutions of the segmentation branch
 * @param objectCrop       pixels a side of the object's crop (its window, sized to the object, is resampled to it)
 * @param actorCrop        pixels a side of the window cut out around the actor
 * @param cropChannels     widths of the 3x3 convolutions that read a crop
 * @param channels         widths of the motion trunk after the embeddings: a 1x1 fusion, then 3x3 convolutions
 * @param strides          stride of each trunk layer (1 or 2)
 * @param hidden           width of the layer shared by the heads
 * @param labels           attribute key to its labels, in head order
 */
public record JudgeConfig(String name, String version, int width, int height, int frames, double fps,
                          int patch, int tubelet, int embed, int appearanceFrames, int segmentWidth,
                          int segmentLayers, int objectCrop, int actorCrop, List<Integer> cropChannels,
                          List<Integer> channels, List<Integer> strides, int hidden,
                          Map<String, List<String>> labels) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final long MAX_CONFIG_BYTES = 1 << 20;

    public JudgeConfig {
        if (name == null || !name.matches("[a-z0-9._-]{1,64}")) {
            throw new ModelFormatException("judge name must be 1-64 lower-case letters, digits, '.', '_' or '-', was "
                    + name);
        }
        if (version == null || version.isBlank()) {
            throw new ModelFormatException("judge version is missing");
        }
        if (width < 8 || height < 8 || width > 512 || height > 512 || frames < 1 || frames > 64 || !(fps > 0 && fps <= 120)) {
            throw new ModelFormatException("judge input must be 8 to 512 pixels a side, 1 to 64 frames and fps in (0, 120], "
                    + "was " + width + "x" + height + ", " + frames + " frames at " + fps + " fps");
        }
        if (patch < 1 || patch > 16 || tubelet < 1 || frames % tubelet != 0 || embed < 1 || embed > 1024) {
            throw new ModelFormatException("judge patch must lie in [1, 16], tubelet divide the " + frames
                    + " frames and embed lie in [1, 1024], were " + patch + ", " + tubelet + " and " + embed);
        }
        if (appearanceFrames < 1 || appearanceFrames > frames || segmentWidth < 1 || segmentWidth > 1024
                || segmentLayers < 0 || segmentLayers > 8) {
            throw new ModelFormatException("judge appearanceFrames must lie in [1, " + frames + "], segmentWidth in "
                    + "[1, 1024] and segmentLayers in [0, 8], were " + appearanceFrames + ", " + segmentWidth
                    + " and " + segmentLayers);
        }
        if (objectCrop < 4 || objectCrop > Math.min(width, height) || actorCrop < 4 || actorCrop > Math.min(width, height)
                || cropChannels == null || cropChannels.isEmpty() || cropChannels.size() > 6
                || cropChannels.stream().anyMatch(c -> c < 1 || c > 1024)) {
            throw new ModelFormatException("judge objectCrop and actorCrop must lie in [4, " + Math.min(width, height)
                    + "] and cropChannels hold 1 to 6 widths in [1, 1024], were " + objectCrop + ", " + actorCrop
                    + " and " + cropChannels);
        }
        cropChannels = List.copyOf(cropChannels);
        if (channels == null || strides == null || channels.isEmpty() || channels.size() > 12
                || channels.size() != strides.size()) {
            throw new ModelFormatException("judge channels and strides must be lists of the same length, 1 to 12 layers");
        }
        channels = List.copyOf(channels);
        strides = List.copyOf(strides);
        if (channels.stream().anyMatch(c -> c < 1 || c > 1024) || strides.stream().anyMatch(s -> s != 1 && s != 2)) {
            throw new ModelFormatException("judge channels must lie in [1, 1024] and strides be 1 or 2, were "
                    + channels + " and " + strides);
        }
        int reduction = patch * strides.stream().reduce(1, (a, b) -> a * b);
        if (width % reduction != 0 || height % reduction != 0) {
            throw new ModelFormatException("judge input " + width + "x" + height + " must be divisible by " + reduction
                    + ", its patch times the product of its strides");
        }
        if (hidden < 1 || hidden > 4096) {
            throw new ModelFormatException("judge hidden width must lie in [1, 4096], was " + hidden);
        }
        if (labels == null || labels.isEmpty() || labels.values().stream().anyMatch(l -> l == null || l.size() < 2)) {
            throw new ModelFormatException("judge labels must name at least one attribute, each with two or more labels");
        }
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /**
     * Built-in configs with the given labels. {@code standard} reads what the bundled model makes (64x64, 16 frames
     * at 8 fps); {@code toy} is a tiny stand-in for tests.
     */
    public static JudgeConfig preset(String preset, Map<String, List<String>> labels) {
        return switch (preset) {
            case "standard" -> new JudgeConfig("judge", "1", 64, 64, 16, 8, 4, 2, 32, 6, 16, 2, 16, 32,
                    List.of(24, 32, 48), List.of(64, 96, 96), List.of(1, 2, 1), 256, labels);
            case "toy" -> new JudgeConfig("judge-toy", "1", 32, 32, 6, 8, 4, 2, 8, 2, 12, 1, 12, 16, List.of(12, 16),
                    List.of(24, 32), List.of(1, 2), 48, labels);
            default -> throw new ModelFormatException("unknown judge config '" + preset + "'; known: standard, toy");
        };
    }

    /** Cells across the patch grid, where the appearance branch works and the subject masks are predicted. */
    public int gridWidth() {
        return width / patch;
    }

    public int gridHeight() {
        return height / patch;
    }

    /** Which frame the appearance branch's {@code index}-th frame is: evenly spaced, first and last included. */
    public int appearanceFrame(int index) {
        return appearanceFrames == 1 ? 0 : (int) Math.round(index * (frames - 1.0) / (appearanceFrames - 1));
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(this));
    }

    public static JudgeConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + ": no judge config here");
        }
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ModelFormatException(file + ": judge config larger than 1 MiB");
            }
            return JSON.readValue(file.toFile(), JudgeConfig.class);
        } catch (IOException e) {
            // Jackson wraps the compact constructor's ModelFormatException; its message names the field.
            Throwable cause = e.getCause() instanceof ModelFormatException m ? m : e;
            throw new ModelFormatException(file + ": not a valid judge config: " + cause.getMessage());
        }
    }
}
