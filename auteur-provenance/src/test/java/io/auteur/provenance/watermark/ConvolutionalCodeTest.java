package io.auteur.provenance.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvolutionalCodeTest {
    @Test
    void softViterbiCorrectsScatteredErrorsAndNoise() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 50; trial++) {
            boolean[] message = new boolean[Layout.MESSAGE_BITS];
            for (int i = 0; i < message.length; i++) {
                message[i] = random.nextBoolean();
            }
            boolean[] coded = ConvolutionalCode.encode(message);
            double[] soft = new double[coded.length];
            for (int j = 0; j < coded.length; j++) {
                soft[j] = (coded[j] ? 1 : -1) + 0.5 * random.nextGaussian();
            }
            // ten hard errors spread over the codeword (free distance 10: at most a few per constraint span)
            for (int e = 0; e < 10; e++) {
                int j = e * coded.length / 10 + 3;
                soft[j] = -soft[j];
            }
            assertThat(ConvolutionalCode.decode(soft, message.length)).isEqualTo(message);
        }
    }

    @Test
    void theCrcChangesWithEverySingleBitOfThePayload() {
        long bits = 0x0123456789abcdefL;
        int crc = Layout.crc16(bits);
        for (int i = 0; i < 64; i++) {
            assertThat(Layout.crc16(bits ^ (1L << i))).as("bit %d", i).isNotEqualTo(crc);
        }
    }
}
