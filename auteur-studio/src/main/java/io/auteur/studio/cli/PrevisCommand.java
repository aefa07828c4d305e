package io.auteur.studio.cli;

import io.auteur.previs.PrevisVideo;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.Scene;
import io.auteur.previs.SceneJson;
import io.auteur.previs.caption.PromptParser;
import io.auteur.previs.dataset.DatasetWriter;
import io.auteur.provenance.c2pa.Action;
import io.auteur.provenance.c2pa.DigitalSourceType;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.TrainingMining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code auteur previs}: render a blockout from a prompt or a scene file, with its control maps. */
@Command(name = "previs", mixinStandardHelpOptions = true,
        description = {"Render a previs blockout from a prompt or a scene.json file: the video, and with --controls "
                + "depth, edges, pose, flow, normals and masks videos that line up with it, plus scene.json.",
            "Example: auteur previs \"a red sphere bounces to the right on a checkered floor while the camera pans "
                + "left\" -o out.mp4 --controls ctl/"},
        subcommands = PrevisCommand.Dataset.class)
final class PrevisCommand implements Callable<Integer> {
    // Neither the input nor --output is declared required: picocli checks a parent's required arguments before it
    // runs a subcommand, which would make "auteur previs dataset ..." fail. call() checks them instead.
    @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT|scene.json",
            description = "A prompt in the previs language, or a scene JSON file written by an earlier render.")
    String input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.mp4", description = "The video to write.")
    Path output;

    @Option(names = "--controls", paramLabel = "DIR", description = "Also write every control map as a video here.")
    Path controls;

    @Option(names = "--size", defaultValue = "512x512", paramLabel = "WxH",
            description = "Picture size, even, from 16x16 to 1920x1080 (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--seconds", defaultValue = "4", description = "Duration (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--fps", defaultValue = "12", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--seed", defaultValue = "0",
            description = "Varies what the prompt leaves open (camera placement, sun direction); 0 keeps the defaults.")
    long seed;

    @Option(names = "--no-credentials", description = "Write the videos without Content Credentials.")
    boolean noCredentials;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (input == null || output == null) {
            throw new ParameterException(spec.commandLine(),
                    "Missing " + (input == null ? "PROMPT|scene.json" : "--output=OUT.mp4")
                            + " (see auteur previs --help)");
        }
        PrintWriter out = spec.commandLine().getOut();
        int[] wh = parseSize(size);
        RenderSettings settings = RenderSettings.of(wh[0], wh[1], seconds, fps);
        Scene scene = SceneVariation.vary(loadScene(input), seed);
        PrevisVideo.Result result;
        try (ProgressBar bar = Progress.bar("Rendering", settings.frameCount(), "frames")) {
            result = PrevisVideo.render(scene, settings, output, Optional.ofNullable(controls), bar::stepTo);
        }
        if (!noCredentials) {
            sign(result);
        }
        out.println("wrote " + result.video() + " (" + settings.width() + "x" + settings.height() + ", "
                + result.frames() + " frames at " + settings.fps() + " fps)");
        result.controls().ifPresent(dir -> out.println("wrote controls in " + dir));
        out.println("wrote " + result.sceneJson());
        return 0;
    }

    /** A previs render is algorithmic media (no trained model): the video and each control video are signed so. */
    private static void sign(PrevisVideo.Result result) throws java.io.IOException {
        java.util.List<Path> videos = new java.util.ArrayList<>(java.util.List.of(result.video()));
        if (result.controls().isPresent()) {
            try (var files = Files.list(result.controls().get())) {
                files.filter(f -> f.getFileName().toString().endsWith(".mp4")).sorted().forEach(videos::add);
            }
        }
        for (Path video : videos) {
            Sealing.sign(video, new ManifestDefinition(video.getFileName().toString(),
                    java.util.List.of(Action.created(DigitalSourceType.ALGORITHMIC_MEDIA, "auteur-previs",
                            DatasetWriter.GENERATOR_VERSION)),
                    java.util.List.of(), Optional.empty(), TrainingMining.notAllowed()), null);
        }
    }

    static Scene loadScene(String input) {
        if (input.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return SceneJson.read(Path.of(input));
        }
        if (Files.isRegularFile(Path.of(input.length() < 4096 ? input : "-"))) {
            throw new IllegalArgumentException(input + " is a file but not a .json scene; give a prompt or a scene.json");
        }
        return new PromptParser().parse(input);
    }

    static int[] parseSize(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("--size must look like 512x512, was '" + text + "'");
    }

    /** {@code auteur previs dataset}: sharded training data. */
    @Command(name = "dataset", mixinStandardHelpOptions = true,
            description = "Write sharded training data: random scenes rendered with RGB, depth, flow, edges, masks, "
                    + "keypoints, caption and scene.")
    static final class Dataset implements Callable<Integer> {
        @Option(names = "--count", required = true, description = "Number of clips.")
        int count;

        @Option(names = "--size", defaultValue = "64x64", description = "Clip size (default: ${DEFAULT-VALUE}).")
        String size;

        @Option(names = "--frames", defaultValue = "16", description = "Frames per clip (default: ${DEFAULT-VALUE}).")
        int frames;

        @Option(names = "--fps", defaultValue = "8", description = "Frame rate (default: ${DEFAULT-VALUE}).")
        double fps;

        @Option(names = "--seed", defaultValue = "0", description = "First scene seed; clip i uses seed + i.")
        long seed;

        @Option(names = "--shard-size", defaultValue = "1000", description = "Clips per shard (default: ${DEFAULT-VALUE}).")
        int shardSize;

        @Option(names = "--threads", description = "Rendering threads (default: all cores).")
        Integer threads;

        @Option(names = "--out", required = true, description = "Output folder.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int[] wh = parseSize(size);
            int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            DatasetWriter.Request request = new DatasetWriter.Request(count, wh[0], wh[1], frames, fps, seed, shardSize,
                    workers);
            long start = System.nanoTime();
            try (ProgressBar bar = Progress.bar("Rendering", count, "clips")) {
                DatasetWriter.write(request, out, bar::stepTo);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            spec.commandLine().getOut().printf("wrote %d clips to %s in %.1f s (%.0f clips/s)%n", count, out, seconds, count / seconds);
            return 0;
        }
    }
}
