package io.auteur.media;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg reports problems through return codes, which become exceptions here; its console chatter (encoder
 * statistics, stream dumps) only buries the CLI's own output. Every FFmpeg entry point calls {@link #quiet()}.
 */
final class FfmpegLog {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private FfmpegLog() {}

    /** Loading this class sets the log level once; calling this ensures it is loaded. */
    static void quiet() {
        // the static initialiser does the work
    }
}
