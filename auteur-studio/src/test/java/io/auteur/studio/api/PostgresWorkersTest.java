package io.auteur.studio.api;

import static io.auteur.studio.api.StudioFixture.PROMPT;
import static io.auteur.studio.api.StudioFixture.json;
import static io.auteur.studio.api.StudioFixture.quick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.auteur.studio.db.Database;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Several nodes on a real PostgreSQL server: an API node and two {@code auteur worker} processes share the database
 * and the media folder; 20 generations are queued, and one worker is killed with SIGKILL in the middle of a job.
 * Every generation must still complete exactly once, with no partial or orphan file and no lost row.
 *
 * <p>The database is {@code AUTEUR_TEST_DATABASE_URL} (user and password {@code AUTEUR_TEST_DATABASE_USER} and
 * {@code AUTEUR_TEST_DATABASE_PASSWORD}), by default the {@code auteur_test} database and role on localhost that
 * {@code .ci/run} creates. Its public schema is emptied first.
 */
class PostgresWorkersTest {
    private static final int JOBS = 20;

    @Test
    void twentyJobsCompleteExactlyOnceWhenAWorkerIsKilledMidJob() throws Exception {
        String url = System.getenv().getOrDefault("AUTEUR_TEST_DATABASE_URL", "jdbc:postgresql://localhost:5432/auteur_test");
        String user = System.getenv().getOrDefault("AUTEUR_TEST_DATABASE_USER", "auteur_test");
        String password = System.getenv().getOrDefault("AUTEUR_TEST_DATABASE_PASSWORD", "auteur_test");
        emptyDatabase(url, user, password);
        Map<String, String> environment = Map.of(Database.URL_ENV, url, Database.USER_ENV, user, Database.PASSWORD_ENV, password);
        StudioFixture api = StudioFixture.start(environment, ServiceLimits.DEFAULT.withRate(6000, 1000), 0);
        Path media = api.server.settings().mediaRoot();
        // The nodes share one home: one watermark key and one signing credential, made here before any worker starts.
        api.server.settings().home().watermarkKey();
        api.server.settings().home().signer();
        List<Process> workers = new ArrayList<>();
        try {
            workers.add(worker(api, environment, "worker-1"));
            workers.add(worker(api, environment, "worker-2"));
            assertThat(json(api.send(api.request("/v1/health").GET())).path("database").asText()).isEqualTo("postgresql");
            List<String> ids = new ArrayList<>();
            for (int seed = 0; seed < JOBS; seed++) {
                HttpResponse<String> created = api.send(quick(PROMPT, Map.of("steps", "8", "seed", Integer.toString(seed)))
                        .post(api.request("/v1/generations", api.creator)));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
                ids.add(json(created).path("id").asText());
            }

            // With one job at a time per worker, two generations sampling at once means one of them is worker-1's.
            awaitRows(url, user, password, "status = 'running' AND step >= 1", 2, Duration.ofSeconds(120));
            workers.get(0).destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no clean-up
            assertThat(workers.get(0).exitValue()).as("killed by SIGKILL").isEqualTo(137);

            // JobRunr declares the dead worker's job orphaned after its server time-out; worker-2 runs it again.
            awaitRows(url, user, password, "status = 'succeeded'", JOBS, Duration.ofSeconds(240));

            try (Connection db = DriverManager.getConnection(url, user, password); Statement sql = db.createStatement()) {
                assertThat(count(sql, "SELECT count(*) FROM generations")).as("no lost or extra rows").isEqualTo(JOBS);
                assertThat(count(sql, "SELECT count(*) FROM generations WHERE attempts >= 2"))
                        .as("the killed worker's job was started again").isGreaterThanOrEqualTo(1);
                assertThat(count(sql, "SELECT count(DISTINCT result_sha256) FROM generations")).isEqualTo(JOBS);
                assertThat(states(sql)).as("JobRunr's jobs: each succeeded once, none left in another state")
                        .isEqualTo(Map.of("SUCCEEDED", (long) JOBS));
                Set<String> results = new java.util.HashSet<>();
                try (ResultSet rows = sql.executeQuery("SELECT result_sha256, result_bytes FROM generations")) {
                    while (rows.next()) {
                        String sha = rows.getString(1);
                        results.add(sha);
                        assertThat(storedFiles(media)).containsKey(sha);
                        assertThat(Files.size(storedFiles(media).get(sha))).isEqualTo(rows.getLong(2));
                        assertThat(sha256(storedFiles(media).get(sha))).as("the stored file is whole").isEqualTo(sha);
                    }
                }
                assertThat(storedFiles(media).keySet()).as("no orphan file in the store").isEqualTo(results);
            }
            try (Stream<Path> left = Files.walk(media.resolve("tmp"))) {
                assertThat(left.filter(path -> !path.equals(media.resolve("tmp"))).toList())
                        .as("no partial file or job folder left behind").isEmpty();
            }
            JsonNode report = json(api.get("/v1/generations/" + ids.get(0) + "/credentials", api.viewer));
            assertThat(report.path("verdict").asText()).isEqualTo("INTACT");
        } finally {
            for (Process worker : workers) {
                worker.destroyForcibly().waitFor();
            }
        }
    }

    /** An {@code auteur worker} process on the API node's home (its signing key), database and media folder. */
    private static Process worker(StudioFixture api, Map<String, String> environment, String name) throws IOException {
        Path log = api.home.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.auteur.studio.cli.AuteurCli", "worker", "--node", name, "--poll-seconds", "5",
                "--media", api.server.settings().mediaRoot().toString(),
                "--model", StudioFixture.MODEL.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> variables = builder.environment();
        variables.putAll(environment);
        variables.put("AUTEUR_HOME", api.home.toString());
        // Two workers share two cores: one PyTorch thread each, so neither starves the other.
        variables.put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    private static void emptyDatabase(String url, String user, String password) {
        try (Connection db = DriverManager.getConnection(url, user, password); Statement sql = db.createStatement()) {
            sql.execute("DROP SCHEMA public CASCADE");
            sql.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            fail("PostgreSQL is needed at " + url + " (user " + user + "); .ci/run installs and starts it and creates "
                    + "the auteur_test role and database, or set AUTEUR_TEST_DATABASE_URL: " + e.getMessage());
        }
    }

    private static void awaitRows(String url, String user, String password, String where, int atLeast, Duration limit)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            try (Connection db = DriverManager.getConnection(url, user, password); Statement sql = db.createStatement()) {
                seen = count(sql, "SELECT count(*) FROM generations WHERE " + where);
                if (seen >= atLeast) {
                    return;
                }
                long failed = count(sql, "SELECT count(*) FROM generations WHERE status = 'failed'");
                assertThat(failed).as("failed generations").isZero();
            }
            Thread.sleep(100);
        }
        fail("only " + seen + " generations with " + where + " after " + limit.toSeconds() + " s; wanted " + atLeast);
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, Long> states(Statement sql) throws SQLException {
        Map<String, Long> states = new TreeMap<>();
        try (ResultSet rows = sql.executeQuery("SELECT state, count(*) FROM jobrunr_jobs GROUP BY state")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getLong(2));
            }
        }
        return states;
    }

    /** The store's files by name (their SHA-256), outside its temp folder. */
    private static Map<String, Path> storedFiles(Path media) throws IOException {
        try (Stream<Path> files = Files.walk(media)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.startsWith(media.resolve("tmp")))
                    .collect(Collectors.toMap(file -> file.getFileName().toString(), file -> file));
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
