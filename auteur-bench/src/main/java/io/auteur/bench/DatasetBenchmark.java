package io.auteur.bench;

import io.auteur.previs.dataset.DatasetWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Training-data throughput: clips per second written by {@code auteur previs dataset} at 64x64x16, against the
 * 200 clips/s the training loop needs. Runs a warm-up, then several timed runs into a temporary folder, and
 * prints one table row per run plus the median and its ratio to the target.
 *
 * <p>Arguments: [clips per run, default 2000] [runs, default 5] [threads, default all cores].
 */
public final class DatasetBenchmark {
    static final double TARGET_CLIPS_PER_SECOND = 200;

    public static void main(String[] args) throws Exception {
        int clips = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        System.out.printf("Dataset throughput, 64x64x16 at 8 fps, %d threads, %s, %d cores, Java %s%n", threads,
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), Runtime.version());
        Path dir = Files.createTempDirectory("auteur-dataset-bench");
        try {
            // Warm-up: two full runs, so the rasterizer's hot loops are compiled by C2 before anything is timed.
            run(dir, clips, threads, 1_000_000);
            run(dir, clips, threads, 2_000_000);
            double[] rates = new double[runs];
            System.out.println("| run | clips | seconds | clips/s | MB/s written |");
            System.out.println("|---|---|---|---|---|");
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                run(dir, clips, threads, r * 10_000_000L);
                double seconds = (System.nanoTime() - start) / 1e9;
                rates[r] = clips / seconds;
                System.out.printf("| %d | %d | %.2f | %.0f | %.0f |%n", r + 1, clips, seconds, rates[r],
                        folderBytes(dir) / 1e6 / seconds);
            }
            java.util.Arrays.sort(rates);
            double median = rates[runs / 2];
            System.out.printf("median %.0f clips/s; target %.0f clips/s; ratio %.2fx%n", median, TARGET_CLIPS_PER_SECOND,
                    median / TARGET_CLIPS_PER_SECOND);
        } finally {
            delete(dir);
        }
    }

    private static void run(Path dir, int clips, int threads, long seed) throws Exception {
        delete(dir);
        DatasetWriter.write(new DatasetWriter.Request(clips, 64, 64, 16, 8, seed, 1000, threads), dir, done -> { });
    }

    private static long folderBytes(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
