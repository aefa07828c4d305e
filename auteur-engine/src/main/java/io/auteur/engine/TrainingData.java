package io.auteur.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.previs.ControlKind;
import io.auteur.previs.dataset.ClipRecord;
import io.auteur.previs.dataset.DatasetFormat;
import io.auteur.previs.render.FlowColours;
import io.auteur.previs.render.SkeletonPainter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Random access to the clips of a dataset folder written by {@code auteur previs dataset}: one pass indexes every
 * record's shard and offset (and reads its caption), then any clip is one seek and one bounded read. Training picks
 * clips by a seeded random index per step, so a resumed run sees exactly the batches it would have seen.
 */
public final class TrainingData {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path directory;
    private final List<Entry> entries;
    private final JsonNode manifest;

    /** Where one clip lives, and its caption. */
    public record Entry(Path shard, long offset, String caption, long seed) {}

    private TrainingData(Path directory, List<Entry> entries, JsonNode manifest) {
        this.directory = directory;
        this.entries = List.copyOf(entries);
        this.manifest = manifest;
    }

    public static TrainingData open(Path directory) throws IOException {
        Path manifestFile = directory.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException(directory + ": not a dataset folder (no manifest.json); write one with "
                    + "auteur previs dataset --out " + directory);
        }
        JsonNode manifest = JSON.readTree(manifestFile.toFile());
        List<Path> shards = new ArrayList<>();
        for (JsonNode name : manifest.path("shards")) {
            Path shard = directory.resolve(name.asText()).normalize();
            if (!shard.startsWith(directory.normalize()) || !Files.isRegularFile(shard)) {
                throw new IOException(directory + ": the manifest names shard " + name.asText() + " that is not there");
            }
            shards.add(shard);
        }
        List<Entry> entries = new ArrayList<>();
        for (Path shard : shards) {
            index(shard, entries);
        }
        if (entries.isEmpty()) {
            throw new IOException(directory + ": the dataset holds no clips");
        }
        return new TrainingData(directory, entries, manifest);
    }

    private static void index(Path shard, List<Entry> entries) throws IOException {
        try (FileChannel channel = FileChannel.open(shard)) {
            long size = channel.size(), position = 0;
            ByteBuffer fixed = ByteBuffer.allocate(24);
            while (position < size) {
                fixed.clear();
                channel.read(fixed, position);
                fixed.flip();
                if (fixed.remaining() < 24) {
                    throw new IOException(shard + ": truncated record at byte " + position);
                }
                fixed.getInt();
                fixed.getInt();
                long width = fixed.getInt(), height = fixed.getInt(), frames = fixed.getInt(), headerLength = fixed.getInt();
                if (width < 1 || height < 1 || frames < 1 || width * height * frames > (1L << 28)
                        || headerLength < 0 || headerLength > 65_536) {
                    throw new IOException(shard + ": malformed record at byte " + position);
                }
                ByteBuffer header = ByteBuffer.allocate((int) headerLength);
                channel.read(header, position + 24);
                JsonNode json = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
                entries.add(new Entry(shard, position, json.path("caption").asText(""), json.path("seed").asLong()));
                long pixels = width * height * frames;
                position += 24 + headerLength + pixels * 11 + frames * 17 * 3 * 4;
            }
        }
    }

    public int size() {
        return entries.size();
    }

    public Entry entry(int index) {
        return entries.get(index);
    }

    public List<String> captions() {
        return entries.stream().map(Entry::caption).toList();
    }

    public JsonNode manifest() {
        return manifest;
    }

    public Path directory() {
        return directory;
    }

    public ClipRecord read(int index) throws IOException {
        Entry entry = entries.get(index);
        try (FileChannel channel = FileChannel.open(entry.shard())) {
            channel.position(entry.offset());
            InputStream in = Channels.newInputStream(channel);
            ClipRecord record = DatasetFormat.read(new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16)),
                    entry.shard().toString());
            if (record == null) {
                throw new IOException(entry.shard() + ": no record at byte " + entry.offset());
            }
            return record;
        }
    }

    /** The control of {@code kind} for every frame of a clip, drawn exactly as previs draws control videos. */
    public static byte[][] control(ClipRecord clip, String kind) {
        int w = clip.width(), h = clip.height(), plane = w * h;
        byte[][] frames = new byte[clip.frames()][];
        for (int t = 0; t < clip.frames(); t++) {
            byte[] rgb = new byte[plane * 3];
            switch (kind) {
                case "depth" -> {
                    for (int i = 0; i < plane; i++) {
                        int mm = clip.depthMm()[t * plane + i] & 0xFFFF;
                        int v = mm == ClipRecord.FAR ? 0
                                : (int) Math.round(255 * Math.min(1, ControlKind.DEPTH_NEAR_METRES / Math.max(1e-3, mm / 1000.0)));
                        rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = (byte) v;
                    }
                }
                case "edges" -> {
                    for (int i = 0; i < plane; i++) {
                        rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = clip.edges()[t * plane + i];
                    }
                }
                case "flow" -> {
                    float[] flow = new float[plane * 2];
                    for (int i = 0; i < plane * 2; i++) {
                        flow[i] = clip.flow()[t * plane * 2 + i] / (float) ClipRecord.FLOW_SCALE;
                    }
                    rgb = FlowColours.toRgb(flow, w, h, ControlKind.FLOW_SATURATION * w);
                }
                case "pose" -> {
                    float[] points = new float[51];
                    System.arraycopy(clip.keypoints(), t * 51, points, 0, 51);
                    rgb = SkeletonPainter.paint(points, w, h);
                }
                default -> throw new IllegalArgumentException("unknown control kind " + kind);
            }
            frames[t] = rgb;
        }
        return frames;
    }

    /**
     * The controls a clip has ground truth for: the header's {@code controls} list (clips imported from footage
     * have edges and flow only), else all four, as every previs render has.
     */
    public static List<String> controls(ClipRecord clip) {
        try {
            JsonNode listed = JSON.readTree(clip.header()).path("controls");
            if (!listed.isArray()) {
                return ALL_CONTROLS;
            }
            List<String> out = new ArrayList<>();
            listed.forEach(kind -> {
                if (ALL_CONTROLS.contains(kind.asText())) {
                    out.add(kind.asText());
                }
            });
            return List.copyOf(out);
        } catch (IOException e) {
            throw new IllegalStateException("clip header is not JSON", e);
        }
    }

    private static final List<String> ALL_CONTROLS = List.of("depth", "edges", "pose", "flow");

    /** Whether the clip has an actor (some keypoint visible), so a pose control means something. */
    public static boolean hasActor(ClipRecord clip) {
        for (int i = 2; i < clip.keypoints().length; i += 3) {
            if (clip.keypoints()[i] > 0) {
                return true;
            }
        }
        return false;
    }

    static long totalBytes(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
