package io.auteur.provenance.c2pa;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/** Gets an RFC 3161 time-stamp token for a SHA-256 digest from a time-stamping authority. */
@FunctionalInterface
public interface TimestampClient {
    /** The DER TimeStampToken for {@code sha256Digest}. */
    byte[] timestamp(URI authority, byte[] sha256Digest);

    /** Over HTTP, as RFC 3161 section 3.4 describes. */
    static TimestampClient http(Duration timeout) {
        return (authority, digest) -> {
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            TimeStampRequest request = generator.generate(NISTObjectIdentifiers.id_sha256, digest,
                    new BigInteger(63, new SecureRandom()));
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(authority).timeout(timeout)
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new C2paException(authority + ": time-stamping authority answered HTTP " + response.statusCode());
                }
                TimeStampResponse answer = new TimeStampResponse(response.body());
                answer.validate(request);
                if (answer.getTimeStampToken() == null) {
                    throw new C2paException(authority + ": time-stamping authority refused: " + answer.getStatusString());
                }
                return answer.getTimeStampToken().getEncoded();
            } catch (IOException | TSPException e) {
                throw new C2paException(authority + ": cannot get a time stamp (" + e.getMessage() + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new C2paException(authority + ": interrupted while getting a time stamp", e);
            }
        };
    }
}
