package io.auteur.provenance.c2pa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Signs and validates one file and prints the timings; run in a child JVM with a small heap by
 * {@link StreamingLargeFileTest} to show that neither step holds the file in memory.
 * Arguments: IN OUT KEY_PEM CHAIN_PEM.
 */
public final class LargeFileMain {
    private LargeFileMain() {
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Signer signer = KeySigner.fromPem(Path.of(args[2]), Path.of(args[3]), SigningAlgorithm.ES256);
        C2pa c2pa = C2pa.withDefaults();
        long size = Files.size(in);

        long started = System.nanoTime();
        c2pa.sign(in, out, ManifestDefinition.generated("Large", "tiny-dit", "1.0"), signer);
        double signSeconds = (System.nanoTime() - started) / 1e9;

        started = System.nanoTime();
        ValidationReport report = c2pa.read(out).orElseThrow();
        double validateSeconds = (System.nanoTime() - started) / 1e9;

        // The limit: one core hashing the same number of bytes from memory.
        byte[] block = new byte[1 << 20];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        started = System.nanoTime();
        for (long done = 0; done < size; done += block.length) {
            sha.update(block);
        }
        sha.digest();
        double shaSeconds = (System.nanoTime() - started) / 1e9;

        double mib = size / 1048576.0;
        System.out.printf("state=%s failures=%s successes=%s%n", report.state().label(), report.failureCodes(),
                report.successCodes());
        System.out.printf("sizeMiB=%.0f signMiBps=%.0f validateMiBps=%.0f sha256MiBps=%.0f maxHeapMiB=%d%n",
                mib, mib / signSeconds, mib / validateSeconds, mib / shaSeconds,
                Runtime.getRuntime().maxMemory() >> 20);
    }
}
