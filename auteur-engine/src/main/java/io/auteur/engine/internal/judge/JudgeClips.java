package io.auteur.engine.internal.judge;

import io.auteur.media.Clip;
import io.auteur.previs.Actor;
import io.auteur.previs.NamedColour;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.Scene;
import io.auteur.previs.ShotRenderer;
import io.auteur.previs.dataset.SceneSampler;
import io.auteur.previs.render.RenderedFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The judge's clips: which previs scenes are in its scope, rendering them at its input size, and turning any clip
 * into its input (resampled in time and space).
 */
public final class JudgeClips {
    /**
     * About 39% of sampled scenes hold exactly one object, so this bounds the search for in-scope seeds far above
     * any real need while still stopping a loop over a (hypothetically) changed sampler.
     */
    static final int MAX_SEEDS_PER_CLIP = 1000;

    /**
     * A rendered scene: its seed, the scene, its frames [frames][height][width][3] as sRGB bytes, and where its
     * object and its actor are in each appearance frame: [appearanceFrames][2][gridHeight][gridWidth] counts of
     * their pixels per patch.
     */
    public record Rendered(long seed, Scene scene, byte[] rgb, byte[] masks) {}

    private JudgeClips() {}

    /** The judge's scope: scenes with exactly one object (with or without an actor), whose subject is unambiguous. */
    public static boolean inScope(Scene scene) {
        return scene.objects().size() == 1;
    }

    /**
     * The judge's scene for {@code seed}: the {@link SceneSampler}'s, with the actor's skin drawn again from every
     * colour but the clothing's. The sampler draws skin from four colours only, and a screenplay may give a
     * character any colour word; a judge that never saw a black or green skin would read it as one of the four.
     */
    public static Scene scene(long seed) {
        Scene scene = SceneSampler.sample(seed);
        if (scene.actor().isEmpty()) {
            return scene;
        }
        Actor actor = scene.actor().get();
        List<NamedColour> skins = new ArrayList<>(List.of(NamedColour.values()));
        skins.remove(actor.clothing());
        NamedColour skin = skins.get(new SplittableRandom(seed ^ SKIN_STREAM).nextInt(skins.size()));
        return new Scene(scene.camera(), scene.light(), scene.sky(), scene.ground(), scene.objects(), Optional.of(
                new Actor(skin, actor.clothing(), actor.size(), actor.action(), actor.start(), actor.heading())));
    }

    /** Separates the skin's random stream from the sampler's, which is seeded with the seed itself. */
    private static final long SKIN_STREAM = 0x5C1AD0C5L;

    /** The first {@code count} seeds from {@code firstSeed} on whose {@link #scene} is in scope. */
    public static long[] seeds(long firstSeed, int count) {
        long[] seeds = new long[count];
        long seed = firstSeed;
        long limit = firstSeed + (long) MAX_SEEDS_PER_CLIP * Math.max(1, count);
        for (int found = 0; found < count; seed++) {
            if (seed >= limit) {
                throw new IllegalStateException("only " + found + " in-scope scenes among seeds " + firstSeed + " to "
                        + limit);
            }
            if (inScope(scene(seed))) {
                seeds[found++] = seed;
            }
        }
        return seeds;
    }

