package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.Tokenizer;
import io.auteur.engine.VideoModel;
import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Limits;
import io.auteur.media.Stills;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.c2pa.ValidationState;
import io.auteur.provenance.verify.Verifier;
import io.auteur.provenance.watermark.Detection;
import io.auteur.provenance.watermark.Watermarker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every generation mode end to end through the CLI, on a real toy-size model saved to disk. */
class GenerateCommandTest {
    private static final String PROMPT = "a red sphere bounces to the right on a checkered floor";

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path model;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void saveAToyModel() throws Exception {
        model = shared.resolve("toy");
        try (VideoModel toy = VideoModel.create(ModelConfig.preset("toy"), Tokenizer.fromTexts(List.of(PROMPT)), 3,
                Device.cpu())) {
            toy.save(model);
        }
    }

    private static Run auteur(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = AuteurCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run generate(String output, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", PROMPT, "-o", dir.resolve(output).toString(),
                "--model", model.toString(), "--steps", "2"));
        args.addAll(List.of(extra));
        if (!args.contains("--upscale")) {
            args.addAll(List.of("--upscale", "none")); // model size keeps these tests fast
        }
        return auteur(args.toArray(String[]::new));
    }

    private Path picture(String name, int width, int height, int shade) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            rgb[i * 3] = (byte) (shade + i % width);
            rgb[i * 3 + 1] = (byte) shade;
            rgb[i * 3 + 2] = (byte) (255 - shade);
        }
        Path file = dir.resolve(name);
        Stills.write(Clip.still(rgb, width, height), 0, file);
        return file;
    }

    private Path clip(String name, int frames) {
        List<byte[]> list = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byte[] rgb = new byte[32 * 32 * 3];
            java.util.Arrays.fill(rgb, (byte) (40 + 20 * t));
            list.add(rgb);
        }
        Path file = dir.resolve(name);
        Video.write(Clip.of(list, 32, 32, 8), file, EncodeOptions.h264(AudioTrack.none()));
        return file;
    }

    private Clip read(String name) {
        return Video.read(dir.resolve(name), Limits.DEFAULT);
    }

    @Test
    void textToVideoAndTextToImage() {
        Run run = generate("t2v.mp4");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote").contains("toy@0");
        Clip clip = read("t2v.mp4");
        assertThat(clip.frameCount()).isEqualTo(5);
        assertThat(clip.width()).isEqualTo(16);
        // Longer than the window of 5 frames: generated window by window.
        Run longer = generate("long.mp4", "--seconds", "2");
        assertThat(longer.exitCode()).as(longer.err()).isZero();
        assertThat(read("long.mp4").frameCount()).isEqualTo(16);
        assertThat(generate("t2i.png").exitCode()).isZero();
        assertThat(Stills.read(dir.resolve("t2i.png"), Limits.DEFAULT).width()).isEqualTo(16);
        // By default the picture is enlarged for viewing: a whole factor up to at least 512 pixels a side.
        assertThat(generate("auto.png", "--upscale", "auto").exitCode()).isZero();
        assertThat(Stills.read(dir.resolve("auto.png"), Limits.DEFAULT).width()).isEqualTo(512);
        assertThat(generate("bad.mp4", "--upscale", "huge").err()).contains("--upscale");
    }

    @Test
    void outputsCarryTheWatermarkAndValidCredentialsThatNameIt() {
        Run run = generate("sealed.mp4", "--upscale", "128x128");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path file = dir.resolve("sealed.mp4");
        ValidationReport report = C2pa.withDefaults().read(file).orElseThrow();
        assertThat(report.state()).isEqualTo(ValidationState.VALID);
        assertThat(report.failureCodes()).containsExactly("signingCredential.untrusted");
        assertThat(report.active().assertionLabels()).contains("c2pa.actions.v2", "c2pa.soft-binding");
        assertThat(report.active().assertion("c2pa.actions.v2").orElseThrow().toString())
                .contains("trainedAlgorithmicMedia").contains("toy");
        Detection detection = new Watermarker(Sealing.watermarkKey()).detect(file, Limits.DEFAULT);
        assertThat(detection.found()).as("%s", detection).isTrue();
        assertThat(report.active().assertion("c2pa.soft-binding").orElseThrow().toString())
                .contains(Watermarker.ALGORITHM);
        // A visible label is burned in and recorded, and the mark under it still carries the payload the manifest
        // names: the label's sharp text on the toy's flat picture is the detector's hardest interference.
        Run labelled = generate("labelled.mp4", "--upscale", "128x128", "--visible-label");
        assertThat(labelled.exitCode()).as(labelled.err()).isZero();
        ValidationReport labelledReport = C2pa.withDefaults().read(dir.resolve("labelled.mp4")).orElseThrow();
        assertThat(labelledReport.state()).isEqualTo(ValidationState.VALID);
        assertThat(labelledReport.active().assertion("c2pa.actions.v2").orElseThrow().toString())
                .contains("c2pa.edited");
        Detection underTheLabel = new Watermarker(Sealing.watermarkKey()).detect(dir.resolve("labelled.mp4"),
                Limits.DEFAULT);
        assertThat(underTheLabel.found()).as("%s", underTheLabel).isTrue();
        assertThat(underTheLabel.payloadIntact()).as("%s", underTheLabel).isTrue();
        assertThat(Optional.of(underTheLabel.payload()))
                .isEqualTo(Verifier.softBindingPayload(labelledReport.active()));
        Run plain = generate("plain.mp4", "--no-credentials");
        assertThat(plain.exitCode()).isZero();
        assertThat(C2pa.withDefaults().read(dir.resolve("plain.mp4"))).isEmpty();
    }

    @Test
    void anExtensionIsSignedAsAnEditOfItsSource() {
        Path source = clip("source.mp4", 6);
        assertThat(generate("longer.mp4", "--extend", source.toString(), "--seconds", "1").exitCode()).isZero();
        ValidationReport report = C2pa.withDefaults().read(dir.resolve("longer.mp4")).orElseThrow();
        assertThat(report.state()).isEqualTo(ValidationState.VALID);
        assertThat(report.active().assertion("c2pa.actions.v2").orElseThrow().toString())
                .contains("compositeWithTrainedAlgorithmicMedia").contains("c2pa.opened");
        assertThat(report.active().assertionLabels()).anyMatch(label -> label.startsWith("c2pa.ingredient"));
    }

    @Test
    void imageToVideoKeepsTheImageAsTheFirstFrame() {
        Path image = picture("first.png", 32, 32, 200);
        Run run = generate("i2v.mp4", "--image", image.toString(), "--last-image", picture("last.png", 48, 40, 30).toString(),
                "--upscale", "64x64");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Clip out = read("i2v.mp4");
        assertThat(out.width()).isEqualTo(64);
        // The first frame is the image (scaled, then through H.264): its green channel stays near 200.
        assertThat(out.sample(0, 32, 32, 1)).isBetween(185, 215);
        assertThat(out.sample(4, 32, 32, 1)).isBetween(15, 45);
    }

    @Test
    void controlInpaintingOutpaintingAndExtension() {
        Path source = clip("source.mp4", 6);
        assertThat(generate("ctl.mp4", "--control", "depth:" + source).exitCode()).isZero();
        Path mask = picture("mask.png", 32, 32, 0);
        Run inpaint = generate("inpaint.mp4", "--video", source.toString(), "--mask", mask.toString());
        assertThat(inpaint.exitCode()).as(inpaint.err()).isZero();
        Run outpaint = generate("outpaint.mp4", "--image", picture("o.png", 32, 32, 120).toString(), "--outpaint", "2x");
        assertThat(outpaint.exitCode()).as(outpaint.err()).isZero();
        assertThat(read("outpaint.mp4").sample(2, 8, 8, 1)).isBetween(105, 135);
        Run extend = generate("extended.mp4", "--extend", source.toString(), "--seconds", "1");
        assertThat(extend.exitCode()).as(extend.err()).isZero();
        assertThat(read("extended.mp4").frameCount()).isEqualTo(6 + 8);
    }

    @Test
    void videoToVideoStartsFromTheSourceClipAsMuchAsTheStrengthSays() {
        Path dark = clip("dark.mp4", 8);
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            byte[] rgb = new byte[32 * 32 * 3];
            java.util.Arrays.fill(rgb, (byte) 230);
            frames.add(rgb);
        }
        Path light = dir.resolve("light.mp4");
        Video.write(Clip.of(frames, 32, 32, 8), light, EncodeOptions.h264(AudioTrack.none()));
        for (String strength : List.of("0.1", "1")) {
            for (Path source : List.of(dark, light)) {
                Run run = generate(source.getFileName() + "-" + strength + ".mp4", "--video", source.toString(),
                        "--strength", strength, "--no-credentials");
                assertThat(run.exitCode()).as(run.err()).isZero();
            }
        }
        // At 0.1 the result starts on the source's latents, so a light and a dark source give different clips; at
        // 1 the source is noised away entirely and both give the text-to-video clip of the same seed.
        Clip darkLow = read("dark.mp4-0.1.mp4"), lightLow = read("light.mp4-0.1.mp4");
        // The result is as long as the source (1 s at 8 fps), past the toy model's window of 5 frames.
        assertThat(darkLow.frameCount()).isEqualTo(8);
        assertThat(meanGreen(lightLow) - meanGreen(darkLow)).as("light minus dark at strength 0.1").isGreaterThan(10);
        assertThat(read("dark.mp4-1.mp4").frameRgb(3)).isEqualTo(read("light.mp4-1.mp4").frameRgb(3));
        // Signed, the source is named as an input of the new clip.
        assertThat(generate("signed.mp4", "--video", light.toString(), "--strength", "0.5").exitCode()).isZero();
        ValidationReport report = C2pa.withDefaults().read(dir.resolve("signed.mp4")).orElseThrow();
        assertThat(report.state()).isEqualTo(ValidationState.VALID);
        String ingredients = report.active().assertionLabels().stream().filter(l -> l.startsWith("c2pa.ingredient"))
                .map(l -> report.active().assertion(l).orElseThrow().toString()).toList().toString();
        assertThat(ingredients).contains("light.mp4").contains("inputTo");
        assertThat(generate("a.mp4", "--strength", "0.5").err()).contains("--strength starts from a source clip");
        assertThat(generate("a.mp4", "--video", dark.toString(), "--strength", "0").err())
                .contains("--strength must be in (0, 1]");
        assertThat(generate("a.mp4", "--video", dark.toString()).err()).contains("--strength (video-to-video)");
        assertThat(dir.resolve("a.mp4")).doesNotExist();
    }

    private static double meanGreen(Clip clip) {
        long sum = 0, count = 0;
        for (int t = 0; t < clip.frameCount(); t++) {
            byte[] rgb = clip.frameRgb(t);
            for (int i = 1; i < rgb.length; i += 3) {
                sum += rgb[i] & 0xff;
                count++;
            }
        }
        return (double) sum / count;
    }

    @Test
    void badInputsAreClearErrorsAndWriteNothing() {
        assertThat(generate("a.mp4", "--control", "normals:x.mp4").err()).contains("unknown control kind 'normals'");
        assertThat(generate("a.mp4", "--image", dir.resolve("missing.png").toString()).err()).contains("no such file");
        assertThat(generate("a.mp4", "--image", picture("wide.png", 200, 20, 9).toString()).err())
                .contains("aspect ratio");
        assertThat(auteur("generate", "a red sphear", "-o", dir.resolve("a.mp4").toString(), "--model", model.toString())
                .err()).contains("'sphear'").contains("sphere");
        assertThat(generate("a.mp4", "--outpaint", "9x", "--image", picture("p.png", 16, 16, 9).toString()).err())
                .contains("--outpaint");
        assertThat(generate("a.mp4", "--mask", picture("m.png", 16, 16, 9).toString()).err()).contains("need a source");
        assertThat(generate("a.gif").err()).contains(".mp4");
        Run noModel = auteur("generate", PROMPT, "-o", dir.resolve("a.mp4").toString(), "--model", dir.resolve("none").toString());
        assertThat(noModel.exitCode()).isEqualTo(1);
        assertThat(noModel.err()).contains("no model folder");
        assertThat(dir.resolve("a.mp4")).doesNotExist();
    }
}
