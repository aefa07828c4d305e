package io.auteur.bench;

import io.auteur.media.AudioTrack;
import io.auteur.media.EncodeOptions;
import io.auteur.media.VideoWriter;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.KeySigner;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.SigningAlgorithm;
import io.auteur.provenance.c2pa.ValidationReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * C2PA sign and validate throughput on a large MP4, against the limit (single-core SHA-256 of the same number of
 * bytes, from memory) and against the reference implementation (c2pa-check: c2pa-rs as WebAssembly under Node)
 * validating the same signed file, in one run.
 *
 * <p>Usage: {@code C2paBenchmark [sizeMiB=1024] [shared=../shared] [work=target/c2pa-bench]}. Run with a small
 * heap (e.g. -Xmx256m) to show that signing and validation stream the file.
 */
public final class C2paBenchmark {
    private C2paBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        Path shared = Path.of(args.length > 1 ? args[1] : "../shared").toAbsolutePath().normalize();
        Path work = Path.of(args.length > 2 ? args[2] : "target/c2pa-bench").toAbsolutePath();
        Files.createDirectories(work);

        // 1. A real MP4 (H.264 from FFmpeg) padded with a top-level free box of random bytes to the size asked.
        Path small = work.resolve("small.mp4");
        try (VideoWriter writer = VideoWriter.open(small, 320, 240, 24, EncodeOptions.h264(AudioTrack.none()).withPreset("ultrafast"))) {
            byte[] frame = new byte[320 * 240 * 3];
            for (int f = 0; f < 48; f++) {
                java.util.Arrays.fill(frame, (byte) (f * 5));
                writer.write(frame);
            }
            writer.finish();
        }
        Path large = work.resolve("large.mp4");
        Files.copy(small, large, StandardCopyOption.REPLACE_EXISTING);
        long padding = (sizeMiB << 20) - Files.size(small) - 8;
        try (OutputStream out = Files.newOutputStream(large, StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.allocate(8).putInt((int) (padding + 8)).put("free".getBytes(StandardCharsets.US_ASCII)).array());
            byte[] block = new byte[1 << 20];
            new Random(1).nextBytes(block);
            for (long done = 0; done < padding; done += block.length) {
                out.write(block, 0, (int) Math.min(block.length, padding - done));
            }
        }
        long bytes = Files.size(large);
        double mib = bytes / 1048576.0;

        // 2. The limit: SHA-256 of the same number of bytes on one core, from memory.
        byte[] block = new byte[1 << 20];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int warm = 0; warm < 64; warm++) {
            sha.update(block);
        }
        long started = System.nanoTime();
        for (long done = 0; done < bytes; done += block.length) {
            sha.update(block);
        }
        sha.digest();
        double shaSeconds = seconds(started);

        // 3. Auteur: sign, then validate.
        Path certs = shared.resolve("fixtures/c2pa/certs");
        KeySigner signer = KeySigner.fromPem(certs.resolve("es256.pem"), certs.resolve("es256.pub"), SigningAlgorithm.ES256);
        C2pa c2pa = C2pa.withDefaults();
        Path signed = work.resolve("signed.mp4");
        started = System.nanoTime();
        c2pa.sign(large, signed, ManifestDefinition.generated("Benchmark", "tiny-dit", "1.0"), signer);
        double signSeconds = seconds(started);
        started = System.nanoTime();
        ValidationReport report = c2pa.read(signed).orElseThrow();
        double validateSeconds = seconds(started);

        // 4. The reference validator on the same signed file.
        String referenceResult;
        double referenceSeconds = Double.NaN;
        Path checkDir = work.resolve("c2pa-check");
        Files.createDirectories(checkDir);
        for (String name : List.of("package.json", "package-lock.json", "check.mjs")) {
            Files.copy(shared.resolve("tools/c2pa-check").resolve(name), checkDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(checkDir.resolve("node_modules"))) {
            run(checkDir, List.of("sh", "-c", "npm ci --offline --no-audit --no-fund || npm ci --no-audit --no-fund"));
        }
        started = System.nanoTime();
        String output = run(checkDir, List.of("node", "check.mjs", signed.toString()));
        referenceSeconds = seconds(started);
        referenceResult = output.contains("\"state\": \"Valid\"") ? "Valid" : output.replaceAll("\\s+", " ");
        if (referenceResult.length() > 120) {
            referenceResult = referenceResult.substring(0, 120) + "...";
        }

        System.out.printf("C2PA on a %.0f MiB MP4 (heap max %d MiB)%n", mib, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("%-40s %10s %10s  %s%n", "step", "seconds", "MiB/s", "result");
        System.out.printf("%-40s %10.2f %10.0f  %s%n", "SHA-256, one core, from memory (limit)", shaSeconds, mib / shaSeconds, "");
        System.out.printf("%-40s %10.2f %10.0f  %s%n", "Auteur sign (hash + write)", signSeconds, mib / signSeconds, "");
        System.out.printf("%-40s %10.2f %10.0f  %s %s%n", "Auteur validate", validateSeconds, mib / validateSeconds,
                report.state().label(), report.failureCodes());
        System.out.printf("%-40s %10.2f %10.0f  %s%n", "c2pa-check validate (c2pa-rs WASM)", referenceSeconds,
                mib / referenceSeconds, referenceResult);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return out;
    }
}
