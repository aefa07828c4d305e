package io.auteur.studio.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.provenance.verify.StoredManifest;
import io.auteur.provenance.verify.VerificationException;
import io.auteur.provenance.watermark.Payload;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The wire form of a stored manifest, as a studio server answers {@code GET /v1/manifests/by-watermark/{id}}:
 * {@code {"manifestLabel", "watermark" (16 hex digits or null), "contentSha256", "signedAt" (ISO-8601),
 * "manifestStore" (base64 of the JUMBF bytes)}}.
 */
public final class ManifestJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestJson() {}

    public static String write(StoredManifest manifest) {
        return node(manifest).toString();
    }

    public static ObjectNode node(StoredManifest manifest) {
        ObjectNode node = JSON.createObjectNode();
        node.put("manifestLabel", manifest.manifestLabel());
        node.put("watermark", manifest.watermark().map(Payload::hex).orElse(null));
        node.put("contentSha256", manifest.contentSha256());
        node.put("signedAt", manifest.signedAt().toString());
        node.put("manifestStore", Base64.getEncoder().encodeToString(manifest.manifestStore()));
        return node;
    }

    /** Parses an answer; {@code source} names where it came from, and is named when it is malformed. */
    public static StoredManifest read(byte[] json, String source) {
        try {
            JsonNode node = JSON.readTree(json);
            String watermark = text(node, "watermark", source, true);
            return new StoredManifest(text(node, "manifestLabel", source, false),
                    watermark == null ? Optional.empty() : Optional.of(Payload.fromHex(watermark)),
                    text(node, "contentSha256", source, false), Instant.parse(text(node, "signedAt", source, false)),
                    Base64.getDecoder().decode(text(node, "manifestStore", source, false)), source);
        } catch (IOException | RuntimeException e) {
            if (e instanceof VerificationException v) {
                throw v;
            }
            throw new VerificationException(source + " answered a malformed manifest record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String source, boolean optional) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            if (optional) {
                return null;
            }
            throw new VerificationException(source + " answered a manifest record without \"" + field + "\"");
        }
        return value.asText();
    }
}
