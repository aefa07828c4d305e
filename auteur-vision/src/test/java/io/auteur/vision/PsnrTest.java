package io.auteur.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class PsnrTest {
    @Test
    void aUniformErrorGivesTheTextbookValueAndIdenticalPicturesAreCapped() {
        byte[] a = new byte[300], b = new byte[300];
        java.util.Arrays.fill(b, (byte) 16);
        assertThat(Psnr.of(a, b)).isCloseTo(10 * Math.log10(255.0 * 255.0 / 256), offset(1e-9));
        assertThat(Psnr.of(a, a.clone())).isEqualTo(Psnr.MAX_DB);
        assertThat(Psnr.fromMeanSquaredError(1e-12)).isEqualTo(Psnr.MAX_DB);
        assertThatThrownBy(() -> Psnr.of(a, new byte[3])).hasMessageContaining("one length");
    }
}
