package io.auteur.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** PNG and JPEG stills as one-frame clips. */
public final class Stills {
    private Stills() {}

    /** Reads a PNG or JPEG, checking its declared size against the limits before decoding pixels. */
    public static Clip read(Path path, Limits limits) {
        Video.requireReadable(path);
        try (InputStream in = Files.newInputStream(path); ImageInputStream stream = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new MediaException(path + ": not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                limits.checkFrameSize(path.toString(), reader.getWidth(0), reader.getHeight(0));
                return fromImage(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new MediaException(path + ": cannot decode image (" + e.getMessage() + ")", e);
        }
    }

    /** Writes one frame of a clip as PNG (lossless) or JPEG (quality 95), chosen by extension. */
    public static void write(Clip clip, int frame, Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String format = name.endsWith(".png") ? "png"
                : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpeg" : null;
        if (format == null) {
            throw new MediaException(path + ": stills are written as .png, .jpg or .jpeg");
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            BufferedImage image = clip.frameImage(frame);
            if (format.equals("png")) {
                ImageIO.write(image, "png", path.toFile());
            } else {
                writeJpeg(image, path);
            }
        } catch (IOException e) {
            throw new MediaException(path + ": cannot write image (" + e.getMessage() + ")", e);
        }
    }

    /** Converts any Java image to a one-frame sRGB clip. */
    public static Clip fromImage(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (byte) (argb[i] >> 16);
            rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
            rgb[i * 3 + 2] = (byte) argb[i];
        }
        return Clip.still(rgb, width, height);
    }

    private static void writeJpeg(BufferedImage image, Path path) throws IOException {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(path.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
