package io.auteur.studio.api;

import io.auteur.studio.access.ApiKey;
import java.util.Optional;

/**
 * Who sent a request: a key (through a bearer header or a session cookie), or no one on a public route.
 *
 * @param sessionToken the session cookie's token when the key came through one (then state changes need CSRF)
 * @param csrfToken    that session's CSRF token
 */
public record Caller(Optional<ApiKey> key, Optional<String> sessionToken, Optional<String> csrfToken) {
    public static final Caller ANONYMOUS = new Caller(Optional.empty(), Optional.empty(), Optional.empty());

    public ApiKey requireKey() {
        return key.orElseThrow(() -> ApiException.unauthorized("this needs an API key: send Authorization: Bearer "
                + "auteur_... or log in with POST /v1/session"));
    }
}
