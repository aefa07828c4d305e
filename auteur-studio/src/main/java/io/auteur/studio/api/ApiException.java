package io.auteur.studio.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the API refuses, carried to the one place that writes RFC 9457 problems ({@link Problem}).
 *
 * @param slug the last part of the problem type URI, {@code https://auteur.io/problems/<slug>}
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, String> headers;
    private final Map<String, JsonNode> members;

    public ApiException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of());
    }

    public ApiException(int status, String slug, String title, String detail, Map<String, String> headers) {
        this(status, slug, title, detail, headers, Map.of());
    }

    private ApiException(int status, String slug, String title, String detail, Map<String, String> headers,
                         Map<String, JsonNode> members) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.headers = Map.copyOf(headers);
        this.members = Map.copyOf(members);
    }

    /**
     * The same problem with an extension member (RFC 9457 section 3.2): data the client can act on without parsing
     * the detail, such as the record a partly refused request did make.
     */
    public ApiException withMember(String name, JsonNode value) {
        Map<String, JsonNode> more = new LinkedHashMap<>(members);
        more.put(name, value);
        return new ApiException(status, slug, title, getMessage(), headers, more);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "payload-too-large", "Payload too large", detail);
    }

    public static ApiException unsupportedMedia(String detail) {
        return new ApiException(415, "unsupported-media-type", "Unsupported media type", detail);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Map<String, JsonNode> members() {
        return members;
    }
}
