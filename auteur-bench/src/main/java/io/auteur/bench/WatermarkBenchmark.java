package io.auteur.bench;

import io.auteur.engine.Generation;
import io.auteur.engine.GenerationPipeline;
import io.auteur.engine.Pictures;
import io.auteur.engine.VideoModel;
import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.ShotRenderer;
import io.auteur.previs.caption.PromptParser;
import io.auteur.provenance.c2pa.VisibleLabel;
import io.auteur.provenance.watermark.Detection;
import io.auteur.provenance.watermark.Fidelity;
import io.auteur.provenance.watermark.Payload;
import io.auteur.provenance.watermark.WatermarkKey;
import io.auteur.provenance.watermark.Watermarker;
import io.auteur.studio.generation.BundledModel;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Robustness, false alarms, fidelity and speed of Auteur's video watermark (issue 6), with the classical per-frame
 * DWT-DCT image watermark ({@link DwtDctBaseline}) measured in the same run on the same attacked videos.
 *
 * <p>Usage: {@code WatermarkBenchmark SHARED_DIR OUT.md [footageTrials previsClips falseAlarmClips generatedClips]},
 * run from the repository root (generated clips come from the bundled model). Prints the tables and writes them,
 * with the machine, to OUT.md, and an amplified difference picture beside it.
 */
public final class WatermarkBenchmark {
    private interface Attack {
        Clip apply(Clip clip) throws Exception;
    }

    private record Named(String name, Attack attack) {}

    /** Unmarked clips of one kind for the false-alarm test, and the window lengths cut from them. */
    private record WindowSource(List<Clip> clips, int minFrames, int maxFrames) {}

    /** Counts for one attack on one set. */
    private static final class Tally {
        int trials;
        int detected;
        int exact;
        double bitAccuracy;
        int baselineDetected;
        double baselineBitAccuracy;
    }

    private static final String[] PREVIS_PROMPTS = {
        "a red sphere bounces to the right on a checkered floor while the camera pans left",
        "a blue cube slides to the left on a noisy floor under a sunset sky",
        "a person walks to the right on a striped floor while the camera dollies in",
        "a green cylinder spins on a textured floor under a starry sky",
        "a yellow cone falls on a speckled floor while the camera pans right",
        "a person waves on a checkered floor under a cloudy sky",
    };

    private static final boolean X265 = avcodec.avcodec_find_encoder_by_name("libx265") != null;
    private static final boolean VP9 = avcodec.avcodec_find_encoder_by_name("libvpx-vp9") != null;
    /** Baseline decision: at most this many of 64 bits wrong, P(Bin(64, 1/2) <= k) <= 1e-6 for an unmarked video. */
    private static final int BASELINE_MAX_ERRORS = baselineMaxErrors();

    private WatermarkBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
        Path report = Path.of(args.length > 1 ? args[1] : "docs/watermark-benchmark.md");
        int footageTrials = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int previsClips = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int falseAlarmClips = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        int generatedClips = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        long start = System.nanoTime();
        StringBuilder md = new StringBuilder();
        Path footagePath = shared.resolve("fixtures/footage/waterfall-720x1280.mp4");
        if (!Files.isRegularFile(footagePath)) {
            throw new IllegalStateException("missing " + footagePath + ": pass the ../shared folder as the first argument");
        }
        Clip footage = Video.read(footagePath, Limits.DEFAULT);
        log(start, "read footage " + footage);
        for (String prompt : PREVIS_PROMPTS) {
            new PromptParser().parse(prompt);   // fail before any work on a prompt the previs language rejects
        }
        List<Clip> previs = new ArrayList<>();
        for (int i = 0; i < previsClips; i++) {
            previs.add(renderPrevis(PREVIS_PROMPTS[i % PREVIS_PROMPTS.length], 640, 360, 2.0));
        }
        log(start, "rendered " + previs.size() + " previs clips");
        List<Clip> generated = generate(generatedClips);
        log(start, "generated " + generated.size() + " clips with the bundled model");
        // As `auteur generate --visible-label` writes them: the label is burned in first, then the mark goes on.
        List<Clip> labelled = generated.stream().map(VisibleLabel.aiGenerated()::burnInto).toList();
        SplittableRandom random = new SplittableRandom(20261124);

