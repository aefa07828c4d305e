package io.auteur.media;

import java.nio.file.Path;
import java.util.Locale;

/** The video codecs Auteur writes, each with the container it goes in. */
public enum VideoCodec {
    /** H.264 (libx264), yuv420p, in MP4 with the moov box first (faststart): the delivery format. */
    H264("mp4", "mp4", "aac"),
    /** H.264 in a QuickTime container. */
    H264_MOV("mov", "mov", "aac"),
    /** FFV1 in Matroska, full-resolution RGB: the lossless intermediate. */
    FFV1("mkv", "matroska", "flac");

    private final String extension;
    private final String muxer;
    private final String audioCodec;

    VideoCodec(String extension, String muxer, String audioCodec) {
        this.extension = extension;
        this.muxer = muxer;
        this.audioCodec = audioCodec;
    }

    public String extension() {
        return extension;
    }

    String muxer() {
        return muxer;
    }

    String audioCodecName() {
        return audioCodec;
    }

    /** The codec implied by a file name's extension: .mp4, .mov or .mkv. */
    public static VideoCodec forPath(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        for (VideoCodec codec : values()) {
            if (name.endsWith("." + codec.extension)) {
                return codec;
            }
        }
        throw new MediaException(path + ": cannot tell the video format from the extension; use .mp4, .mov or .mkv");
    }
}
