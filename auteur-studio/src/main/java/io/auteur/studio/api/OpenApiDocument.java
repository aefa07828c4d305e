package io.auteur.studio.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the route table: every route, no other. Made from the same {@link Route} values the
 * server registers, so the two cannot drift apart.
 */
final class OpenApiDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    private OpenApiDocument() {}

    static ObjectNode of(List<Route> routes) {
        ObjectNode document = JSON.createObjectNode();
        document.put("openapi", "3.1.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "Auteur studio API");
        info.put("version", "1");
        info.put("description", "Generate video from the previs language, follow the jobs, download results with "
                + "their Content Credentials, verify files. Errors are RFC 9457 problems (application/problem+json).");
        ObjectNode components = document.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "An API key: auteur_ and 43 base64url characters");
        schemes.putObject("session").put("type", "apiKey").put("in", "cookie").put("name", StudioApi.SESSION_COOKIE)
                .put("description", "A browser session from POST /v1/session; state changes also need the "
                        + StudioApi.CSRF_HEADER + " header");
        components.putObject("schemas").putObject("Problem").put("type", "object").putObject("properties")
                .set("type", JSON.createObjectNode().put("type", "string"));
        ObjectNode paths = document.putObject("paths");
        for (Route route : routes) {
            ObjectNode path = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
            ObjectNode operation = path.putObject(route.method().name().toLowerCase(Locale.ROOT));
            operation.put("summary", route.summary());
            operation.put("operationId", route.method().name().toLowerCase(Locale.ROOT)
                    + route.path().replaceAll("[^A-Za-z0-9]+", "_"));
            route.minimumRole().ifPresentOrElse(role -> {
                operation.put("x-minimum-role", role.wireName());
                ArrayNode security = operation.putArray("security");
                security.addObject().putArray("bearer");
                security.addObject().putArray("session");
            }, () -> operation.putArray("security"));
            Matcher matcher = PARAMETER.matcher(route.path());
            if (matcher.find()) {
                ArrayNode parameters = operation.putArray("parameters");
                matcher.reset();
                while (matcher.find()) {
                    ObjectNode parameter = parameters.addObject();
                    parameter.put("name", matcher.group(1));
                    parameter.put("in", "path");
                    parameter.put("required", true);
                    parameter.putObject("schema").put("type", "string");
                }
            }
            ObjectNode responses = operation.putObject("responses");
            responses.putObject("2XX").put("description", "Success");
            responses.putObject("default").put("description", "A problem (RFC 9457)").putObject("content")
                    .putObject(Problem.CONTENT_TYPE).putObject("schema").put("$ref", "#/components/schemas/Problem");
        }
        return document;
    }
}
