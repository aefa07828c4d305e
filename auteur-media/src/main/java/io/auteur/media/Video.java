package io.auteur.media;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Video files through FFmpeg: probe, decode to {@link Clip}, encode from it. Reads whatever FFmpeg reads
 * (MP4, MOV, MKV, WebM, AVI, ...); writes H.264 MP4/MOV and FFV1 Matroska.
 */
public final class Video {
    static {
        // FFmpeg reports problems through return codes, which become exceptions here; its console chatter does not help.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /**
     * Colour conversion between RGB and yuv420p: accurate rounding and full chroma interpolation gain about 1.5 dB
     * over swscale's bilinear default on sharp colour edges, which previs renders are full of.
     */
    private static final int SCALING_FLAGS = swscale.SWS_BICUBIC | swscale.SWS_ACCURATE_RND
            | swscale.SWS_FULL_CHR_H_INT | swscale.SWS_FULL_CHR_H_INP;

    private Video() {}

    /** Reads the headers of a media file. */
    public static MediaInfo probe(Path path) {
        requireReadable(path);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile())) {
            grabber.start();
            return new MediaInfo(grabber.getFormat(), grabber.getVideoCodecName(), grabber.getImageWidth(),
                    grabber.getImageHeight(), grabber.getVideoFrameRate(), grabber.getLengthInVideoFrames(),
                    grabber.getLengthInTime() / 1e6, grabber.getAudioChannels() > 0);
        } catch (FrameGrabber.Exception e) {
            throw new MediaException(path + ": FFmpeg cannot read this file (" + e.getMessage() + ")", e);
        }
    }

    /** Decodes every frame of a video within the limits. */
    public static Clip read(Path path, Limits limits) {
        return read(path, limits, 0, Integer.MAX_VALUE);
    }

    /**
     * Decodes up to {@code maxFrames} frames starting at frame {@code startFrame} (counted in decode order from
     * the first picture). Sizes are checked against the limits before any picture is decoded, and the decoded
     * total is checked as frames arrive, so an oversized stream fails with a {@link LimitExceededException}.
     */
    public static Clip read(Path path, Limits limits, int startFrame, int maxFrames) {
        requireReadable(path);
        if (startFrame < 0 || maxFrames <= 0) {
            throw new IllegalArgumentException("startFrame must be >= 0 and maxFrames > 0");
        }
        String source = path.toString();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.setImageScalingFlags(SCALING_FLAGS);
            grabber.start(false);
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            if (grabber.getVideoStream() < 0 || width == 0) {
                throw new MediaException(source + ": holds no video stream");
            }
            limits.checkFrameSize(source, width, height);
            double fps = grabber.getVideoFrameRate();
            if (!(fps > 0 && fps <= 1000)) {
                throw new MediaException(source + ": frame rate " + fps + " is not usable");
            }
            long frameBytes = (long) width * height * 3;
            List<byte[]> frames = new ArrayList<>();
            int seen = 0;
            Frame frame;
            while (frames.size() < maxFrames && (frame = grabber.grabImage()) != null) {
                if (seen++ < startFrame) {
                    continue;
                }
                if (frames.size() >= limits.maxFrameCount()) {
                    throw new LimitExceededException(source, "maxFrameCount", limits.maxFrameCount(), frames.size() + 1L);
                }
                if ((frames.size() + 1) * frameBytes > limits.maxDecodedBytes()) {
                    throw new LimitExceededException(source, "maxDecodedBytes", limits.maxDecodedBytes(),
                            (frames.size() + 1) * frameBytes);
                }
                if (frame.imageWidth != width || frame.imageHeight != height) {
                    throw new MediaException(source + ": frame " + (seen - 1) + " changes size to "
                            + frame.imageWidth + "x" + frame.imageHeight + "; mid-stream size changes are not supported");
                }
                frames.add(copyRgb(frame));
            }
            if (frames.isEmpty()) {
                throw new MediaException(source + ": no frames decoded" + (startFrame > 0 ? " from frame " + startFrame : ""));
            }
            return Clip.of(frames, width, height, fps);
        } catch (FrameGrabber.Exception e) {
            throw new MediaException(source + ": FFmpeg cannot decode this file (" + e.getMessage() + ")", e);
        }
    }

    /** Encodes a clip; the codec must match the file extension's container. */
    public static void write(Clip clip, Path path, EncodeOptions options) {
        // yuv420p needs even sizes, and JavaCV's recorder rounds odd widths up by rescaling, which would
        // silently break the lossless intermediate: refuse instead.
        if (clip.width() % 2 != 0 || clip.height() % 2 != 0) {
            throw new MediaException(path + ": video is written at even dimensions only, the clip is "
                    + clip.width() + "x" + clip.height() + "; crop or pad it first");
        }
        Path parent = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new MediaException(path + ": cannot create the folder " + parent + " (" + e.getMessage() + ")", e);
        }
        // Write beside the target and move into place, so a failed encode never leaves half a file behind.
        Path partial = parent.resolve("." + path.getFileName() + ".partial." + options.codec().extension());
        FFmpegFrameGrabber audioSource = null;
        try {
            int audioChannels = 0;
            if (options.audio() instanceof AudioTrack.CopyFrom copy) {
                requireReadable(copy.source());
                audioSource = new FFmpegFrameGrabber(copy.source().toFile());
                audioSource.start(false);
                audioChannels = audioSource.getAudioChannels();
                if (audioChannels == 0) {
                    throw new MediaException(copy.source() + ": has no audio to copy; say AudioTrack.none() to write silence");
                }
            }
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(partial.toFile(), clip.width(), clip.height(),
                    audioChannels)) {
                configureVideo(recorder, clip, options);
                if (audioSource != null) {
                    recorder.setAudioCodecName(options.codec().audioCodecName());
                    recorder.setSampleRate(audioSource.getSampleRate());
                    recorder.setAudioBitrate(160_000);
                }
                recorder.start();
                Frame frame = new Frame(clip.width(), clip.height(), Frame.DEPTH_UBYTE, 3);
                ByteBuffer buffer = (ByteBuffer) frame.image[0];
                int stride = frame.imageStride;
                byte[] row = new byte[clip.width() * 3];
                for (int t = 0; t < clip.frameCount(); t++) {
                    for (int y = 0; y < clip.height(); y++) {
                        clip.copyRow(t, y, row, 0);
                        buffer.position(y * stride);
                        buffer.put(row);
                    }
                    buffer.position(0);
                    recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
                }
                if (audioSource != null) {
                    copyAudio(audioSource, recorder, (AudioTrack.CopyFrom) options.audio(), clip.durationSeconds());
                }
                recorder.stop();
            }
            Files.move(partial, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (FrameRecorder.Exception | FrameGrabber.Exception e) {
            throw new MediaException(path + ": FFmpeg cannot encode (" + e.getMessage() + ")", e);
        } catch (java.io.IOException e) {
            throw new MediaException(path + ": cannot move the encoded file into place (" + e.getMessage() + ")", e);
        } finally {
            closeQuietly(audioSource);
            try {
                Files.deleteIfExists(partial);
            } catch (java.io.IOException ignored) {
                // the partial file is hidden and named as such; leaving it is harmless
            }
        }
    }

    private static void configureVideo(FFmpegFrameRecorder recorder, Clip clip, EncodeOptions options) {
        recorder.setFormat(options.codec().muxer());
        recorder.setFrameRate(clip.fps());
        recorder.setImageScalingFlags(SCALING_FLAGS);
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

    private static void copyAudio(FFmpegFrameGrabber source, FFmpegFrameRecorder recorder, AudioTrack.CopyFrom copy,
                                  double durationSeconds) throws FrameGrabber.Exception, FrameRecorder.Exception {
        long startMicros = Math.round(copy.startSeconds() * 1e6);
        long endMicros = startMicros + Math.round(durationSeconds * 1e6);
        if (startMicros > 0) {
            source.setAudioTimestamp(startMicros);
        }
        Frame samples;
        while ((samples = source.grabSamples()) != null) {
            if (samples.timestamp < startMicros) {
                continue;
            }
            if (samples.timestamp >= endMicros) {
                break;
            }
            recorder.recordSamples(source.getSampleRate(), source.getAudioChannels(), samples.samples);
        }
    }

    private static byte[] copyRgb(Frame frame) {
        int width = frame.imageWidth;
        int height = frame.imageHeight;
        int stride = frame.imageStride;
        ByteBuffer buffer = ((ByteBuffer) frame.image[0]).duplicate();
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            buffer.position(y * stride);
            buffer.get(rgb, y * width * 3, width * 3);
        }
        return rgb;
    }

    static void requireReadable(Path path) {
        if (!Files.exists(path)) {
            throw new MediaException(path + ": no such file");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new MediaException(path + ": not a readable file");
        }
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        if (grabber != null) {
            try {
                grabber.close();
            } catch (FrameGrabber.Exception ignored) {
                // closing a reader after an error: the first error is the one reported
            }
        }
    }
}
