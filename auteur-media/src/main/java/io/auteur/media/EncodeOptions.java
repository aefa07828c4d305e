package io.auteur.media;

/**
 * How a clip is encoded.
 *
 * @param crf    H.264 constant rate factor 0..51 (lower is better; 18 is visually lossless); ignored for FFV1
 * @param preset libx264 speed preset, e.g. "medium" or "veryfast"
 * @param audio  what to do with sound: required, never implied
 */
public record EncodeOptions(VideoCodec codec, int crf, String preset, AudioTrack audio) {
    public EncodeOptions {
        java.util.Objects.requireNonNull(codec, "codec");
        java.util.Objects.requireNonNull(preset, "preset");
        java.util.Objects.requireNonNull(audio, "audio (say AudioTrack.none() to drop sound)");
        if (crf < 0 || crf > 51) {
            throw new IllegalArgumentException("crf must lie in [0, 51], was " + crf);
        }
    }

    /** H.264 MP4 at CRF 18, preset medium, with the given audio decision. */
    public static EncodeOptions h264(AudioTrack audio) {
        return new EncodeOptions(VideoCodec.H264, 18, "medium", audio);
    }

    /** The lossless intermediate (FFV1 in Matroska). */
    public static EncodeOptions lossless(AudioTrack audio) {
        return new EncodeOptions(VideoCodec.FFV1, 0, "medium", audio);
    }

    public EncodeOptions withCrf(int newCrf) {
        return new EncodeOptions(codec, newCrf, preset, audio);
    }

    public EncodeOptions withPreset(String newPreset) {
        return new EncodeOptions(codec, crf, newPreset, audio);
    }
}
