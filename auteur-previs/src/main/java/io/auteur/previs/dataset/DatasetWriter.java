package io.auteur.previs.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.Scene;
import io.auteur.previs.SceneJson;
import io.auteur.previs.ShotFrame;
import io.auteur.previs.ShotRenderer;
import io.auteur.previs.caption.CaptionWriter;
import io.auteur.previs.render.RenderedFrame;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Writes sharded training data: random scenes rendered with every control, captioned, in
 * {@link DatasetFormat} shards of {@code clipsPerShard} clips plus a {@code manifest.json}.
 *
 * <p>Clips render in parallel (one renderer per clip, so no shared state) and are written in seed order, so the
 * same request always yields byte-identical shards.
 */
public final class DatasetWriter {
    /** Bumped whenever scenes, rendering or the format change what a seed produces. */
    public static final String GENERATOR_VERSION = "auteur-previs/1";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());

    /**
     * @param firstSeed     clip i uses scene seed {@code firstSeed + i}
     * @param clipsPerShard clips in each shard file
     * @param threads       rendering threads
     */
    public record Request(int count, int width, int height, int frames, double fps, long firstSeed, int clipsPerShard,
                          int threads) {
        public Request {
            if (count < 1 || count > 10_000_000) {
                throw new IllegalArgumentException("count must lie in [1, 10000000], was " + count);
            }
            if (frames < 1 || frames > DatasetFormat.MAX_FRAMES) {
                throw new IllegalArgumentException("frames must lie in [1, " + DatasetFormat.MAX_FRAMES + "], was " + frames);
            }
            if (width > DatasetFormat.MAX_SIDE || height > DatasetFormat.MAX_SIDE) {
                throw new IllegalArgumentException("dataset clips are at most " + DatasetFormat.MAX_SIDE + " pixels a side");
            }
            new RenderSettings(width, height, fps, frames, 1); // validates size and fps
            if (clipsPerShard < 1 || threads < 1) {
                throw new IllegalArgumentException("clipsPerShard and threads must be positive");
            }
        }
    }

    private DatasetWriter() {}

    /** Writes the dataset into {@code directory}; {@code progress} receives the number of clips done so far. */
    public static void write(Request request, Path directory, IntConsumer progress) throws IOException {
        Files.createDirectories(directory);
        RenderSettings settings = new RenderSettings(request.width(), request.height(), request.fps(), request.frames(),
                Math.min(request.width(), request.height()) < 128 ? 2 : 3);
        List<String> shards = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(request.threads());
        try {
            int done = 0;
            for (int shard = 0; done < request.count(); shard++) {
                String name = "shard-%05d.bin".formatted(shard);
                int inShard = Math.min(request.clipsPerShard(), request.count() - done);
                Path partial = directory.resolve(name + ".partial");
                try (OutputStream file = Files.newOutputStream(partial);
                     DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 20))) {
                    int first = done;
                    // Submit a window of clips ahead and write them in order, bounding memory to the window.
                    int window = request.threads() * 4;
                    List<Future<ClipRecord>> pending = new ArrayList<>();
                    int submitted = 0;
                    for (int i = 0; i < inShard; i++) {
                        while (submitted < inShard && submitted < i + window) {
                            long seed = request.firstSeed() + first + submitted;
                            pending.add(pool.submit(() -> render(seed, settings)));
                            submitted++;
                        }
                        DatasetFormat.write(pending.get(i).get(), out);
                        pending.set(i, null);
                        progress.accept(++done);
                    }
                }
                Files.move(partial, directory.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                shards.add(name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("dataset writing interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("rendering a clip failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        writeManifest(request, directory, shards);
    }

    /** Renders the clip of one seed with all its ground truth. */
    public static ClipRecord render(long seed, RenderSettings settings) {
        Scene scene = SceneSampler.sample(seed);
        return render(scene, new CaptionWriter().write(scene, new Random(seed)), seed, settings);
    }

    /** Renders a given scene with all its ground truth; {@code seed} is recorded in the header. */
    public static ClipRecord render(Scene scene, String caption, long seed, RenderSettings settings) {
        ShotRenderer renderer = new ShotRenderer(scene, settings);
        int w = settings.width(), h = settings.height(), frames = settings.frameCount(), plane = w * h;
        byte[] rgb = new byte[frames * plane * 3];
        short[] depth = new short[frames * plane];
        short[] flow = new short[frames * plane * 2];
        byte[] edges = new byte[frames * plane];
        byte[] instance = new byte[frames * plane];
        float[] keypoints = new float[frames * 17 * 3];
        for (int t = 0; t < frames; t++) {
            ShotFrame shot = renderer.render(t);
            RenderedFrame frame = shot.frame();
            System.arraycopy(frame.rgb(), 0, rgb, t * plane * 3, plane * 3);
            System.arraycopy(frame.edges(), 0, edges, t * plane, plane);
            float[] d = frame.depth();
            short[] ids = frame.instance();
            float[] f = frame.flow();
            for (int i = 0; i < plane; i++) {
                double metres = d[i];
                depth[t * plane + i] = (short) (Double.isFinite(metres) && metres * 1000 < ClipRecord.FAR
                        ? Math.round(metres * 1000) : ClipRecord.FAR);
                instance[t * plane + i] = (byte) ids[i];
                flow[(t * plane + i) * 2] = quantiseFlow(f[i * 2]);
                flow[(t * plane + i) * 2 + 1] = quantiseFlow(f[i * 2 + 1]);
            }
            int base = t * 51;
            shot.keypoints().ifPresent(points -> System.arraycopy(points, 0, keypoints, base, 51));
        }
        ObjectNode header = JSON.createObjectNode();
        header.put("seed", seed);
        header.put("caption", caption);
        header.put("fps", settings.fps());
        header.set("scene", JSON.valueToTree(scene));
        return new ClipRecord(header.toString(), w, h, frames, rgb, depth, flow, edges, instance, keypoints);
    }

    private static short quantiseFlow(float pixels) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(pixels * ClipRecord.FLOW_SCALE)));
    }

    private static void writeManifest(Request request, Path directory, List<String> shards) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("generator", GENERATOR_VERSION);
        manifest.put("format", "auteur-clips/" + DatasetFormat.VERSION);
        manifest.put("count", request.count());
        manifest.put("width", request.width());
        manifest.put("height", request.height());
        manifest.put("frames", request.frames());
        manifest.put("fps", request.fps());
        manifest.put("firstSeed", request.firstSeed());
        manifest.put("lastSeed", request.firstSeed() + request.count() - 1);
        manifest.put("clipsPerShard", request.clipsPerShard());
        manifest.put("contributors", "none: synthetic previs renders");
        manifest.set("shards", JSON.valueToTree(shards));
        manifest.put("layout", "per record: AUTC, version, width, height, frames, header length, JSON header "
                + "(seed, caption, fps, scene), rgb u8 [T,H,W,3], depth u16 mm [T,H,W] (65535 = sky), "
                + "flow i16 1/32 px [T,H,W,2], edges u8 [T,H,W], instance u8 [T,H,W], keypoints f32 [T,17,3]; "
                + "the six header integers big-endian, the arrays little-endian");
        Files.writeString(directory.resolve("manifest.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
    }

    /** Scene JSON of a record's header, for tools that read shards. */
    public static Scene sceneOf(ClipRecord record) throws IOException {
        return SceneJson.parse(JSON.readTree(record.header()).get("scene").toString(), "clip header");
    }
}
