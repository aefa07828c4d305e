package io.auteur.provenance.c2pa.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * RFC 3161 time stamps in a COSE unprotected header ({@code sigTst} in C2PA 1.x, {@code sigTst2} in 2.x):
 * {@code {"tstTokens": [{"val": token}]}}. Only the time is read: the token's own signature and imprint are not
 * verified here.
 */
final class Timestamps {
    private Timestamps() {
    }

    static Optional<Instant> genTime(Map<String, Object> unprotected) {
        for (String key : List.of("sigTst2", "sigTst")) {
            if (unprotected.get(key) instanceof Map<?, ?> container && container.get("tstTokens") instanceof List<?> tokens) {
                for (Object token : tokens) {
                    if (token instanceof Map<?, ?> entry && entry.get("val") instanceof byte[] der) {
                        Optional<Instant> time = read(der);
                        if (time.isPresent()) {
                            return time;
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A TimeStampToken, or a whole TimeStampResp as c2pa-rs 1.x stored it. */
    private static Optional<Instant> read(byte[] der) {
        try {
            return Optional.of(new TimeStampToken(new CMSSignedData(der)).getTimeStampInfo().getGenTime().toInstant());
        } catch (Exception notAToken) {
            try {
                TimeStampToken token = new org.bouncycastle.tsp.TimeStampResponse(der).getTimeStampToken();
                return token == null ? Optional.empty() : Optional.of(token.getTimeStampInfo().getGenTime().toInstant());
            } catch (Exception unreadable) {
                // Not a readable token (it may be a placeholder): the signing time stays unknown.
                return Optional.empty();
            }
        }
    }
}
