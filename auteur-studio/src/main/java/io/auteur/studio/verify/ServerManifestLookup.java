package io.auteur.studio.verify;

import io.auteur.provenance.verify.ManifestLookup;
import io.auteur.provenance.verify.StoredManifest;
import io.auteur.provenance.verify.VerificationException;
import io.auteur.provenance.watermark.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A studio server's manifest repository over HTTP: {@code GET {server}/v1/manifests/by-watermark/{payload hex}}
 * answers 200 with a {@link ManifestJson} record, or 404 when the server knows no such watermark.
 */
public final class ServerManifestLookup implements ManifestLookup {
    /** Manifest stores are kilobytes to a few megabytes (ingredient thumbnails): more is refused. */
    static final int MAX_ANSWER_BYTES = 64 << 20;

    private final URI server;
    private final HttpClient client;
    private final Duration timeout;

    public ServerManifestLookup(URI server, HttpClient client, Duration timeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
            throw new IllegalArgumentException("--server must be an http:// or https:// URL, was " + server);
        }
    }

    /** A lookup with a fresh client and a 10-second timeout per request. */
    public static ServerManifestLookup of(URI server) {
        return new ServerManifestLookup(server, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), Duration.ofSeconds(10));
    }

    @Override
    public String name() {
        return "studio server " + server;
    }

    @Override
    public Optional<StoredManifest> byWatermark(Payload payload) {
        String base = server.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/v1/manifests/by-watermark/" + payload.hex());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404) {
                    return Optional.empty();
                }
                if (response.statusCode() != 200) {
                    throw new VerificationException(uri + " answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
                if (bytes.length > MAX_ANSWER_BYTES) {
                    throw new VerificationException(uri + " answered more than " + MAX_ANSWER_BYTES + " bytes");
                }
                return Optional.of(ManifestJson.read(bytes, name()));
            }
        } catch (IOException e) {
            throw new VerificationException("cannot reach " + uri + " (" + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerificationException("interrupted while asking " + uri, e);
        }
    }
}
