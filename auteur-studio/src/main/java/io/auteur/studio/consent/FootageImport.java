package io.auteur.studio.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.media.MediaInfo;
import io.auteur.media.Video;
import io.auteur.previs.dataset.ClipRecord;
import io.auteur.previs.dataset.DatasetFormat;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.vision.ControlExtractor;
import io.auteur.vision.FlowField;
import io.auteur.vision.OpticalFlow;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code auteur dataset import}: real clips become training samples in the previs dataset format, and every file
 * becomes a registered asset with the consent it was contributed under.
 *
 * <p>Each video is resampled to the dataset frame rate and cut into non-overlapping windows; each window is cropped
 * to the dataset's aspect ratio (the largest centred crop, or with {@code grid > 1} a grid of crops 1/grid that
 * size over the whole frame) and area-averaged down to the dataset size. Controls are extracted from the pictures
 * as previs draws them: Canny edges at the dataset size and DIS optical flow (estimated at 64 pixels or more, then
 * averaged down, because flow on a 16-pixel picture is noise). Footage has no depth or pose: depth is stored as
 * "far" everywhere and no keypoints, and the header's {@code controls} lists only edges and flow so training never
 * conditions on the missing ones. Records are written window by window, so the last records of a dataset, which
 * training holds out for validation, are the latest moments of the last file.
 *
 * <p>Consent is checked file by file before anything is cut: a file whose Content Credentials forbid a scope is
 * registered with that statement recorded and the scope is not granted; a scope revoked earlier is not granted
 * again by importing the same bytes (that takes an explicit 'auteur consent add'); a file left with no scope is
 * skipped.
 */
