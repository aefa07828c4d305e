package io.auteur.media;

/**
 * What a media file holds, read from its headers without decoding pictures.
 *
 * @param frameCount estimated from the container (exact for most MP4s); -1 when unknown
 */
public record MediaInfo(String format, String videoCodec, int width, int height, double fps, int frameCount,
                        double durationSeconds, boolean hasAudio) {}
