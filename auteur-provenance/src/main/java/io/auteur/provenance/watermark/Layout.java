package io.auteur.provenance.watermark;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the watermark lives, derived from the key: the analysis grid, the band of DCT coefficients used, which of
 * them carry the synchronisation pilot and which carry each coded payload bit, and the keyed sign of each.
 *
 * <p>Every frame is resized to a fixed {@value #GRID} x {@value #GRID} grid whatever its size or aspect ratio, so a
 * rescaled video (0.5x, 1.5x, or anamorphic) maps onto the same grid: scaling costs no synchronisation search. The
 * band is the middle frequencies {@value #MIN_FREQUENCY_SUM} <= u + v <= {@value #MAX_FREQUENCY_SUM} (u, v < {@value
 * #BANDS}): the shortest period is about 2 x 256 / 112 = 4.6 grid cells, 13 pixels across a 720-pixel side, so it
 * survives a 0.5x downscale, blur and lossy coding; the lowest frequencies are skipped because the picture itself
 * is loudest there. Measured on the footage fixture, lower bands (u + v <= 64) read 2.5x weaker after H.264 CRF 35
 * at the same PSNR, because the picture's interference grows faster than the compression loss shrinks.
 */
final class Layout {
    static final int GRID = 256;
    static final int BANDS = 112;
    static final int MIN_FREQUENCY_SUM = 16;
    static final int MAX_FREQUENCY_SUM = 112;
    /** 64 payload bits and a CRC-16. */
    static final int MESSAGE_BITS = Payload.SIZE_BITS + 16;
    static final int CODED_BITS = ConvolutionalCode.codedLength(MESSAGE_BITS);
    /**
     * Share of the band that carries the pilot; the rest carries the payload. The payload needs the larger share:
     * its 172 coded bits split what the pilot's one decision gets whole (measured on footage and previs renders:
     * 0.5 detects after H.264 CRF 28 but decodes 0 of 6 renders; 0.35 detects and decodes 6 of 6).
     */
    static final double PILOT_SHARE = 0.35;

    /** Band coefficient indices into the BANDS x BANDS block, in key order. */
    final int[] coefficient;
    /** +1 or -1 per entry of {@link #coefficient}. */
    final int[] sign;
    final int pilotCount;
    /** For entries from pilotCount on: the coded bit they carry. */
    final int[] codedBit;

    Layout(WatermarkKey key) {
        List<Integer> band = new ArrayList<>();
        for (int v = 0; v < BANDS; v++) {
            for (int u = 0; u < BANDS; u++) {
                if (u + v >= MIN_FREQUENCY_SUM && u + v <= MAX_FREQUENCY_SUM) {
                    band.add(v * BANDS + u);
                }
            }
        }
        int size = band.size();
        coefficient = band.stream().mapToInt(Integer::intValue).toArray();
        KeyedStream order = new KeyedStream(key, "layout");
        for (int i = size - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            int swap = coefficient[i];
            coefficient[i] = coefficient[j];
            coefficient[j] = swap;
        }
        KeyedStream signs = new KeyedStream(key, "signs");
        sign = new int[size];
        for (int i = 0; i < size; i++) {
            sign[i] = signs.nextBit() ? 1 : -1;
        }
        pilotCount = (int) Math.round(size * PILOT_SHARE);
        codedBit = new int[size];
        for (int i = pilotCount; i < size; i++) {
            codedBit[i] = (i - pilotCount) % CODED_BITS;
        }
    }

    /** The pilot's group number; coded bit j is group j. */
    static final int PILOT_GROUP = CODED_BITS;

    /** The group each entry belongs to: a coded bit, or {@link #PILOT_GROUP}. */
    int group(int i) {
        return i < pilotCount ? PILOT_GROUP : codedBit[i];
    }

    /** Half-width, in coefficients, of the neighbourhood whose RMS normalises each band coefficient. */
    static final int ENVELOPE_RADIUS = 2;

    /**
     * Band coefficients with the key's signs applied, each divided by the RMS of the picture's coefficients in the
     * 5 x 5 neighbourhood around it (its local spectral envelope), so every entry has about unit size whatever the
     * picture's spectrum; {@code envelope} receives the divisors. A local envelope rather than one per frequency
     * ring matters for renders: a checkered or striped floor puts a few very strong peaks in a ring, and a
     * ring-wide RMS would shrink every other coefficient of that ring to nothing. Measured on three previs renders
     * with the same settings: unattacked pilot scores 9-15 at 42-50 dB with rings, 11-18 at 47-55 dB with the
     * envelope (the informed correction has less to cancel).
     */
    double[] normalisedBand(float[] coefficients, double[] envelope) {
        int n = BANDS;
        WindowMeans energy = new WindowMeans(n, n, k -> (double) coefficients[k] * coefficients[k]);
        double[] y = new double[size()];
        for (int i = 0; i < y.length; i++) {
            int k = coefficient[i];
            double rms = Math.sqrt(energy.mean(k % n, k / n, ENVELOPE_RADIUS, ENVELOPE_RADIUS));
            envelope[i] = rms;
            y[i] = rms > 0 ? sign[i] * coefficients[k] / rms : 0;
        }
        return y;
    }

    int size() {
        return coefficient.length;
    }

    /** The message the code protects: payload bits then a CRC-16/CCITT of the payload's 8 bytes. */
    static boolean[] message(Payload payload) {
        boolean[] message = new boolean[MESSAGE_BITS];
        for (int i = 0; i < Payload.SIZE_BITS; i++) {
            message[i] = payload.bit(i);
        }
        int crc = crc16(payload.bits());
        for (int i = 0; i < 16; i++) {
            message[Payload.SIZE_BITS + i] = ((crc >>> (15 - i)) & 1) == 1;
        }
        return message;
    }

    static int crc16(long bits) {
        int crc = 0xffff;
        for (int b = 7; b >= 0; b--) {
            crc ^= (int) ((bits >>> (8 * b)) & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
            }
        }
        return crc;
    }

    /**
     * The watermark for one payload on the analysis grid, scaled to unit RMS: every band coefficient gets the same
     * magnitude, its sign the key's sign times the coded bit's (the pilot's bit is always 1).
     */
    float[] gridPattern(Payload payload) {
        boolean[] coded = ConvolutionalCode.encode(message(payload));
        float[] coefficients = new float[BANDS * BANDS];
        for (int i = 0; i < size(); i++) {
            int bitSign = i < pilotCount || coded[codedBit[i]] ? 1 : -1;
            coefficients[coefficient[i]] = sign[i] * bitSign;
        }
        float[] grid = new GridDct(GRID, BANDS).inverse(coefficients);
        double energy = 0;
        for (float value : grid) {
            energy += value * value;
        }
        float scale = (float) (1 / Math.sqrt(energy / grid.length));
        for (int i = 0; i < grid.length; i++) {
            grid[i] *= scale;
        }
        return grid;
    }
}