public final class FootageImport {
    public static final String GENERATOR = "auteur-import/1";
    public static final String NEUTRAL_CAPTION = "camera footage";
    private static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "mov", "m4v", "mkv", "webm", "avi");
    private static final int CLIPS_PER_SHARD = 256;
    private static final int MAX_FILES = 100_000;
    private static final int MIN_FLOW_SIDE = 64;
    private static final long CHUNK_BYTES = 256L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FootageImport() {}

    /**
     * @param source   a folder of videos (each may have a sidecar NAME.txt caption) or one video
     * @param grid     1 for the centred crop; n for crops 1/n of it, tiled over the whole frame
     * @param caption  the caption of files without a sidecar (default {@value #NEUTRAL_CAPTION})
     */
    public record Request(Path source, Path out, String contributorId, Set<Scope> scopes, String licence, int width,
                          int height, int frames, double fps, int grid, Optional<String> caption) {
        public Request {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(out, "out");
            Contributor.checkId(contributorId);
            if (scopes.isEmpty()) {
                throw new ConsentException("name the consent the clips were contributed under: --consent "
                        + Scope.labels());
            }
            scopes = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(scopes)); // granted in scope order
            Objects.requireNonNull(caption, "caption");
            if (width < 8 || height < 8 || width > 1024 || height > 1024 || frames < 1 || frames > 256
                    || !(fps > 0 && fps <= 120) || grid < 1 || grid > 16) {
                throw new ConsentException("import size must be 8 to 1024 pixels a side, frames 1 to 256, fps in "
                        + "(0, 120] and grid 1 to 16; was " + width + "x" + height + ", " + frames + " frames at "
                        + fps + " fps, grid " + grid);
            }
        }
    }

    /** A file that contributed nothing, and why. */
    public record Skipped(Path file, String reason) {}

    /** What an import wrote. */
    public record Result(DatasetManifest.Stored manifest, int clips, List<Skipped> skipped) {
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    /** Hears about progress: a note per refused scope or skipped file, and the clip count as it grows. */
    public interface Listener {
        default void note(String message) {}

        default void clips(int written) {}
    }

    public static Result run(Request request, ConsentRegistry registry, C2pa c2pa, Clock clock, Listener listener)
            throws IOException {
        Contributor contributor = registry.requireContributor(request.contributorId());
        List<Path> files = videos(request.source());
        prepareOutput(request.out());
        List<Skipped> skipped = new ArrayList<>();
        List<DatasetManifest.AssetEntry> entries = new ArrayList<>();
        try (Shards shards = new Shards(request.out())) {
            for (Path file : files) {
                Optional<DatasetManifest.AssetEntry> entry = importFile(file, request, contributor, registry, c2pa,
                        shards, skipped, listener);
                entry.ifPresent(entries::add);
            }
            if (shards.count == 0) {
                shards.discard();
                StringBuilder reasons = new StringBuilder();
                skipped.forEach(s -> reasons.append("\n  ").append(s.file().getFileName()).append(": ").append(s.reason()));
                throw new ConsentException("nothing to import from " + request.source() + reasons);
            }
            shards.close();
            DatasetManifest.Stored manifest = DatasetManifest.consented(clock.instant(), source(request), entries).store();
            manifest.write(request.out().resolve(DatasetManifest.FILE));
            writeShardManifest(request, shards, manifest);
            return new Result(manifest, shards.count, skipped);
        }
    }

    private static Optional<DatasetManifest.AssetEntry> importFile(Path file, Request request, Contributor contributor,
                                                                  ConsentRegistry registry, C2pa c2pa, Shards shards,
                                                                  List<Skipped> skipped, Listener listener)
            throws IOException {
        // Registered without scopes: an import grants differently from 'auteur consent add' (below).
        Contribution contribution;
        try {
            contribution = Contribution.register(registry, c2pa, contributor.id(), file, file.getFileName().toString(),
                    request.licence(), Set.of());
        } catch (MediaException e) {
            skipped.add(new Skipped(file, e.getMessage()));
            listener.note("skipped " + file.getFileName() + ": " + e.getMessage());
            return Optional.empty();
        }
        Asset asset = contribution.asset();
        String sha256 = asset.sha256();
        MediaInfo info = contribution.media();
        Map<Scope, Long> consents = new EnumMap<>(Scope.class);
        List<String> refused = new ArrayList<>();
        for (Scope scope : request.scopes()) {
            Optional<String> forbidden = asset.c2paTrainingMining().map(TrainingPermissions::fromSummary)
                    .flatMap(p -> p.refusal(scope));
            Optional<ConsentRecord> live = registry.activeConsent(sha256, scope);
            boolean revokedBefore = registry.consents(sha256).stream().anyMatch(r -> r.scope() == scope && !r.active());
            if (forbidden.isPresent()) {
                refused.add(scope + " refused: " + forbidden.get());
            } else if (live.isPresent()) {
                consents.put(scope, live.get().id());
            } else if (revokedBefore) {
                refused.add(scope + " was revoked; grant it again with 'auteur consent add' if the contributor agrees");
            } else {
                consents.put(scope, registry.grant(sha256, scope).id());
            }
        }
        refused.forEach(reason -> listener.note(asset.describe() + ": " + reason));
        if (consents.isEmpty()) {
            skipped.add(new Skipped(file, String.join("; ", refused)));
            return Optional.empty();
        }
        String caption = caption(file, request);
        int windows = cut(file, info, sha256, caption, request, shards, listener);
        if (windows == 0) {
            String reason = "shorter than one window of " + request.frames() + " frames at " + request.fps() + " fps";
            skipped.add(new Skipped(file, reason));
            listener.note("skipped " + file.getFileName() + ": " + reason);
            return Optional.empty();
        }
        long clipMillis = Math.round(windows * request.frames() * 1000.0 / request.fps());
        return Optional.of(new DatasetManifest.AssetEntry(sha256, file.getFileName().toString(), contributor.id(),
                asset.licence(), consents, clipMillis, windows));
    }

    /** The video files to import, by name. */
    static List<Path> videos(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            throw new ConsentException(source + ": no such folder or file");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(source)) {
            files = listing.limit(MAX_FILES).filter(Files::isRegularFile).filter(FootageImport::isVideo).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new ConsentException(source + ": no video files (" + String.join(", ", VIDEO_EXTENSIONS.stream().sorted().toList()) + ")");
        }
        return files;
    }

    private static boolean isVideo(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** An output folder is new, empty, or an earlier import (which this one replaces). */
    private static void prepareOutput(Path out) throws IOException {
        Files.createDirectories(out);
        List<Path> existing;
        try (Stream<Path> listing = Files.list(out)) {
            existing = listing.limit(MAX_FILES).toList();
        }
        if (existing.isEmpty()) {
            return;
        }
        Path manifest = out.resolve("manifest.json");
        boolean earlierImport = Files.isRegularFile(manifest)
                && JSON.readTree(manifest.toFile()).path("generator").asText().equals(GENERATOR);
        if (!earlierImport) {
            throw new ConsentException(out + " is not empty and holds no earlier import; choose a new --out folder");
        }
        for (Path file : existing) {
            String name = file.getFileName().toString();
            if (name.startsWith("shard-") || name.equals("manifest.json") || name.equals(DatasetManifest.FILE)) {
                Files.delete(file);
            }
        }
    }

    private static String caption(Path file, Request request) throws IOException {
        String name = file.getFileName().toString();
        Path sidecar = file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
        if (Files.isRegularFile(sidecar) && Files.size(sidecar) <= 4096) {
            String text = Files.readString(sidecar, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            if (!text.isEmpty()) {
                return text;
            }
        }
        return request.caption().filter(text -> !text.isBlank()).orElse(NEUTRAL_CAPTION);
    }

    /** A crop of the source frame, in source pixels. */
    record Tile(int x, int y, int width, int height) {}

    /** The crops of a width x height frame for the dataset's aspect ratio and grid, row by row. */
    static List<Tile> tiles(int sourceWidth, int sourceHeight, int width, int height, int grid) {
        double aspect = (double) width / height;
        int cropWidth = sourceWidth, cropHeight = (int) Math.round(sourceWidth / aspect);
        if (cropHeight > sourceHeight) {
            cropHeight = sourceHeight;
            cropWidth = (int) Math.round(sourceHeight * aspect);
        }
        int tileWidth = Math.max(1, cropWidth / grid), tileHeight = Math.max(1, cropHeight / grid);
        int columns = grid == 1 ? 1 : sourceWidth / tileWidth, rows = grid == 1 ? 1 : sourceHeight / tileHeight;
        int x0 = (sourceWidth - columns * tileWidth) / 2, y0 = (sourceHeight - rows * tileHeight) / 2;
        List<Tile> tiles = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                tiles.add(new Tile(x0 + column * tileWidth, y0 + row * tileHeight, tileWidth, tileHeight));
            }
        }
        return tiles;
    }

    /** Cuts one video into windows of every tile, writing a record per window and tile; returns the windows. */
    private static int cut(Path file, MediaInfo info, String sha256, String caption, Request request, Shards shards,
                           Listener listener) throws IOException {
        int width = request.width(), height = request.height(), frames = request.frames();
        int flowScale = Math.max(1, (MIN_FLOW_SIDE + Math.min(width, height) - 1) / Math.min(width, height));
        List<Tile> tiles = tiles(info.width(), info.height(), width, height, request.grid());
        List<List<byte[]>> pictures = new ArrayList<>(), flowPictures = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i++) {
            pictures.add(new ArrayList<>());
            flowPictures.add(new ArrayList<>());
        }
        long frameBytes = (long) info.width() * info.height() * 3;
        int chunk = (int) Math.max(16, Math.min(2000, CHUNK_BYTES / frameBytes));
        int windows = 0, next = 0;
        for (int start = 0; ; start += chunk) {
            Clip part;
            try {
                part = Video.read(file, Limits.DEFAULT, start, chunk);
            } catch (MediaException e) {
                if (start > 0) {
                    break; // no frames from here on: the end of the video
                }
                throw e;
            }
            double sourceFps = part.fps();
            for (int source; (source = (int) Math.round(next * sourceFps / request.fps())) < start + part.frameCount(); next++) {
                byte[] rgb = part.frameRgb(source - start);
                for (int i = 0; i < tiles.size(); i++) {
                    Tile tile = tiles.get(i);
                    pictures.get(i).add(areaAverage(rgb, part.width(), tile, width, height));
                    flowPictures.get(i).add(areaAverage(rgb, part.width(), tile, width * flowScale, height * flowScale));
                }
                if (pictures.getFirst().size() == frames) {
                    for (int i = 0; i < tiles.size(); i++) {
                        shards.add(record(pictures.get(i), flowPictures.get(i), flowScale, request, caption,
                                header(sha256, file, windows, i, tiles.get(i), next + 1 - frames, request)));
                        pictures.get(i).clear();
                        flowPictures.get(i).clear();
                    }
                    windows++;
                    listener.clips(shards.count);
                }
            }
            if (part.frameCount() < chunk) {
                break;
            }
        }
        return windows;
    }

    private static Map<String, Object> header(String sha256, Path file, int window, int tileIndex, Tile tile,
                                              int firstFrame, Request request) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("sha256", sha256);
        source.put("file", file.getFileName().toString());
        source.put("window", window);
        source.put("tile", tileIndex);
        source.put("crop", List.of(tile.x(), tile.y(), tile.width(), tile.height()));
        source.put("startSeconds", firstFrame / request.fps());
        return source;
    }

    /** One training record: pictures, edges and flow; depth "far" and no keypoints, which footage does not have. */
    private static ClipRecord record(List<byte[]> pictures, List<byte[]> flowPictures, int flowScale, Request request,
                                     String caption, Map<String, Object> source) {
        int width = request.width(), height = request.height(), frames = pictures.size(), plane = width * height;
        byte[] rgb = new byte[frames * plane * 3];
        for (int t = 0; t < frames; t++) {
            System.arraycopy(pictures.get(t), 0, rgb, t * plane * 3, plane * 3);
        }
        Clip clip = Clip.of(List.copyOf(pictures), width, height, request.fps());
        byte[] edges = new byte[frames * plane];
        for (int t = 0; t < frames; t++) {
            System.arraycopy(ControlExtractor.edgeMap(clip, t), 0, edges, t * plane, plane);
        }
        short[] flow = new short[frames * plane * 2];
        if (frames > 1) {
            List<FlowField> fields = OpticalFlow.forward(Clip.of(List.copyOf(flowPictures), width * flowScale,
                    height * flowScale, request.fps()));
            for (int t = 0; t < frames; t++) {
                // The last frame has no successor: it repeats the flow into it, as ControlExtractor.flow does.
                downsampleFlow(fields.get(Math.min(t, fields.size() - 1)), flowScale, width, height, flow, t * plane * 2);
            }
        }
        short[] depth = new short[frames * plane];
        Arrays.fill(depth, (short) ClipRecord.FAR);
        ObjectNode header = JSON.createObjectNode();
        header.put("caption", caption);
        header.put("fps", request.fps());
        header.set("controls", JSON.valueToTree(List.of("edges", "flow")));
        header.set("source", JSON.valueToTree(source));
        return new ClipRecord(header.toString(), width, height, frames, rgb, depth, flow, edges, new byte[frames * plane],
                new float[frames * 17 * 3]);
    }

    /** Averages flow over scale x scale blocks and converts it to dataset pixels, in 1/FLOW_SCALE pixel units. */
    private static void downsampleFlow(FlowField field, int scale, int width, int height, short[] out, int offset) {
        float[] dxdy = field.dxdy();
        int fieldWidth = field.width();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = 0, dy = 0;
                for (int by = 0; by < scale; by++) {
                    for (int bx = 0; bx < scale; bx++) {
                        int at = 2 * ((y * scale + by) * fieldWidth + x * scale + bx);
                        dx += dxdy[at];
                        dy += dxdy[at + 1];
                    }
                }
                double blocks = (double) scale * scale * scale;
                out[offset + 2 * (y * width + x)] = quantise(dx / blocks);
                out[offset + 2 * (y * width + x) + 1] = quantise(dy / blocks);
            }
        }
    }

    private static short quantise(double pixels) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(pixels * ClipRecord.FLOW_SCALE)));
    }

    /** The tile of an RGB frame shrunk to width x height by averaging each output pixel's block of source pixels. */
    static byte[] areaAverage(byte[] rgb, int sourceWidth, Tile tile, int width, int height) {
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            int y0 = tile.y() + y * tile.height() / height;
            int y1 = Math.max(y0 + 1, tile.y() + (y + 1) * tile.height() / height);
            for (int x = 0; x < width; x++) {
                int x0 = tile.x() + x * tile.width() / width;
                int x1 = Math.max(x0 + 1, tile.x() + (x + 1) * tile.width() / width);
                long r = 0, g = 0, b = 0;
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0, at = (sy * sourceWidth + x0) * 3; sx < x1; sx++, at += 3) {
                        r += rgb[at] & 0xff;
                        g += rgb[at + 1] & 0xff;
                        b += rgb[at + 2] & 0xff;
                    }
                }
                long count = (long) (y1 - y0) * (x1 - x0);
                int o = (y * width + x) * 3;
                out[o] = (byte) ((r + count / 2) / count);
                out[o + 1] = (byte) ((g + count / 2) / count);
                out[o + 2] = (byte) ((b + count / 2) / count);
            }
        }
        return out;
    }

    private static Map<String, Object> source(Request request) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("generator", GENERATOR);
        source.put("width", request.width());
        source.put("height", request.height());
        source.put("frames", request.frames());
        source.put("fps", request.fps());
        source.put("grid", request.grid());
        source.put("controls", List.of("edges", "flow"));
        return source;
    }

    private static void writeShardManifest(Request request, Shards shards, DatasetManifest.Stored manifest)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("generator", GENERATOR);
        root.put("format", "auteur-clips/1");
        root.put("count", shards.count);
        root.put("width", request.width());
        root.put("height", request.height());
        root.put("frames", request.frames());
        root.put("fps", request.fps());
        root.put("clipsPerShard", CLIPS_PER_SHARD);
        root.put("contributors", "consented contributors: see " + DatasetManifest.FILE);
        root.set("shards", JSON.valueToTree(shards.names));
        ObjectNode reference = root.putObject(ModelLineage.FIELD);
        reference.put("file", DatasetManifest.FILE);
        reference.put("sha256", manifest.sha256());
        root.put("layout", "previs dataset records (see auteur-previs DatasetFormat); imported footage has no depth "
                + "(all 65535), no instances (0) and no keypoints (0); each header lists its controls");
        Files.writeString(request.out().resolve("manifest.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** Shard files of {@value #CLIPS_PER_SHARD} records, each written as .partial and renamed when complete. */
    private static final class Shards implements AutoCloseable {
        final Path directory;
        final List<String> names = new ArrayList<>();
        int count;
        DataOutputStream out;
        Path partial;

        Shards(Path directory) {
            this.directory = directory;
        }

        void add(ClipRecord record) throws IOException {
            if (out == null) {
                partial = directory.resolve("shard-%05d.bin.partial".formatted(names.size()));
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20));
            }
            DatasetFormat.write(record, out);
            count++;
            if (count % CLIPS_PER_SHARD == 0) {
                finishShard();
            }
        }

        private void finishShard() throws IOException {
            out.close();
            out = null;
            String name = partial.getFileName().toString().replace(".partial", "");
            Files.move(partial, directory.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            names.add(name);
        }

        void discard() throws IOException {
            if (out != null) {
                out.close();
                out = null;
                Files.deleteIfExists(partial);
            }
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                finishShard();
            }
        }
    }
}
