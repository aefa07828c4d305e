package io.auteur.media.container;

import static org.assertj.core.api.Assertions.fail;

import io.auteur.media.MediaException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Seeded mutation fuzzing: flips, truncations and corrupted size fields; only MediaException may escape. */
final class Fuzz {
    private Fuzz() {}

    static void mutants(byte[] original, int count, long seed, Consumer<byte[]> parser) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < count; n++) {
            byte[] mutant = switch (n % 4) {
                case 0 -> flip(original, random, 1 + random.nextInt(8));
                case 1 -> Arrays.copyOf(original, random.nextInt(original.length));
                case 2 -> {
                    byte[] m = original.clone();
                    int at = random.nextInt(Math.max(1, m.length / 4)) & ~3;
                    ByteBuffer.wrap(m).putInt(Math.min(at, m.length - 4), random.nextInt());
                    yield m;
                }
                default -> {
                    byte[] m = original.clone();
                    // corrupt a length in the first kilobyte, where headers, box sizes and segment lengths live
                    int at = random.nextInt(Math.min(1024, m.length - 2));
                    m[at] = (byte) random.nextInt(256);
                    m[at + 1] = (byte) random.nextInt(256);
                    yield m;
                }
            };
            try {
                parser.accept(mutant);
            } catch (MediaException expected) {
                // a clear, typed rejection is the right answer
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                fail("mutant " + n + " (seed " + seed + ") escaped as " + e, e);
            }
        }
    }

    private static byte[] flip(byte[] original, SplittableRandom random, int flips) {
        byte[] m = original.clone();
        for (int i = 0; i < flips; i++) {
            m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return m;
    }
}
