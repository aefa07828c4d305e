package io.auteur.provenance.c2pa;

import io.auteur.media.AudioTrack;
import io.auteur.media.EncodeOptions;
import io.auteur.media.VideoWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small real media files made for the tests. */
final class TestMedia {
    private TestMedia() {
    }

    static Path mp4(Path dir, String name, int width, int height, int frames) {
        Path out = dir.resolve(name);
        try (VideoWriter writer = VideoWriter.open(out, width, height, 24, EncodeOptions.h264(AudioTrack.none()).withPreset("ultrafast"))) {
            for (int f = 0; f < frames; f++) {
                byte[] rgb = new byte[width * height * 3];
                for (int i = 0; i < rgb.length; i += 3) {
                    int pixel = i / 3;
                    rgb[i] = (byte) (pixel % width + f * 7);
                    rgb[i + 1] = (byte) (pixel / width * 2);
                    rgb[i + 2] = (byte) (f * 20);
                }
                writer.write(rgb);
            }
            writer.finish();
        }
        return out;
    }

    static Path image(Path dir, String name, String format) {
        BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                image.setRGB(x, y, (x * 2 << 16) | (y * 3 << 8) | ((x + y) & 0xFF));
            }
        }
        Path out = dir.resolve(name);
        try {
            if (!ImageIO.write(image, format, out.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A fragmented MP4 (empty moov, then moof+mdat per key frame), as DASH and live encoders write. */
    static Path fragmentedMp4(Path dir, String name, int width, int height, int frames) {
        Path out = dir.resolve(name);
        try (org.bytedeco.javacv.FFmpegFrameRecorder recorder = new org.bytedeco.javacv.FFmpegFrameRecorder(out.toFile(), width, height, 0);
             org.bytedeco.javacv.Java2DFrameConverter converter = new org.bytedeco.javacv.Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(24);
            recorder.setGopSize(4);
            recorder.setVideoOption("preset", "ultrafast");
            recorder.setOption("movflags", "frag_keyframe+empty_moov+default_base_moof");
            recorder.start();
            for (int f = 0; f < frames; f++) {
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        image.setRGB(x, y, ((x + f * 9) & 0xFF) << 16 | (y * 3 & 0xFF) << 8 | (f * 20 & 0xFF));
                    }
                }
                recorder.record(converter.convert(image));
            }
            recorder.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return out;
    }
}