    /** Renders the scenes of {@code seeds} at the config's input size on {@code threads} threads, in seed order. */
    public static List<Rendered> render(long[] seeds, JudgeConfig config, int threads, IntConsumer progress) {
        RenderSettings settings = new RenderSettings(config.width(), config.height(), config.fps(), config.frames(),
                Math.min(config.width(), config.height()) < 128 ? 2 : 3);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Rendered>> pending = new ArrayList<>(seeds.length);
            for (long seed : seeds) {
                pending.add(pool.submit(() -> render(seed, settings, config)));
            }
            List<Rendered> out = new ArrayList<>(seeds.length);
            for (Future<Rendered> future : pending) {
                out.add(future.get());
                progress.accept(out.size());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rendering judge clips was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("rendering a judge clip failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Rendered render(long seed, RenderSettings settings, JudgeConfig config) {
        Scene scene = scene(seed);
        ShotRenderer renderer = new ShotRenderer(scene, settings);
        int w = settings.width(), h = settings.height(), frameBytes = w * h * 3;
        int gridWidth = config.gridWidth(), cells = gridWidth * config.gridHeight(), patch = config.patch();
        byte[] rgb = new byte[settings.frameCount() * frameBytes];
        byte[] masks = new byte[config.appearanceFrames() * JudgeNet.SUBJECTS * cells];
        for (int t = 0, next = 0; t < settings.frameCount(); t++) {
            RenderedFrame frame = renderer.render(t).frame();
            System.arraycopy(frame.rgb(), 0, rgb, t * frameBytes, frameBytes);
            if (next < config.appearanceFrames() && config.appearanceFrame(next) == t) {
                short[] instance = frame.instance();
                int base = next * JudgeNet.SUBJECTS * cells;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int id = instance[y * w + x], cell = base + (y / patch) * gridWidth + x / patch;
                        if (id == ShotRenderer.FIRST_OBJECT_ID) {
                            masks[cell]++;
                        } else if (id == ShotRenderer.ACTOR_ID) {
                            masks[cell + cells]++;
                        }
                    }
                }
                next++;
            }
        }
        return new Rendered(seed, scene, rgb, masks);
    }

    /** A rendered clip as a {@link Clip} at the config's frame rate. */
    public static Clip clip(Rendered rendered, JudgeConfig config) {
        int frameBytes = config.width() * config.height() * 3;
        List<byte[]> frames = new ArrayList<>(config.frames());
        for (int t = 0; t < config.frames(); t++) {
            frames.add(java.util.Arrays.copyOfRange(rendered.rgb(), t * frameBytes, (t + 1) * frameBytes));
        }
        return Clip.of(frames, config.width(), config.height(), config.fps());
    }

