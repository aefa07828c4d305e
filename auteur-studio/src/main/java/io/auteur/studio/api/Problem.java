package io.auteur.studio.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, and any
 * extension members (section 3.2). Every error the service answers is one of these, as
 * {@code application/problem+json}; never an HTML page or a stack trace.
 */
public record Problem(String slug, String title, int status, String detail, String instance,
                      Map<String, JsonNode> members) {
    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://auteur.io/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance");

    public Problem {
        members = Map.copyOf(members);
        if (members.keySet().stream().anyMatch(STANDARD::contains)) {
            throw new IllegalArgumentException("an extension member cannot replace a standard one: " + members.keySet());
        }
    }

    public Problem(String slug, String title, int status, String detail, String instance) {
        this(slug, title, status, detail, instance, Map.of());
    }

    public static Problem of(ApiException e, String instance) {
        return new Problem(e.slug(), e.title(), e.status(), e.getMessage(), instance, e.members());
    }

    /** The problem for a bare HTTP status (a route that does not exist, a method it does not take, ...). */
    public static Problem ofStatus(int status, String detail, String instance) {
        return switch (status) {
            case 400 -> new Problem("bad-request", "Bad request", status, detail, instance);
            case 401 -> new Problem("unauthorized", "Unauthorized", status, detail, instance);
            case 403 -> new Problem("forbidden", "Forbidden", status, detail, instance);
            case 404 -> new Problem("not-found", "Not found", status, detail, instance);
            case 405 -> new Problem("method-not-allowed", "Method not allowed", status, detail, instance);
            case 413 -> new Problem("payload-too-large", "Payload too large", status, detail, instance);
            case 415 -> new Problem("unsupported-media-type", "Unsupported media type", status, detail, instance);
            case 429 -> new Problem("too-many-requests", "Too many requests", status, detail, instance);
            default -> status >= 500
                    ? new Problem("internal-error", "Internal server error", status, detail, instance)
                    : new Problem("http-" + status, "HTTP " + status, status, detail, instance);
        };
    }

    public ObjectNode toJsonNode() {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", TYPE_BASE + slug);
        node.put("title", title);
        node.put("status", status);
        node.put("detail", detail);
        node.put("instance", instance);
        members.forEach(node::set);
        return node;
    }

    public String toJson() {
        return toJsonNode().toString();
    }
}
