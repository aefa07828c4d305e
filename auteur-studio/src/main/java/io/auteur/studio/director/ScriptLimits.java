package io.auteur.studio.director;

/**
 * Bounds on a screenplay or shot list, checked while it is read so a huge or hostile file fails early with a
 * message naming the limit.
 *
 * @param maxBytes        largest script file
 * @param maxLines        most lines
 * @param maxLineChars    longest line
 * @param maxShots        most shots in the film
 * @param maxNames        most characters, and most locations
 * @param maxShotSeconds  longest shot
 * @param maxFilmSeconds  longest film
 * @param maxNestingDepth deepest nesting of a YAML shot list
 */
public record ScriptLimits(long maxBytes, int maxLines, int maxLineChars, int maxShots, int maxNames,
                           double maxShotSeconds, double maxFilmSeconds, int maxNestingDepth) {
    /** Generous for a short film, far below what hurts a small machine. */
    public static final ScriptLimits DEFAULT = new ScriptLimits(1 << 20, 20_000, 2_000, 500, 100, 60, 1_800, 16);

    public ScriptLimits {
        if (maxBytes < 1 || maxLines < 1 || maxLineChars < 1 || maxShots < 1 || maxNames < 1 || maxNestingDepth < 1
                || !(maxShotSeconds > 0) || !(maxFilmSeconds >= maxShotSeconds)) {
            throw new IllegalArgumentException("script limits must be positive and the film at least one shot long");
        }
    }

    public ScriptLimits withMaxBytes(long value) {
        return new ScriptLimits(value, maxLines, maxLineChars, maxShots, maxNames, maxShotSeconds, maxFilmSeconds,
                maxNestingDepth);
    }

    public ScriptLimits withMaxShots(int value) {
        return new ScriptLimits(maxBytes, maxLines, maxLineChars, value, maxNames, maxShotSeconds, maxFilmSeconds,
                maxNestingDepth);
    }
}