        // 1. Fidelity and the difference picture
        md.append("## Fidelity (PSNR over RGB, SSIM over luma; mean over clips)\n\n");
        md.append("| clip | Auteur PSNR dB | Auteur SSIM | DWT-DCT PSNR dB | DWT-DCT SSIM |\n|---|---|---|---|---|\n");
        WatermarkKey fidelityKey = key(random);
        Watermarker fidelityMarker = new Watermarker(fidelityKey);
        Payload fidelityPayload = new Payload(random.nextLong());
        Clip footageMarked = fidelityMarker.embed(footage, fidelityPayload);
        Clip footageBaseline = DwtDctBaseline.embed(footage, fidelityPayload.bits());
        md.append(String.format(Locale.ROOT, "| footage 720x1280, 60 frames | %.2f | %.4f | %.2f | %.4f |%n",
                Fidelity.psnr(footage, footageMarked), Fidelity.ssim(footage, footageMarked),
                Fidelity.psnr(footage, footageBaseline), Fidelity.ssim(footage, footageBaseline)));
        for (int i = 0; i < previs.size(); i++) {
            Clip clip = previs.get(i);
            Clip marked = fidelityMarker.embed(clip, fidelityPayload);
            Clip baseline = DwtDctBaseline.embed(clip, fidelityPayload.bits());
            md.append(String.format(Locale.ROOT, "| previs %d 640x360 (\"%s\") | %.2f | %.4f | %.2f | %.4f |%n", i,
                    PREVIS_PROMPTS[i % PREVIS_PROMPTS.length], Fidelity.psnr(clip, marked), Fidelity.ssim(clip, marked),
                    Fidelity.psnr(clip, baseline), Fidelity.ssim(clip, baseline)));
            if (i == 0) {
                writeDifference(clip, marked, 0, report.resolveSibling("watermark-benchmark-difference-previs.png"));
            }
        }
        for (int i = 0; i < generated.size(); i++) {
            Clip clip = generated.get(i);
            Clip marked = fidelityMarker.embed(clip, fidelityPayload);
            Clip baseline = DwtDctBaseline.embed(clip, fidelityPayload.bits());
            md.append(String.format(Locale.ROOT, "| generated %d %dx%d, %d frames (\"%s\") | %.2f | %.4f | %.2f | %.4f |%n",
                    i, clip.width(), clip.height(), clip.frameCount(), PREVIS_PROMPTS[i % PREVIS_PROMPTS.length],
                    Fidelity.psnr(clip, marked), Fidelity.ssim(clip, marked),
                    Fidelity.psnr(clip, baseline), Fidelity.ssim(clip, baseline)));
        }
        writeDifference(footage, footageMarked, 30, report.resolveSibling("watermark-benchmark-difference-footage.png"));
        md.append("\nAmplified difference pictures (|marked - original| x 16 on luma, mid-grey = no change): "
                + "`watermark-benchmark-difference-footage.png`, `watermark-benchmark-difference-previs.png`.\n\n");
        log(start, "fidelity done");

        // 2. Speed at 1280x720
        md.append(speed(footage, random));
        log(start, "speed done");

        // 3. Robustness
        List<Named> attacks = attacks();
        Map<String, Tally> footageTally = new LinkedHashMap<>();
        Map<String, Tally> previsTally = new LinkedHashMap<>();
        Map<String, Tally> generatedTally = new LinkedHashMap<>();
        Map<String, Tally> labelledTally = new LinkedHashMap<>();
        for (int trial = 0; trial < footageTrials; trial++) {
            robustness(footage, attacks, footageTally, random);
            log(start, "footage trial " + trial + " done");
        }
        for (int i = 0; i < previs.size(); i++) {
            robustness(previs.get(i), attacks, previsTally, random);
            log(start, "previs clip " + i + " done");
        }
        for (int i = 0; i < generated.size(); i++) {
            robustness(generated.get(i), attacks, generatedTally, random);
            log(start, "generated clip " + i + " done");
        }
        for (int i = 0; i < labelled.size(); i++) {
            robustness(labelled.get(i), attacks, labelledTally, random);
            log(start, "labelled clip " + i + " done");
        }
        md.append("## Robustness\n\nEach footage trial marks the whole 2 s fixture with a fresh key and payload; each "
                + "previs trial marks one 640x360 2 s render; each generated trial marks one clip of the bundled model "
                + "(8 steps, upscaled to 512x512 as `auteur generate` shows it); each labelled trial marks the same clip with "
                + "the visible \"AI-generated\" label burned in first, as `auteur generate --visible-label` does. Detection (Auteur) = pilot above the 1e-6 threshold; "
                + "exact = all 64 payload bits right; bit accuracy = mean share of payload bits right (decoded "
                + "whether or not detected). DWT-DCT baseline: detection = at most " + BASELINE_MAX_ERRORS
                + " of 64 bits wrong (binomial false-positive rate <= 1e-6).\n\n");
        md.append("| attack | set | trials | Auteur detected | Auteur exact payload | Auteur bit acc. | DWT-DCT detected "
                + "| DWT-DCT bit acc. |\n|---|---|---|---|---|---|---|---|\n");
        for (Named attack : attacks) {
            row(md, attack.name(), "footage", footageTally.get(attack.name()));
            row(md, attack.name(), "previs", previsTally.get(attack.name()));
            row(md, attack.name(), "generated", generatedTally.get(attack.name()));
            row(md, attack.name(), "labelled", labelledTally.get(attack.name()));
        }
        md.append("\n");
        if (!X265) {
            md.append("libx265 is not in this FFmpeg build: the H.265 row is absent.\n\n");
        }

