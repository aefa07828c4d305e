package io.auteur.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.auteur.engine.Generation;
import io.auteur.engine.GenerationPipeline;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.Tokenizer;
import io.auteur.engine.VideoModel;
import java.util.Arrays;
import java.util.List;

/**
 * Denoiser throughput and model FLOP utilisation: the FLOPs of one forward pass divided by its time, against the
 * fp32 matrix-multiply peak measured in the same run on the same device (2048x2048 matmul). Also the time of one
 * sampling step (a guided forward: batch 2) and of a whole generation for each config, and DJL's overhead: the
 * forward pass's time over the time of the same matrix products alone.
 *
 * <p>Arguments: configs to measure (default: tiny small).
 */
public final class EngineBenchmark {
    public static void main(String[] args) {
        List<String> configs = args.length > 0 ? List.of(args) : List.of("tiny", "small");
        Device device = VideoModel.defaultDevice();
        System.out.printf("Engine benchmark on %s, %d cores, Java %s%n", device, Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        double peak;
        try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
            peak = matmulGflops(manager, 2048, 10);
        }
        System.out.printf("fp32 2048x2048 matmul peak: %.1f GFLOP/s%n%n", peak);
        System.out.println("| config | params (M) | latent tokens | forward GFLOP | forward ms | GFLOP/s | MFU | GEMM-only ms | DJL overhead | step ms (guided) | generation s (24 steps) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (String name : configs) {
            ModelConfig config = ModelConfig.preset(name);
            Tokenizer tokenizer = Tokenizer.fromTexts(List.of("a red sphere bounces to the right on a checkered floor"));
            try (VideoModel model = VideoModel.create(config, tokenizer, 1, device)) {
                measure(name, model, peak);
            }
        }
    }

    private static void measure(String name, VideoModel model, double peak) {
        ModelConfig config = model.config();
        NDManager manager = model.manager();
        int frames = config.latentFrames(config.frames());
        int c = config.vae().latentChannels(), h = config.latentHeight(), w = config.latentWidth();
        long params = model.parameterCount("text.") + model.parameterCount("denoiser.");
        GenerationPipeline pipeline = new GenerationPipeline(model);
        Generation request = Generation.of("a red sphere bounces to the right", config.frames(), 1, 1).withGuidance(3);
        // A one-step guided generation runs one batch-2 forward plus encode and decode: time the forward alone below.
        pipeline.generate(request, GenerationPipeline.Progress.NONE);
        int textTokens = config.text().maxTokens();
        long flops = model.denoiser().forwardFlops(2, textTokens);
        double[] times = new double[7];
        for (int i = 0; i < times.length; i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = manager.randomNormal(new Shape(2, c, frames, h, w));
                var text = model.text().encode(manager, new int[][] {model.tokenizer().encode("a red sphere", textTokens),
                        new int[textTokens]});
                var conditions = new io.auteur.engine.Denoiser.Conditions(manager.zeros(x.getShape()),
                        manager.zeros(new Shape(2, 1, frames, h, w)), manager.zeros(x.getShape()), new int[2], text);
                NDArray t = manager.create(new float[] {0.5f, 0.5f});
                long start = System.nanoTime();
                model.denoiser().velocity(x, t, conditions).toFloatArray();
                times[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(times);
        double forwardMs = times[times.length / 2];
        double gflops = flops / forwardMs / 1e6;
        double gemmMs = gemmOnlyMs(manager, config, 2, textTokens);
        long start = System.nanoTime();
        pipeline.generate(Generation.of("a red sphere bounces to the right", config.frames(), 1, 24).withGuidance(3),
                GenerationPipeline.Progress.NONE);
        double generationSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("| %s | %.1f | %d | %.2f | %.1f | %.1f | %.0f%% | %.1f | %.2fx | %.1f | %.1f |%n", name,
                params / 1e6, frames * (h / config.denoiser().patch()) * (w / config.denoiser().patch()), flops / 1e9,
                forwardMs, gflops, 100 * gflops / peak, gemmMs, forwardMs / gemmMs, forwardMs, generationSeconds);
    }

    /** The time of the forward pass's matrix products alone, at the same shapes, straight through DJL's matMul. */
    private static double gemmOnlyMs(NDManager manager, ModelConfig config, int batch, int textTokens) {
        var d = config.denoiser();
        int t = config.latentFrames(config.frames());
        int n = (config.latentWidth() / d.patch()) * (config.latentHeight() / d.patch());
        int width = d.width(), tokens = batch * t * n, headWidth = width / d.heads();
        int cin = (3 * config.vae().latentChannels() + 1) * d.patch() * d.patch();
        double[] times = new double[5];
        for (int r = 0; r < times.length; r++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray tokensIn = manager.randomNormal(new Shape(tokens, cin));
                NDArray patchWeight = manager.randomNormal(new Shape(cin, width));
                NDArray x = manager.randomNormal(new Shape(tokens, width));
                NDArray square = manager.randomNormal(new Shape(width, width));
                NDArray up = manager.randomNormal(new Shape(width, (long) width * d.mlpRatio()));
                NDArray down = manager.randomNormal(new Shape((long) width * d.mlpRatio(), width));
                NDArray spatialQ = manager.randomNormal(new Shape((long) batch * t * d.heads(), n, headWidth));
                NDArray temporalQ = manager.randomNormal(new Shape((long) batch * n * d.heads(), t, headWidth));
                NDArray text = manager.randomNormal(new Shape((long) batch * d.heads(), textTokens, headWidth));
                NDArray crossQ = manager.randomNormal(new Shape((long) batch * d.heads(), (long) t * n, headWidth));
                long start = System.nanoTime();
                tokensIn.matMul(patchWeight).toFloatArray();
                for (int b = 0; b < d.depth(); b++) {
                    for (int i = 0; i < 10; i++) {
                        x.matMul(square);
                    }
                    spatialQ.matMul(spatialQ.transpose(0, 2, 1)).matMul(spatialQ);
                    temporalQ.matMul(temporalQ.transpose(0, 2, 1)).matMul(temporalQ);
                    crossQ.matMul(text.transpose(0, 2, 1)).matMul(text);
                    x.matMul(up).matMul(down).toFloatArray();
                }
                times[r] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }

    private static double matmulGflops(NDManager manager, int size, int repeats) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray a = manager.randomNormal(new Shape(size, size));
            NDArray b = manager.randomNormal(new Shape(size, size));
            a.matMul(b).toFloatArray();
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                a.matMul(b).toFloatArray();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * size * size * size * repeats / seconds / 1e9;
        }
    }
}
