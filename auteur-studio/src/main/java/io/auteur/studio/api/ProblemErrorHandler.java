package io.auteur.studio.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own errors (a malformed or ambiguous URI such as an encoded {@code ..%2f}, a request Jetty refuses before
 * any route sees it) as RFC 9457 problems instead of Jetty's HTML page. The message is the status's generic one:
 * Jetty's reason may quote the request, and never a stack trace.
 */
final class ProblemErrorHandler extends ErrorHandler {
    ProblemErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        return ByteBuffer.wrap(problem(status, "").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(Problem.CONTENT_TYPE);
        response.getOutputStream().write(problem(response.getStatus(), target).getBytes(StandardCharsets.UTF_8));
    }

    private static String problem(int status, String instance) {
        String detail = switch (status) {
            case 400 -> "the request is malformed (its URI, headers or body)";
            case 404 -> "nothing here";
            case 413 -> "the request is too large";
            case 414 -> "the URI is too long";
            case 431 -> "the request headers are too large";
            default -> status >= 500 ? "the server failed; the log has the details" : "the request was refused";
        };
        return Problem.ofStatus(status, detail, instance == null ? "" : instance.replaceAll("[^A-Za-z0-9._/-]", "?")).toJson();
    }
}
