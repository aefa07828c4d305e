package io.auteur.previs.render;

import java.util.Locale;

/**
 * Prints render times for the training workload (not a test: timings are not asserted). Run with
 * {@code java -cp <test and main classes> io.auteur.previs.render.RasterizerTiming}.
 */
public final class RasterizerTiming {
    private RasterizerTiming() {
    }

    public static void main(String[] args) {
        System.out.println("size       s  detail  triangles  ms/frame, all buffers (median of runs after warm-up)");
        time(64, 64, 2, 8, 6);
        time(64, 64, 1, 8, 6);
        time(128, 128, 2, 12, 8);
        time(256, 256, 2, 16, 8);
        time(512, 512, 2, 24, 12);
        time(512, 512, 3, 24, 12);
        time(1920, 1080, 2, 48, 16);
    }

    private static void time(int width, int height, int supersampling, int propDetail, int limbDetail) {
        FrameRequest request = TestScenes.trainingFrame(width, height, propDetail, limbDetail);
        int triangles = request.items().stream().mapToInt(i -> i.mesh().triangleCount()).sum();
        Rasterizer rasterizer = new Rasterizer(width, height, supersampling);
        long pixels = (long) width * height;
        int runs = (int) Math.max(15, Math.min(5000, 500_000_000L / (pixels * supersampling * supersampling * 10)));
        long checksum = 0;
        // warm up for two seconds (and at least 20 frames) so the JIT has compiled everything hot
        long warmUpEnd = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; i < 20 || System.nanoTime() < warmUpEnd; i++) {
            checksum += rasterizer.render(request).rgb()[0];
        }
        long[] nanos = new long[runs];
        long[] withEdges = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            RenderedFrame frame = rasterizer.render(request);
            long rendered = System.nanoTime();
            checksum += frame.rgb()[0] + frame.edges()[0];
            long edged = System.nanoTime();
            nanos[i] = rendered - start;
            withEdges[i] = edged - start;
        }
        java.util.Arrays.sort(nanos);
        java.util.Arrays.sort(withEdges);
        System.out.println(String.format(Locale.ROOT,
                "%4dx%-4d  %d  %2d/%-2d   %6d     %8.3f   (min %.3f; with edges() %.3f; %d runs)%s",
                width, height, supersampling, propDetail, limbDetail, triangles, nanos[runs / 2] / 1e6,
                nanos[0] / 1e6, withEdges[runs / 2] / 1e6, runs, checksum == 42 ? "!" : ""));
    }
}
