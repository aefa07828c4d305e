package io.auteur.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.Limits;
import io.auteur.media.MediaException;
import io.auteur.provenance.c2pa.internal.AssetHandler;
import io.auteur.provenance.c2pa.internal.Cbor;
import io.auteur.provenance.c2pa.internal.Cose;
import io.auteur.provenance.c2pa.internal.Jumbf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer over the JUMBF, CBOR/COSE and container parsers (Jazzer needs its own run mode per test;
 * this loop runs in every build). Inputs are real manifest stores and files mutated by bit flips, byte
 * overwrites with boundary values, insertions, deletions and truncation. The only acceptable failure is a typed
 * C2paException or MediaException; anything else (an index error, a class cast, OutOfMemoryError, a hang) fails.
 */
class MutationFuzzTest {
    private static final long SEED = 0xA07E_0C2AL;
    private static final Limits LIMITS = Limits.DEFAULT.withMaxEntries(10_000).withMaxFileSizeBytes(64L << 20);
    private static final long BUDGET_MILLIS = Long.getLong("auteur.fuzz.millis", 1500);

    @TempDir
    Path dir;

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] data = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && data.length > 0; e++) {
            int at = random.nextInt(data.length);
            switch (random.nextInt(6)) {
                case 0 -> data[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> data[at] = (byte) new int[]{0, 0xFF, 0x7F, 0x80, 0x01, 0x18, 0x1B, 0x5B, 0x9B, 0xBF}[random.nextInt(10)];
                case 2 -> {
                    byte[] bigger = new byte[data.length + 1 + random.nextInt(8)];
                    System.arraycopy(data, 0, bigger, 0, at);
                    random.nextBytes(java.nio.ByteBuffer.wrap(bigger, at, bigger.length - data.length).array());
                    System.arraycopy(data, at, bigger, at + bigger.length - data.length, data.length - at);
                    data = bigger;
                }
                case 3 -> {
                    int cut = Math.min(data.length - at, 1 + random.nextInt(16));
                    byte[] smaller = new byte[data.length - cut];
                    System.arraycopy(data, 0, smaller, 0, at);
                    System.arraycopy(data, at + cut, smaller, at, data.length - at - cut);
                    data = smaller;
                }
                case 4 -> data = java.util.Arrays.copyOf(data, at);
                default -> {
                    // Overwrite a 32-bit big-endian length with an extreme value.
                    if (at + 4 <= data.length) {
                        int value = new int[]{0, 1, 7, 8, 0x7FFF_FFFF, -1, data.length, data.length + 1}[random.nextInt(8)];
                        java.nio.ByteBuffer.wrap(data).putInt(at, value);
                    }
                }
            }
        }
        return data;
    }

    private static int fuzz(List<byte[]> seeds, Consumer<byte[]> target) {
        Random random = new Random(SEED);
        long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
        int runs = 0;
        while (System.currentTimeMillis() < deadline) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            long started = System.nanoTime();
            try {
                target.accept(input);
            } catch (C2paException | MediaException expected) {
                // A typed rejection is the right answer to a malformed input.
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError("input " + runs + " (" + input.length + " bytes, seed " + SEED + ") crashed the parser: "
                        + java.util.HexFormat.of().formatHex(input, 0, Math.min(64, input.length)), e);
            }
            assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds for one input").isLessThan(2000);
            runs++;
        }
        return runs;
    }

    private List<byte[]> storeSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("C.jpg", "CA.jpg", "video1.mp4")) {
            Path file = Shared.fixture(name);
            seeds.add(AssetHandler.forFile(file).readManifestStore(file, Limits.DEFAULT).orElseThrow());
        }
        return seeds;
    }

    @Test
    void jumbfParsingOfMutatedStoresNeverCrashes() {
        int runs = fuzz(storeSeeds(), data -> {
            Jumbf.SuperBox store = Jumbf.parse(data, LIMITS, "fuzz");
            for (Jumbf.SuperBox manifest : store.superBoxes()) {
                manifest.digest("sha256");
                manifest.superBoxes().forEach(b -> b.content("cbor"));
            }
        });
        assertThat(runs).isGreaterThan(100);
    }

    @Test
    void cborAndCoseParsingOfMutatedSignaturesAndClaimsNeverCrashes() {
        List<byte[]> seeds = new ArrayList<>();
        for (byte[] storeBytes : storeSeeds()) {
            Jumbf.SuperBox store = Jumbf.parse(storeBytes, Limits.DEFAULT, "seed");
            for (Jumbf.SuperBox manifest : store.superBoxes()) {
                for (Jumbf.SuperBox box : manifest.superBoxes()) {
                    box.content("cbor").ifPresent(seeds::add);
                }
            }
        }
        int runs = fuzz(seeds, data -> {
            Object value = Cbor.decode(data, 32, 100_000, "fuzz");
            if (value instanceof java.util.List<?>) {
                Cose.parse(data, 32, 100_000, "fuzz");
            }
        });
        assertThat(runs).isGreaterThan(100);
    }

    @Test
    void validationOfMutatedSignedFilesNeverCrashes() throws Exception {
        Signer signer = Shared.testSigner(SigningAlgorithm.ES256);
        C2pa c2pa = C2pa.withDefaults().withLimits(LIMITS);
        Path jpeg = dir.resolve("seed.jpg");
        c2pa.sign(TestMedia.image(dir, "in.jpg", "jpg"), jpeg, ManifestDefinition.generated("t", "m", "1"), signer);
        Path png = dir.resolve("seed.png");
        c2pa.sign(TestMedia.image(dir, "in.png", "png"), png, ManifestDefinition.generated("t", "m", "1"), signer);
        List<byte[]> seeds = List.of(Files.readAllBytes(jpeg), Files.readAllBytes(png),
                Files.readAllBytes(Shared.fixture("video1.mp4")), Files.readAllBytes(Shared.fixture("dashinit.mp4")));
        Path target = dir.resolve("mutant");
        int runs = fuzz(seeds, data -> {
            try {
                Files.write(target, data);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            c2pa.read(target);
        });
        assertThat(runs).isGreaterThan(20);
    }
}
