package io.auteur.media;

/** Input went past one of the {@link Limits}; names the source, the limit and the value found. */
public final class LimitExceededException extends MediaException {
    private final String limit;
    private final long allowed;
    private final long found;

    public LimitExceededException(String source, String limit, long allowed, long found) {
        super(source + ": exceeds limit " + limit + " (allowed " + allowed + ", found " + found + ")");
        this.limit = limit;
        this.allowed = allowed;
        this.found = found;
    }

    /** The name of the {@link Limits} component that was exceeded, e.g. {@code maxNestingDepth}. */
    public String limit() {
        return limit;
    }

    public long allowed() {
        return allowed;
    }

    public long found() {
        return found;
    }
}