    /**
     * Writes frames [frames][height][width][3] (the config's size) as [frames, 3, height, width] floats in [-1, 1]
     * into {@code out} at {@code offset}.
     */
    static void writePictures(byte[] rgb, JudgeConfig config, float[] out, int offset) {
        int frames = config.frames(), plane = config.width() * config.height();
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < plane; i++) {
                int source = (t * plane + i) * 3;
                for (int c = 0; c < 3; c++) {
                    out[offset + (t * 3 + c) * plane + i] = (rgb[source + c] & 0xff) / 127.5f - 1f;
                }
            }
        }
    }

    /**
     * Per-pixel colour features, fixed rather than learned: six hue bins (red, yellow, green, cyan, blue, magenta;
     * each pixel split between its two nearest) weighted by chroma, and three brightness bins (dark, mid, bright)
     * weighted by the lack of chroma. A patch's sum of them is a small colour histogram, so an object's colour
     * stays apart from the ground's in the same patch, which a linear patch embedding of RGB would average away.
     */
    public static final int COLOUR_FEATURES = 9;
    /** Channels per pixel of an appearance frame: RGB in [-1, 1], then the colour features. */
    public static final int APPEARANCE_CHANNELS = 3 + COLOUR_FEATURES;

    /**
     * Writes the config's appearance frames of frames [frames][height][width][3] as [appearanceFrames,
     * APPEARANCE_CHANNELS, height, width] floats (RGB in [-1, 1], then the colour features) into {@code out} at
     * {@code offset}, which must hold zeros there (only a pixel's non-zero bins are written).
     */
    static void writeAppearance(byte[] rgb, JudgeConfig config, float[] out, int offset) {
        int plane = config.width() * config.height();
        for (int a = 0; a < config.appearanceFrames(); a++) {
            int frame = config.appearanceFrame(a);
            int rgbBase = offset + a * APPEARANCE_CHANNELS * plane, base = rgbBase + 3 * plane;
            for (int i = 0; i < plane; i++) {
                int source = (frame * plane + i) * 3;
                float r = (rgb[source] & 0xff) / 255f, g = (rgb[source + 1] & 0xff) / 255f, b = (rgb[source + 2] & 0xff) / 255f;
                out[rgbBase + i] = 2 * r - 1;
                out[rgbBase + plane + i] = 2 * g - 1;
                out[rgbBase + 2 * plane + i] = 2 * b - 1;
                float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b)), chroma = max - min;
                if (chroma > 0) {
                    // Hue in [0, 6): 0 red, 1 yellow, 2 green, 3 cyan, 4 blue, 5 magenta.
                    float hue = max == r ? (g - b) / chroma : max == g ? 2 + (b - r) / chroma : 4 + (r - g) / chroma;
                    if (hue < 0) {
                        hue += 6;
                    }
                    int lower = (int) hue % 6;
                    float upper = hue - (int) hue;
                    out[base + lower * plane + i] = chroma * (1 - upper);
                    out[base + ((lower + 1) % 6) * plane + i] = chroma * upper;
                }
                // Brightness bins centred on 0, 0.5 and 1, each pixel split between the two nearest.
                float grey = 1 - chroma, level = max * 2;
                int below = Math.min(1, (int) level);
                float above = level - below;
                out[base + (6 + below) * plane + i] = grey * (1 - above);
                out[base + (7 + below) * plane + i] = grey * above;
            }
        }
    }

    /** Numbers describing where a subject is in one appearance frame: mass, centre x and y, spread x and y. */
    static final int GEOMETRY = 5;

    /**
     * Where the subjects are, read from the segmentation head's probabilities.
     *
     * @param geometry [batch, appearanceFrames, SUBJECTS, GEOMETRY]: the share of the picture the subject covers,
     *                 its centre and its spread (standard deviation) in [-1, 1] picture coordinates
     * @param windows  [batch * appearanceFrames * SUBJECTS][x, y, side]: the window to crop, in pixels
     */
    record Subjects(float[] geometry, double[][] windows) {}

    /**
     * Locates the subjects in every appearance frame from the segmentation probabilities [batch * appearanceFrames,
     * 1 + SUBJECTS, gridHeight, gridWidth] (neither, object, actor). The window's centre weighs each cell by its
     * probability squared, so faint false detections elsewhere barely move it (with no detection at all it is the
     * picture's centre). The object's window is sized to the object: 1.6 times the diameter of a disc of the
     * detected area (soft edges make that area generous), so a crop shows a small object as large as a large one
     * and shape is read at one scale. The
     * actor's window is fixed ({@code actorCrop}): its proportions and its size change are what its action shows.
     */
    static Subjects locate(float[] probabilities, int batch, JudgeConfig config) {
        int gw = config.gridWidth(), gh = config.gridHeight(), cells = gw * gh, frames = config.appearanceFrames();
        double cellArea = config.patch() * config.patch();
        float[] geometry = new float[batch * frames * JudgeNet.SUBJECTS * GEOMETRY];
        double[][] windows = new double[batch * frames * JudgeNet.SUBJECTS][];
        for (int n = 0; n < batch * frames; n++) {
            for (int s = 0; s < JudgeNet.SUBJECTS; s++) {
                int base = (n * (1 + JudgeNet.SUBJECTS) + 1 + s) * cells;
                double mass = 0, mx = 0, my = 0, mxx = 0, myy = 0, sharp = 0, sx = 0, sy = 0;
                for (int i = 0; i < cells; i++) {
                    double p = probabilities[base + i];
                    double x = (i % gw + 0.5) / gw * 2 - 1, y = (i / gw + 0.5) / gh * 2 - 1;
                    mass += p;
                    mx += p * x;
                    my += p * y;
                    mxx += p * x * x;
                    myy += p * y * y;
                    sharp += p * p;
                    sx += p * p * x;
                    sy += p * p * y;
                }
                int g = (n * JudgeNet.SUBJECTS + s) * GEOMETRY;
                geometry[g] = (float) (mass / cells);
                if (mass > 1e-3) {
                    double cx = mx / mass, cy = my / mass;
                    geometry[g + 1] = (float) cx;
                    geometry[g + 2] = (float) cy;
                    geometry[g + 3] = (float) Math.sqrt(Math.max(0, mxx / mass - cx * cx));
                    geometry[g + 4] = (float) Math.sqrt(Math.max(0, myy / mass - cy * cy));
                }
                double cx = sharp > 1e-3 ? sx / sharp : 0, cy = sharp > 1e-3 ? sy / sharp : 0;
                double side = config.actorCrop();
                if (s == 0) {
                    double diameter = 2 * Math.sqrt(mass * cellArea / Math.PI);
                    side = Math.max(config.objectCrop() * 0.75, Math.min(Math.min(config.width(), config.height()),
                            1.6 * diameter));
                }
                windows[n * JudgeNet.SUBJECTS + s] = new double[] {(cx + 1) / 2 * config.width(),
                    (cy + 1) / 2 * config.height(), side};
            }
        }
        return new Subjects(geometry, windows);
    }

    /**
     * Cuts each window of {@code subject} out of the appearance frames [batch, appearanceFrames,
     * APPEARANCE_CHANNELS, height, width], resampled bilinearly to {@code size} x {@code size}, zero outside the
     * picture, into {@code out}: [batch * appearanceFrames, APPEARANCE_CHANNELS, size, size].
     */
    static void crop(float[] appearance, int batch, JudgeConfig config, double[][] windows, int subject, int size,
                     float[] out) {
        int w = config.width(), h = config.height(), plane = w * h, frames = config.appearanceFrames();
        for (int n = 0; n < batch * frames; n++) {
            double[] window = windows[n * JudgeNet.SUBJECTS + subject];
            double scale = window[2] / size, left = window[0] - window[2] / 2, top = window[1] - window[2] / 2;
            for (int y = 0; y < size; y++) {
                double sy = top + (y + 0.5) * scale - 0.5;
                int y0 = (int) Math.floor(sy);
                double fy = sy - y0;
                for (int x = 0; x < size; x++) {
                    double sx = left + (x + 0.5) * scale - 0.5;
                    int x0 = (int) Math.floor(sx);
                    double fx = sx - x0;
                    for (int c = 0; c < APPEARANCE_CHANNELS; c++) {
                        int source = (n * APPEARANCE_CHANNELS + c) * plane;
                        double value = (1 - fy) * ((1 - fx) * at(appearance, source, w, h, x0, y0)
                                + fx * at(appearance, source, w, h, x0 + 1, y0))
                                + fy * ((1 - fx) * at(appearance, source, w, h, x0, y0 + 1)
                                + fx * at(appearance, source, w, h, x0 + 1, y0 + 1));
                        out[((n * APPEARANCE_CHANNELS + c) * size + y) * size + x] = (float) value;
                    }
                }
            }
        }
    }

    private static float at(float[] values, int source, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : values[source + y * w + x];
    }

    /** Affine motion parameters per frame pair and pyramid level (see {@link #writeGlobalMotion}). */
    static final int MOTION_PARAMETERS = 6;
    /** Pyramid levels the global motion is measured at: a quarter and an eighth of the input (16x16, 8x8 at 64). */
    static final int[] MOTION_LEVELS = {4, 8};

    /** How many global-motion values a clip of this config has. */
    static int globalMotionSize(JudgeConfig config) {
        return (config.frames() - 1) * MOTION_LEVELS.length * MOTION_PARAMETERS;
    }

    /**
     * The picture's global motion from each frame to the next, as a cheap engineered input for the camera move: the
     * affine flow u = a0 + a1 x + a2 y, v = a3 + a4 x + a5 y (x, y in [-1, 1]; u, v in pixels of the level) that
     * best explains the brightness change in the least-squares sense (Lucas and Kanade's constraint
     * Ix u + Iy v + It = 0 over the whole picture, lightly regularised so a featureless picture reads as no motion).
     * Pans and tilts are a0 and a3, dollies the divergence a1 + a5, orbits the shear a2 (near ground and far
     * background move apart). Measured on box-filtered luma at two scales, since a pan can move several pixels a
     * frame and the constraint only holds for motions under about a pixel.
     */
    static void writeGlobalMotion(byte[] rgb, JudgeConfig config, float[] out, int offset) {
        int w = config.width(), h = config.height(), plane = w * h;
        for (int level = 0; level < MOTION_LEVELS.length; level++) {
            int factor = MOTION_LEVELS[level], lw = w / factor, lh = h / factor;
            float[] previous = luma(rgb, 0, w, h, factor);
            for (int t = 0; t + 1 < config.frames(); t++) {
                float[] next = luma(rgb, (t + 1) * plane * 3, w, h, factor);
                double[] parameters = affineFlow(previous, next, lw, lh);
                int base = offset + (t * MOTION_LEVELS.length + level) * MOTION_PARAMETERS;
                for (int k = 0; k < MOTION_PARAMETERS; k++) {
                    // Clamped: where the constraint breaks down the solution can be wild, and it must not dominate.
                    out[base + k] = (float) Math.max(-4, Math.min(4, parameters[k]));
                }
                previous = next;
            }
        }
    }

    /** Luma in [0, 1] of the frame at {@code start}, averaged over factor x factor blocks. */
    private static float[] luma(byte[] rgb, int start, int w, int h, int factor) {
        int lw = w / factor, lh = h / factor;
        float[] out = new float[lw * lh];
        float scale = 1f / (255f * factor * factor);
        for (int y = 0; y < lh * factor; y++) {
            for (int x = 0; x < lw * factor; x++) {
                int i = start + (y * w + x) * 3;
                out[(y / factor) * lw + x / factor] += (0.299f * (rgb[i] & 0xff) + 0.587f * (rgb[i + 1] & 0xff)
                        + 0.114f * (rgb[i + 2] & 0xff)) * scale;
            }
        }
        return out;
    }

    /** The least-squares affine flow between two pictures (see {@link #writeGlobalMotion}). */
    private static double[] affineFlow(float[] a, float[] b, int w, int h) {
        double[][] normal = new double[6][6];
        double[] right = new double[6];
        double[] g = new double[6];
        for (int y = 1; y + 1 < h; y++) {
            for (int x = 1; x + 1 < w; x++) {
                int i = y * w + x;
                double ix = ((a[i + 1] - a[i - 1]) + (b[i + 1] - b[i - 1])) / 4;
                double iy = ((a[i + w] - a[i - w]) + (b[i + w] - b[i - w])) / 4;
                double it = b[i] - a[i];
                double nx = 2.0 * x / (w - 1) - 1, ny = 2.0 * y / (h - 1) - 1;
                g[0] = ix;
                g[1] = ix * nx;
                g[2] = ix * ny;
                g[3] = iy;
                g[4] = iy * nx;
                g[5] = iy * ny;
                for (int r = 0; r < 6; r++) {
                    for (int c = 0; c < 6; c++) {
                        normal[r][c] += g[r] * g[c];
                    }
                    right[r] -= g[r] * it;
                }
            }
        }
        // Regularised toward no motion: a picture without texture gives a singular system.
        double trace = 0;
        for (int r = 0; r < 6; r++) {
            trace += normal[r][r];
        }
        for (int r = 0; r < 6; r++) {
            normal[r][r] += 1e-3 * trace / 6 + 1e-6;
        }
        return solve(normal, right);
    }

    /** Gaussian elimination with partial pivoting of a small dense system. */
    private static double[] solve(double[][] m, double[] v) {
        int n = v.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] row = m[col];
            m[col] = m[pivot];
            m[pivot] = row;
            double value = v[col];
            v[col] = v[pivot];
            v[pivot] = value;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c < n; c++) {
                    m[r][c] -= f * m[col][c];
                }
                v[r] -= f * v[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = v[r];
            for (int c = r + 1; c < n; c++) {
                sum -= m[r][c] * x[c];
            }
            x[r] = sum / m[r][r];
        }
        return x;
    }

    /**
     * Any clip as the judge's input, [frames][height][width][3] bytes. Time: the judge watches the first
     * {@code frames / fps} seconds, taking the frame nearest each of its sample times; a shorter clip holds its
     * last frame (a still image becomes a still clip). Space: the centred square (or the config's aspect) is cut
     * out, so shapes keep their proportions, and area-averaged down (or bilinearly up) to the input size.
     */
    public static byte[] resample(Clip clip, JudgeConfig config) {
        int w = config.width(), h = config.height(), frames = config.frames();
        // The largest centred crop with the input's aspect ratio.
        double aspect = (double) w / h;
        int cropW = clip.width(), cropH = clip.height();
        if ((double) cropW / cropH > aspect) {
            cropW = Math.max(1, (int) Math.round(cropH * aspect));
        } else {
            cropH = Math.max(1, (int) Math.round(cropW / aspect));
        }
        Clip cropped = clip.crop((clip.width() - cropW) / 2, (clip.height() - cropH) / 2, cropW, cropH);
        byte[] out = new byte[frames * w * h * 3];
        for (int t = 0; t < frames; t++) {
            int source = (int) Math.min(clip.frameCount() - 1, Math.round(t / config.fps() * clip.fps()));
            byte[] frame = cropped.frameRgb(source);
            byte[] resized = cropW == w && cropH == h ? frame : resize(frame, cropW, cropH, w, h);
            System.arraycopy(resized, 0, out, t * w * h * 3, w * h * 3);
        }
        return out;
    }

    /** Area average when shrinking (each output pixel averages the source rectangle it covers), bilinear otherwise. */
    static byte[] resize(byte[] rgb, int sw, int sh, int w, int h) {
        byte[] out = new byte[w * h * 3];
        double sx = (double) sw / w, sy = (double) sh / h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double value;
                    if (sx >= 1 && sy >= 1) {
                        value = areaAverage(rgb, sw, sh, x * sx, y * sy, (x + 1) * sx, (y + 1) * sy, c);
                    } else {
                        value = bilinear(rgb, sw, sh, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5, c);
                    }
                    out[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(value)));
                }
            }
        }
        return out;
    }

    private static double areaAverage(byte[] rgb, int sw, int sh, double x0, double y0, double x1, double y1, int c) {
        double sum = 0, weight = 0;
        for (int y = (int) Math.floor(y0); y < Math.min(sh, Math.ceil(y1)); y++) {
            double wy = Math.min(y + 1, y1) - Math.max(y, y0);
            for (int x = (int) Math.floor(x0); x < Math.min(sw, Math.ceil(x1)); x++) {
                double wx = Math.min(x + 1, x1) - Math.max(x, x0);
                sum += wx * wy * (rgb[(y * sw + x) * 3 + c] & 0xff);
                weight += wx * wy;
            }
        }
        return weight > 0 ? sum / weight : 0;
    }

    private static double bilinear(byte[] rgb, int sw, int sh, double x, double y, int c) {
        x = Math.max(0, Math.min(sw - 1, x));
        y = Math.max(0, Math.min(sh - 1, y));
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        int x1 = Math.min(sw - 1, x0 + 1), y1 = Math.min(sh - 1, y0 + 1);
        double fx = x - x0, fy = y - y0;
        double top = (rgb[(y0 * sw + x0) * 3 + c] & 0xff) * (1 - fx) + (rgb[(y0 * sw + x1) * 3 + c] & 0xff) * fx;
        double bottom = (rgb[(y1 * sw + x0) * 3 + c] & 0xff) * (1 - fx) + (rgb[(y1 * sw + x1) * 3 + c] & 0xff) * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
