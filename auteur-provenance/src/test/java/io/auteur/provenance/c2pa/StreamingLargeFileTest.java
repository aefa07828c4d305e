package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing and validation stream the file: a 512 MiB MP4 is signed and validated in a JVM with a 64 MiB heap. */
class StreamingLargeFileTest {
    private static final long EXTRA_BYTES = 512L << 20;

    @TempDir
    Path dir;

    @Test
    void aLargeMp4IsSignedAndValidatedWithA64MiBHeap() throws Exception {
        Path small = TestMedia.mp4(dir, "small.mp4", 64, 48, 8);
        Path large = dir.resolve("large.mp4");
        Files.copy(small, large);
        // Append a top-level free box of 512 MiB (sparse on disk): the hash must cover every byte of it.
        try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
            long start = file.length();
            file.seek(start);
            file.write(ByteBuffer.allocate(8).putInt((int) (EXTRA_BYTES + 8)).put("free".getBytes(StandardCharsets.US_ASCII)).array());
            file.setLength(start + 8 + EXTRA_BYTES);
            file.seek(start + 8 + EXTRA_BYTES / 2);
            file.write(42);
        }
        Path out = dir.resolve("large-signed.mp4");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LargeFileMain.class.getName(), large.toString(), out.toString(),
                Shared.cert("es256.pem").toString(), Shared.cert("es256.pub").toString()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("state=Valid", "failures=[signingCredential.untrusted]", "assertion.bmffHash.match",
                "maxHeapMiB=64");
        assertThat(Files.size(out)).isGreaterThan(Files.size(large));
    }
}
