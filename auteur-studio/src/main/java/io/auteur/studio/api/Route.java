package io.auteur.studio.api;

import io.auteur.studio.access.Role;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;

/**
 * One API route: method, path (with {@code {name}} parameters), the least role that may call it (empty: public),
 * what it does (for the OpenAPI document), and its handler. The server registers exactly the routes of its table,
 * and the OpenAPI document lists exactly them.
 */
public record Route(HandlerType method, String path, Optional<Role> minimumRole, String summary, Action action) {
    /** A route's work, given the authenticated caller (if any). */
    @FunctionalInterface
    public interface Action {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    public static Route publicRoute(HandlerType method, String path, String summary, Action action) {
        return new Route(method, path, Optional.empty(), summary, action);
    }

    public static Route forRole(Role role, HandlerType method, String path, String summary, Action action) {
        return new Route(method, path, Optional.of(role), summary, action);
    }
}
