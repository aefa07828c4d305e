package io.auteur.studio.api;

import static io.auteur.studio.api.StudioFixture.PROMPT;
import static io.auteur.studio.api.StudioFixture.json;
import static io.auteur.studio.api.StudioFixture.quick;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.auteur.studio.access.ApiKeys;
import io.auteur.studio.home.AuteurHome;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may do what: keys and their roles, revocation, browser sessions with CSRF tokens, and the public routes. */
class AccessApiTest {
    private final StudioFixture studio = StudioFixture.shared();

    @Test
    void requestsWithoutAValidKeyOrWithTooSmallARoleAreRefused() {
        HttpResponse<String> none = studio.send(studio.request("/v1/generations").GET());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).contains(Problem.CONTENT_TYPE);
        assertThat(json(none).path("type").asText()).isEqualTo(Problem.TYPE_BASE + "unauthorized");
        assertThat(studio.get("/v1/generations", "auteur_" + "x".repeat(43)).statusCode()).isEqualTo(401);
        assertThat(studio.get("/v1/generations", "not-even-a-key").statusCode()).isEqualTo(401);

        HttpResponse<String> viewerCreates = studio.send(quick(PROMPT, Map.of()).post(studio.request("/v1/generations", studio.viewer)));
        assertThat(viewerCreates.statusCode()).isEqualTo(403);
        assertThat(json(viewerCreates).path("detail").asText()).contains("creator");
        assertThat(studio.get("/v1/keys", studio.creator).statusCode()).isEqualTo(403);
        assertThat(studio.get("/v1/generations", studio.viewer).statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminMakesAndRevokesKeysAndOnlyTheirHashesAreStored() throws Exception {
        HttpResponse<String> created = studio.send(studio.request("/v1/keys", studio.admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"robot\", \"role\": \"viewer\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = json(created);
        String secret = key.path("key").asText();
        assertThat(secret).matches("auteur_[A-Za-z0-9_-]{43}");
        assertThat(key.path("role").asText()).isEqualTo("viewer");
        assertThat(studio.get("/v1/generations", secret).statusCode()).isEqualTo(200);

        HttpResponse<String> list = studio.get("/v1/keys", studio.admin);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).path("items").findValuesAsText("name")).contains("robot", "test admin");
        assertThat(list.body()).doesNotContain(secret).doesNotContain(studio.admin);

        List<String> stored = new ArrayList<>();
        try (Connection connection = new AuteurHome(studio.home, Map.of()).database().dataSource().getConnection();
             Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT * FROM api_keys")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int c = 1; c <= columns; c++) {
                    stored.add(String.valueOf(rows.getObject(c)));
                }
            }
        }
        assertThat(stored).as("no secret in clear").noneMatch(value -> value.contains(secret) || value.contains(studio.admin));
        assertThat(stored).contains(ApiKeys.sha256(secret));

        HttpResponse<String> revoked = studio.send(studio.request("/v1/keys/" + key.path("id").asText(), studio.admin).DELETE());
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(studio.get("/v1/generations", secret).statusCode()).as("a revoked key").isEqualTo(401);
        assertThat(studio.send(studio.request("/v1/keys", studio.admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\", \"role\": \"boss\"}"))).statusCode()).isEqualTo(400);
    }

    @Test
    void aBrowserSessionNeedsItsCsrfTokenForChanges() {
        HttpResponse<String> login = studio.send(studio.request("/v1/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"" + studio.creator + "\"}")));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        JsonNode session = json(login);
        assertThat(session.path("role").asText()).isEqualTo("creator");
        assertThat(session.path("keyName").asText()).isEqualTo("test creator");
        String csrf = session.path("csrfToken").asText();
        assertThat(csrf).isNotBlank();
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(StudioApi.SESSION_COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> again = studio.send(studio.request("/v1/session").header("Cookie", cookie).GET());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("csrfToken").asText()).as("a reloaded page recovers its token").isEqualTo(csrf);

        HttpResponse<String> withoutToken = studio.send(quick(PROMPT, Map.of()).post(studio.request("/v1/generations")
                .header("Cookie", cookie)));
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(json(withoutToken).path("detail").asText()).contains(StudioApi.CSRF_HEADER);
        assertThat(studio.send(quick(PROMPT, Map.of()).post(studio.request("/v1/generations").header("Cookie", cookie)
                .header(StudioApi.CSRF_HEADER, "wrong"))).statusCode()).isEqualTo(403);
        HttpResponse<String> withToken = studio.send(quick(PROMPT, Map.of()).post(studio.request("/v1/generations")
                .header("Cookie", cookie).header(StudioApi.CSRF_HEADER, csrf)));
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(202);

        assertThat(studio.send(studio.request("/v1/session").header("Cookie", cookie).header(StudioApi.CSRF_HEADER, csrf)
                .DELETE()).statusCode()).isEqualTo(204);
        assertThat(studio.send(studio.request("/v1/session").header("Cookie", cookie).GET()).statusCode()).isEqualTo(401);
        assertThat(studio.send(studio.request("/v1/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"auteur_nope\"}"))).statusCode()).isEqualTo(401);
    }

    @Test
    void healthAndTheOpenApiDocumentArePublic() {
        HttpResponse<String> health = studio.send(studio.request("/v1/health").GET());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = json(health);
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("node").asText()).isEqualTo("test-node");
        assertThat(body.path("database").asText()).isEqualTo("h2");
        assertThat(body.path("workers").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(studio.send(studio.request("/v1/openapi.json").GET()).statusCode()).isEqualTo(200);
    }
}
