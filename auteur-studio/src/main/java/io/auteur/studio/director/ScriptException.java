package io.auteur.studio.director;

import java.util.OptionalInt;

/**
 * A script the director cannot film. The message starts with the file and, where one is to blame, the line
 * ({@code three-rooms.fountain:12: ...}), as compilers write it, so editors can jump there.
 */
public final class ScriptException extends IllegalArgumentException {
    private final String source;
    private final OptionalInt line;

    public ScriptException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = OptionalInt.of(line);
    }

    public ScriptException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.line = OptionalInt.empty();
    }

    public String source() {
        return source;
    }

    /** The 1-based line at fault, when one is. */
    public OptionalInt line() {
        return line;
    }
}