        // 4. False alarms
        md.append(falseAlarms(footage, previs, generated, falseAlarmClips, random));
        log(start, "false alarms done");

        String machine = machine();
        String text = "# Watermark benchmark (issue 6)\n\nMachine: " + machine + ". Run took "
                + String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 60e9) + " min. Program: "
                + "`io.auteur.bench.WatermarkBenchmark` (auteur-bench). Algorithm `" + Watermarker.ALGORITHM + "`.\n\n"
                + md;
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text);
        System.out.println(text);
    }

    private static void robustness(Clip clip, List<Named> attacks, Map<String, Tally> tallies, SplittableRandom random)
            throws Exception {
        Payload payload = new Payload(random.nextLong());
        Watermarker watermarker = new Watermarker(key(random));
        Clip marked = watermarker.embed(clip, payload);
        Clip baseline = DwtDctBaseline.embed(clip, payload.bits());
        for (Named attack : attacks) {
            Tally tally = tallies.computeIfAbsent(attack.name(), n -> new Tally());
            Detection detection = watermarker.detect(attack.attack().apply(marked));
            DwtDctBaseline.Result classic = DwtDctBaseline.detect(attack.attack().apply(baseline));
            int classicErrors = Long.bitCount(classic.payload() ^ payload.bits());
            tally.trials++;
            tally.detected += detection.found() ? 1 : 0;
            tally.exact += detection.found() && detection.payload().equals(payload) ? 1 : 0;
            tally.bitAccuracy += 1 - detection.payload().bitErrors(payload) / 64.0;
            tally.baselineDetected += classicErrors <= BASELINE_MAX_ERRORS ? 1 : 0;
            tally.baselineBitAccuracy += 1 - classicErrors / 64.0;
        }
    }

    private static void row(StringBuilder md, String attack, String set, Tally t) {
        if (t == null || t.trials == 0) {
            return;
        }
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f%% | %.0f%% | %.3f | %.0f%% | %.3f |%n", attack, set,
                t.trials, 100.0 * t.detected / t.trials, 100.0 * t.exact / t.trials, t.bitAccuracy / t.trials,
                100.0 * t.baselineDetected / t.trials, t.baselineBitAccuracy / t.trials));
    }

    private static List<Named> attacks() {
        List<Named> list = new ArrayList<>();
        list.add(new Named("none", c -> c));
        list.add(new Named("H.264 CRF 23", c -> encode(c, "libx264", "mp4", Map.of("crf", "23", "preset", "medium"))));
        list.add(new Named("H.264 CRF 28", c -> encode(c, "libx264", "mp4", Map.of("crf", "28", "preset", "medium"))));
        list.add(new Named("H.264 CRF 35", c -> encode(c, "libx264", "mp4", Map.of("crf", "35", "preset", "medium"))));
        if (X265) {
            list.add(new Named("H.265 CRF 28", c -> encode(c, "libx265", "mp4",
                    Map.of("crf", "28", "preset", "fast", "x265-params", "log-level=error"))));
        }
        if (VP9) {
            list.add(new Named("VP9 CRF 32", c -> encode(c, "libvpx-vp9", "webm",
                    Map.of("crf", "32", "b", "0", "deadline", "realtime", "cpu-used", "6"))));
        }
        list.add(new Named("scale 0.5x", c -> filter(c, "scale=trunc(iw/4)*2:trunc(ih/4)*2")));
        list.add(new Named("scale 0.75x", c -> filter(c, "scale=trunc(iw*0.375)*2:trunc(ih*0.375)*2")));
        list.add(new Named("scale 1.5x", c -> filter(c, "scale=trunc(iw*0.75)*2:trunc(ih*0.75)*2")));
        list.add(new Named("centre crop 90% area", c -> filter(c, crop(0.9))));
        list.add(new Named("centre crop 75% area", c -> filter(c, crop(0.75))));
        list.add(new Named("brightness +20%", c -> filter(c, "lutrgb=r=val*1.2:g=val*1.2:b=val*1.2")));
        list.add(new Named("brightness -20%", c -> filter(c, "lutrgb=r=val*0.8:g=val*0.8:b=val*0.8")));
        list.add(new Named("contrast x0.7", c -> filter(c, "eq=contrast=0.7")));
        list.add(new Named("contrast x1.3", c -> filter(c, "eq=contrast=1.3")));
        list.add(new Named("gamma 1.5", c -> filter(c, "eq=gamma=1.5")));
        list.add(new Named("Gaussian blur sigma 1", c -> filter(c, "gblur=sigma=1")));
        list.add(new Named("noise (alls=10, temporal)", c -> filter(c, "noise=alls=10:allf=t")));
        list.add(new Named("drop every other frame", WatermarkBenchmark::dropEveryOther));
        list.add(new Named("keep 1 s", c -> c.frames(0, Math.min(c.frameCount(), (int) Math.round(c.fps())))));
        list.add(new Named("horizontal flip", c -> filter(c, "hflip")));
        list.add(new Named("rotate 2 deg", c -> filter(c, "rotate=2*PI/180")));
        list.add(new Named("crop 90% + scale 0.75x + H.264 CRF 30", c -> encode(
                filter(c, crop(0.9) + ",scale=trunc(iw*0.375)*2:trunc(ih*0.375)*2"), "libx264", "mp4",
                Map.of("crf", "30", "preset", "medium"))));
        return list;
    }

    private static String crop(double area) {
        double side = Math.sqrt(area);
        return String.format(Locale.ROOT, "crop=trunc(iw*%.5f/2)*2:trunc(ih*%.5f/2)*2", side, side);
    }

    private static Clip dropEveryOther(Clip clip) {
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < clip.frameCount(); t += 2) {
            frames.add(clip.frameRgb(t));
        }
        return Clip.of(frames, clip.width(), clip.height(), clip.fps() / 2);
    }

    private static String speed(Clip footage, SplittableRandom random) throws Exception {
        Clip landscape = filter(footage, "transpose=1");
        Watermarker watermarker = new Watermarker(key(random));
        Payload payload = new Payload(random.nextLong());
        double embedFps = 0, detectFps = 0;
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            Clip marked = watermarker.embed(landscape, payload);
            long t1 = System.nanoTime();
            watermarker.detect(marked);
            long t2 = System.nanoTime();
            if (round > 0) {   // round 0 warms the JIT
                embedFps += landscape.frameCount() / ((t1 - t0) / 1e9) / 3;
                detectFps += landscape.frameCount() / ((t2 - t1) / 1e9) / 3;
            }
        }
        long t0 = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            DwtDctBaseline.embed(landscape, payload.bits());
        }
        double baselineEmbed = 3 * landscape.frameCount() / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            DwtDctBaseline.detect(landscape);
        }
        double baselineDetect = 3 * landscape.frameCount() / ((System.nanoTime() - t0) / 1e9);
        return String.format(Locale.ROOT, "## Speed at %dx%d (%d frames in memory, %d cores; codec time excluded)%n%n"
                        + "| | embed fps | detect fps |%n|---|---|---|%n| Auteur (target >= 120 / >= 240) | %.0f | %.0f |%n"
                        + "| DWT-DCT baseline (single thread) | %.0f | %.0f |%n%n",
                landscape.width(), landscape.height(), landscape.frameCount(),
                Runtime.getRuntime().availableProcessors(), embedFps, detectFps, baselineEmbed, baselineDetect);
    }

    private static String falseAlarms(Clip footage, List<Clip> previs, List<Clip> generated, int count,
            SplittableRandom random)
            throws Exception {
        List<Named> cheap = new ArrayList<>();
        for (Named attack : attacks()) {
            if (!attack.name().contains("H.265") && !attack.name().contains("VP9") && !attack.name().contains("keep")
                    && !attack.name().contains("CRF 23") && !attack.name().contains("CRF 35")) {
                cheap.add(attack);
            }
        }
        int ours = 0, baseline = 0;
        double maxScore = Double.NEGATIVE_INFINITY;
        double minP = 1;
        double threshold = Double.NaN;
        Payload fixed = new Payload(random.nextLong());
        // Footage, previs renders and generated clips in turn, each a window of its own typical length.
        List<WindowSource> sources = new ArrayList<>(List.of(new WindowSource(List.of(footage), 6, 15),
                new WindowSource(previs, 10, 39)));
        if (!generated.isEmpty()) {
            sources.add(new WindowSource(generated, 6, generated.get(0).frameCount()));
        }
        for (int i = 0; i < count; i++) {
            WindowSource set = sources.get(i % sources.size());
            Clip source = set.clips().get((i / sources.size()) % set.clips().size());
            int length = set.minFrames() + random.nextInt(set.maxFrames() - set.minFrames() + 1);
            int from = random.nextInt(source.frameCount() - length + 1);
            Clip window = source.frames(from, from + length);
            Named attack = cheap.get(i % cheap.size());
            Clip attacked = attack.attack().apply(window);
            Detection detection = new Watermarker(key(random)).detect(attacked);
            ours += detection.found() ? 1 : 0;
            maxScore = Math.max(maxScore, detection.score());
            threshold = detection.threshold();
            minP = Math.min(minP, detection.pValue());
            baseline += Long.bitCount(DwtDctBaseline.detect(attacked).payload() ^ fixed.bits()) <= BASELINE_MAX_ERRORS ? 1 : 0;
        }
        return String.format(Locale.ROOT, "## False alarms%n%n%d unmarked clips: windows of the footage (6-15 frames), "
                        + "of the previs renders (10-39 frames) and of the generated clips (6-16 frames), each put through one of %d attacks in turn "
                        + "(none, H.264 CRF 28, scalings, crops, brightness, contrast, gamma, blur, noise, frame "
                        + "dropping, flip, rotation, the chain), each detected with a fresh random key.%n%n"
                        + "| | false detections | highest score (threshold %.2f) | smallest p-value bound |%n"
                        + "|---|---|---|---|%n| Auteur | %d / %d | %.2f | %.3g |%n"
                        + "| DWT-DCT baseline (fixed payload, <= %d errors) | %d / %d | | |%n%n",
                count, cheap.size(), threshold,
                ours, count, maxScore, minP, BASELINE_MAX_ERRORS, baseline, count);
    }

    private static WatermarkKey key(SplittableRandom random) {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) random.nextInt(256);
        }
        return WatermarkKey.of(secret);
    }

    private static Clip renderPrevis(String prompt, int width, int height, double seconds) {
        ShotRenderer renderer = new ShotRenderer(new PromptParser().parse(prompt), RenderSettings.of(width, height, seconds, 30));
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < renderer.settings().frameCount(); t++) {
            frames.add(renderer.render(t).frame().rgb());
        }
        return Clip.of(frames, width, height, 30);
    }

    /** Clips of the bundled model at 8 steps, enlarged to 512x512 as {@code auteur generate --upscale auto} does. */
    private static List<Clip> generate(int count) {
        List<Clip> clips = new ArrayList<>();
        if (count == 0) {
            return clips;
        }
        Path modelDir = BundledModel.directory();
        if (!Files.isDirectory(modelDir)) {
            throw new IllegalStateException("missing the bundled model at " + modelDir.toAbsolutePath()
                    + ": run from the repository root, or pass 0 generated clips");
        }
        try (VideoModel model = VideoModel.load(modelDir, VideoModel.defaultDevice())) {
            GenerationPipeline pipeline = new GenerationPipeline(model);
            for (int i = 0; i < count; i++) {
                Generation request = new Generation(PREVIS_PROMPTS[i % PREVIS_PROMPTS.length], "",
                        model.config().frames(), 1000 + i, 8, 3.0, "euler", java.util.Optional.empty(),
                        java.util.Optional.empty(), List.of());
                Clip clip = pipeline.generate(request, GenerationPipeline.Progress.NONE).clip();
                int factor = Math.max(1, (512 + Math.min(clip.width(), clip.height()) - 1) / Math.min(clip.width(), clip.height()));
                clips.add(Pictures.resize(clip, clip.width() * factor, clip.height() * factor));
            }
        }
        return clips;
    }

    private static Clip encode(Clip clip, String codec, String extension, Map<String, String> options) throws Exception {
        Path file = Files.createTempFile("watermark-bench", "." + extension);
        try {
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), clip.width(), clip.height(), 0)) {
                recorder.setFormat(extension.equals("webm") ? "webm" : "mp4");
                recorder.setVideoCodecName(codec);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(clip.fps());
                recorder.setVideoBitrate(0);
                options.forEach(recorder::setVideoOption);
                recorder.start();
                Frame frame = new Frame(clip.width(), clip.height(), Frame.DEPTH_UBYTE, 3);
                for (int t = 0; t < clip.frameCount(); t++) {
                    fill(frame, clip, t);
                    recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
                }
                recorder.stop();
            }
            return Video.read(file, Limits.DEFAULT);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static Clip filter(Clip clip, String graph) throws Exception {
        List<byte[]> out = new ArrayList<>();
        int width = 0, height = 0;
        // many filters (eq, gblur, noise) work in YUV: convert back so every result is RGB24
        try (FFmpegFrameFilter filter = new FFmpegFrameFilter(graph + ",format=rgb24", clip.width(), clip.height())) {
            filter.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            filter.setFrameRate(clip.fps());
            filter.start();
            Frame in = new Frame(clip.width(), clip.height(), Frame.DEPTH_UBYTE, 3);
            for (int t = 0; t < clip.frameCount(); t++) {
                fill(in, clip, t);
                filter.push(in, avutil.AV_PIX_FMT_RGB24);
                Frame result;
                while ((result = filter.pull()) != null) {
                    width = result.imageWidth;
                    height = result.imageHeight;
                    out.add(copy(result));
                }
            }
        }
        return Clip.of(out, width, height, clip.fps());
    }

    private static void fill(Frame frame, Clip clip, int t) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        byte[] rgb = clip.frameRgb(t);
        for (int y = 0; y < clip.height(); y++) {
            buffer.position(y * frame.imageStride);
            buffer.put(rgb, y * clip.width() * 3, clip.width() * 3);
        }
        buffer.position(0);
    }

    private static byte[] copy(Frame frame) {
        byte[] rgb = new byte[frame.imageWidth * frame.imageHeight * 3];
        ByteBuffer buffer = ((ByteBuffer) frame.image[0]).duplicate();
        for (int y = 0; y < frame.imageHeight; y++) {
            buffer.position(y * frame.imageStride);
            buffer.get(rgb, y * frame.imageWidth * 3, frame.imageWidth * 3);
        }
        return rgb;
    }

    private static void writeDifference(Clip original, Clip marked, int frame, Path png) throws Exception {
        byte[] a = original.frameRgb(frame), b = marked.frameRgb(frame);
        BufferedImage image = new BufferedImage(original.width(), original.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < a.length / 3; p++) {
            double ya = 0.299 * (a[3 * p] & 0xff) + 0.587 * (a[3 * p + 1] & 0xff) + 0.114 * (a[3 * p + 2] & 0xff);
            double yb = 0.299 * (b[3 * p] & 0xff) + 0.587 * (b[3 * p + 1] & 0xff) + 0.114 * (b[3 * p + 2] & 0xff);
            int v = (int) Math.max(0, Math.min(255, Math.round(128 + 16 * (yb - ya))));
            image.getRaster().setSample(p % original.width(), p / original.width(), 0, v);
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static int baselineMaxErrors() {
        double cumulative = 0;
        double term = Math.pow(0.5, 64);   // P(X = 0)
        int k = -1;
        for (int i = 0; i <= 64; i++) {
            cumulative += term;
            if (cumulative > 1e-6) {
                break;
            }
            k = i;
            term = term * (64 - i) / (i + 1);
        }
        return k;
    }

    private static String machine() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip() + ", " + Runtime.getRuntime().availableProcessors()
                            + " cores available to the JVM, Java " + System.getProperty("java.version");
                }
            }
        } catch (java.io.IOException ignored) {
            // fall through: not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores";
    }

    private static void log(long start, String message) {
        System.err.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - start) / 1e9, message);
    }
}
