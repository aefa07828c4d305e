package io.auteur.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Streams frames into a video file, so long or large renders never hold every frame in memory.
 *
 * <p>Frames go to a hidden partial file beside the target; {@link #finish()} adds the audio, closes the container
 * and moves it into place. Closing without finishing (an exception, a cancelled render) deletes the partial file,
 * so a failed encode never leaves half a video behind.
 */
public final class VideoWriter implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final int width;
    private final int height;
    private final double fps;
    private final EncodeOptions options;
    private final FFmpegFrameRecorder recorder;
    private final FFmpegFrameGrabber audioSource;
    private final Frame frame;
    private int framesWritten;
    private boolean finished;

    static {
        FfmpegLog.quiet();
    }

    private VideoWriter(Path target, Path partial, int width, int height, double fps, EncodeOptions options,
                        FFmpegFrameRecorder recorder, FFmpegFrameGrabber audioSource) {
        this.target = target;
        this.partial = partial;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.options = options;
        this.recorder = recorder;
        this.audioSource = audioSource;
        this.frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }

    /** Opens a writer; sizes must be even (yuv420p, and JavaCV rescales odd widths) and within 8192. */
    public static VideoWriter open(Path path, int width, int height, double fps, EncodeOptions options) {
        Limits.DEFAULT.checkFrameSize(path.toString(), width, height);
        // yuv420p needs even sizes, and JavaCV's recorder rounds odd widths up by rescaling, which would
        // silently break the lossless intermediate: refuse instead.
        if (width % 2 != 0 || height % 2 != 0) {
            throw new MediaException(path + ": video is written at even dimensions only, the clip is "
                    + width + "x" + height + "; crop or pad it first");
        }
        if (!(fps > 0 && fps <= 1000)) {
            throw new MediaException(path + ": fps must lie in (0, 1000], was " + fps);
        }
        Path parent = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new MediaException(path + ": cannot create the folder " + parent + " (" + e.getMessage() + ")", e);
        }
        Path partial = parent.resolve("." + path.getFileName() + ".partial." + options.codec().extension());
        FFmpegFrameGrabber audioSource = null;
        FFmpegFrameRecorder recorder = null;
        try {
            int audioChannels = 0;
            if (options.audio() instanceof AudioTrack.CopyFrom copy) {
                Video.requireReadable(copy.source());
                audioSource = new FFmpegFrameGrabber(copy.source().toFile());
                audioSource.start(false);
                audioChannels = audioSource.getAudioChannels();
                if (audioChannels == 0) {
                    throw new MediaException(copy.source() + ": has no audio to copy; say AudioTrack.none() to write silence");
                }
            }
            recorder = new FFmpegFrameRecorder(partial.toFile(), width, height, audioChannels);
            configureVideo(recorder, fps, options);
            if (audioSource != null) {
                recorder.setAudioCodecName(options.codec().audioCodecName());
                recorder.setSampleRate(audioSource.getSampleRate());
                recorder.setAudioBitrate(160_000);
            }
            recorder.start();
            return new VideoWriter(path, partial, width, height, fps, options, recorder, audioSource);
        } catch (FrameRecorder.Exception | FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(recorder, audioSource);
            deleteQuietly(partial);
            if (e instanceof MediaException media) {
                throw media;
            }
            throw new MediaException(path + ": FFmpeg cannot encode (" + e.getMessage() + ")", e);
        }
    }

    /** Appends one frame of {@code width * height * 3} sRGB bytes. */
    public void write(byte[] rgb) {
        if (finished) {
            throw new IllegalStateException(target + ": writer already finished");
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("frame of " + rgb.length + " bytes, expected " + width * height * 3);
        }
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        for (int y = 0; y < height; y++) {
            buffer.position(y * stride);
            buffer.put(rgb, y * width * 3, width * 3);
        }
        buffer.position(0);
        try {
            recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
        } catch (FrameRecorder.Exception e) {
            throw new MediaException(target + ": FFmpeg cannot encode frame " + framesWritten + " (" + e.getMessage() + ")", e);
        }
        framesWritten++;
    }

    public int framesWritten() {
        return framesWritten;
    }

    /** Adds the audio (if asked), completes the container and moves the file into place. */
    public void finish() {
        if (framesWritten == 0) {
            throw new MediaException(target + ": no frames were written");
        }
        try {
            if (options.audio() instanceof AudioTrack.CopyFrom copy) {
                copyAudio(copy, framesWritten / fps);
            }
            recorder.stop();
            recorder.release();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            finished = true;
        } catch (FrameRecorder.Exception | FrameGrabber.Exception e) {
            throw new MediaException(target + ": FFmpeg cannot finish the file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new MediaException(target + ": cannot move the encoded file into place (" + e.getMessage() + ")", e);
        }
    }

    /** Releases FFmpeg; an unfinished file is deleted. */
    @Override
    public void close() {
        closeQuietly(recorder, audioSource);
        if (!finished) {
            deleteQuietly(partial);
        }
    }

    private void copyAudio(AudioTrack.CopyFrom copy, double durationSeconds)
            throws FrameGrabber.Exception, FrameRecorder.Exception {
        long startMicros = Math.round(copy.startSeconds() * 1e6);
        long endMicros = startMicros + Math.round(durationSeconds * 1e6);
        if (startMicros > 0) {
            audioSource.setAudioTimestamp(startMicros);
        }
        Frame samples;
        while ((samples = audioSource.grabSamples()) != null) {
            if (samples.timestamp < startMicros) {
                continue;
            }
            if (samples.timestamp >= endMicros) {
                break;
            }
            recorder.recordSamples(audioSource.getSampleRate(), audioSource.getAudioChannels(), samples.samples);
        }
    }

    private static void configureVideo(FFmpegFrameRecorder recorder, double fps, EncodeOptions options) {
        recorder.setFormat(options.codec().muxer());
        recorder.setFrameRate(fps);
        recorder.setImageScalingFlags(Video.SCALING_FLAGS);
        switch (options.codec()) {
            case H264, H264_MOV -> {
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setVideoOption("crf", Integer.toString(options.crf()));
                recorder.setVideoOption("preset", options.preset());
                // moov before mdat so players (and C2PA's BMFF hash) need not seek to the end.
                recorder.setOption("movflags", "+faststart");
            }
            case FFV1 -> {
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_FFV1);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_BGR0);
            }
        }
    }

    private static void closeQuietly(FFmpegFrameRecorder recorder, FFmpegFrameGrabber grabber) {
        try {
            if (recorder != null) {
                recorder.close();
            }
        } catch (FrameRecorder.Exception ignored) {
            // releasing after an error: the first error is the one reported
        }
        try {
            if (grabber != null) {
                grabber.close();
            }
        } catch (FrameGrabber.Exception ignored) {
            // as above
        }
    }

    private static void deleteQuietly(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // the partial file is hidden and named as such; leaving it is harmless
        }
    }
}
