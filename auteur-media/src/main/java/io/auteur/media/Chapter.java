package io.auteur.media;

import java.util.Objects;

/**
 * A named span of a video (a scene of a film), as players list it in their chapter menu.
 *
 * @param title        what the menu shows
 * @param startSeconds where it begins, from the start of the video
 * @param endSeconds   where it ends (exclusive), after {@code startSeconds}
 */
public record Chapter(String title, double startSeconds, double endSeconds) {
    public static final int MAX_TITLE_CHARS = 1000;

    public Chapter {
        Objects.requireNonNull(title, "title");
        if (title.length() > MAX_TITLE_CHARS) {
            throw new IllegalArgumentException("a chapter title has at most " + MAX_TITLE_CHARS + " characters, this has "
                    + title.length());
        }
        if (!(startSeconds >= 0 && endSeconds > startSeconds && endSeconds < 1e7)) {
            throw new IllegalArgumentException("a chapter needs 0 <= start < end, was " + startSeconds + " to " + endSeconds
                    + " s");
        }
    }
}
