package io.auteur.bench;

import io.auteur.studio.access.ApiKeys;
import io.auteur.studio.access.Role;
import io.auteur.studio.api.ServerSettings;
import io.auteur.studio.api.ServiceLimits;
import io.auteur.studio.api.StudioServer;
import io.auteur.studio.db.Database;
import io.auteur.studio.home.AuteurHome;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The studio service on this machine, against real nodes started in-process (issue 8):
 *
 * <ol>
 *   <li>Status route latency under 500 concurrent connections: {@code GET /v1/health} (public) and an authenticated
 *   {@code GET /v1/generations/{id}} (a finished generation, with a viewer's bearer key), on the default single node
 *   (H2 database in its home, one worker). 500 clients on virtual threads, each holding its own HTTP/1.1 keep-alive
 *   {@link Socket} and sending requests back to back; a warm-up, then a timed window. The node's rate limit is raised
 *   far beyond the load, since all clients share one bucket (one client address, one key).</li>
 *   <li>Job throughput with 1 and with 2 workers: an API-only node in this process and 1 or 2 {@code auteur worker}
 *   processes ({@code OMP_NUM_THREADS=1} each, so two share two cores fairly) on a PostgreSQL database and one media
 *   folder; N generations of the bundled model (8 steps, no upscaling) queued through {@code POST /v1/generations},
 *   timed from the first POST to the last {@code finished_at}. Each worker runs warm-up jobs first, so the timed run
 *   excludes JVM start and model loading.</li>
 * </ol>
 *
 * <p>Usage: {@code ServiceBenchmark [clients=500] [seconds=10] [warmupSeconds=3] [jobs=12]}. The PostgreSQL database
 * is {@code AUTEUR_TEST_DATABASE_URL} (user {@code AUTEUR_TEST_DATABASE_USER}, password
 * {@code AUTEUR_TEST_DATABASE_PASSWORD}), by default {@code auteur_test} on localhost; its public schema is emptied
 * first. The model is {@code AUTEUR_MODELS/worlds-tiny}, else {@code models/worlds-tiny} under the working folder or
 * its parent.
 */
public final class ServiceBenchmark {
    private static final String PROMPT = "a red sphere bounces to the right on a checkered floor";
    /** Far beyond what 500 clients on two cores can send: the limiter is still consulted, never refuses. */
    private static final ServiceLimits BENCH_LIMITS = ServiceLimits.DEFAULT.withRate(100_000_000, 10_000_000);
    private static final Pattern SUCCEEDED = Pattern.compile("generation \\S+ succeeded: .* (\\d+) ms sampling");

    private ServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int jobs = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        Path model = model();
        List<String> latency = new ArrayList<>();
        List<String> throughput = new ArrayList<>();

        // 1. Status routes under load, on the default node (H2, one worker).
        Path home1 = Files.createTempDirectory("auteur-service-bench");
        AuteurHome auteurHome = new AuteurHome(home1, Map.of());
        ServerSettings settings = ServerSettings.defaults(auteurHome, model).withPort(0).withWorkers(1)
                .withNodeName("bench-node").withLimits(BENCH_LIMITS);
        try (StudioServer server = StudioServer.serve(settings)) {
            ApiKeys keys = new ApiKeys(auteurHome.database().dataSource(), Clock.systemUTC());
            String creator = keys.create("bench creator", Role.CREATOR).secret();
            String viewer = keys.create("bench viewer", Role.VIEWER).secret();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpClient http = HttpClient.newHttpClient();
            String id = postGeneration(http, base, creator, 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            String status = "";
            while (System.nanoTime() < deadline && !(status = statusOf(http, base, viewer, id)).equals("succeeded")) {
                if (status.equals("failed")) {
                    throw new IllegalStateException("the generation for the status route failed");
                }
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "node up on %s (H2, 1 worker); generation %s is %s%n", base, id, status);
            latency.add(load(server.port(), "/v1/health", null, clients, warmup, seconds)
                    .row("`GET /v1/health` (public)", clients));
            latency.add(load(server.port(), "/v1/generations/" + id, viewer, clients, warmup, seconds)
                    .row("`GET /v1/generations/{id}` (viewer key, a succeeded generation)", clients));
        }

        // 2. Job throughput: an API node here, 1 then 2 worker processes, on PostgreSQL.
        String url = System.getenv().getOrDefault("AUTEUR_TEST_DATABASE_URL", "jdbc:postgresql://localhost:5432/auteur_test");
        String user = System.getenv().getOrDefault("AUTEUR_TEST_DATABASE_USER", "auteur_test");
        String password = System.getenv().getOrDefault("AUTEUR_TEST_DATABASE_PASSWORD", "auteur_test");
        Map<String, String> environment = Map.of(Database.URL_ENV, url, Database.USER_ENV, user,
                Database.PASSWORD_ENV, password);
        double[] perMinute = new double[3];
        for (int workers = 1; workers <= 2; workers++) {
            Throughput result = throughput(url, user, password, environment, model, workers, jobs);
            perMinute[workers] = result.jobsPerMinute();
            throughput.add(String.format(Locale.ROOT, "| %d | %d | %.1f | **%.1f** | %s | %.0f |", workers, jobs,
                    result.seconds(), result.jobsPerMinute(), result.perWorker(), result.medianSamplingMillis()));
        }

        System.out.println();
        System.out.println("| route (HTTP/1.1 keep-alive, one connection per client) | connections | requests/s | p50 ms | p99 ms | max ms | errors |");
        System.out.println("|---|---|---|---|---|---|---|");
        latency.forEach(System.out::println);
        System.out.println();
        System.out.println("| worker processes | generations | seconds | jobs/min | jobs per worker | median sampling ms a job |");
        System.out.println("|---|---|---|---|---|---|");
        throughput.forEach(System.out::println);
        System.out.println();
        System.out.printf(Locale.ROOT, "2 workers / 1 worker: **%.2fx** jobs/min%n", perMinute[2] / perMinute[1]);
        System.out.printf(Locale.ROOT, "Rate limit raised to %d requests/min, burst %d, for the benchmark (default %d/min, "
                        + "burst %d): all clients share one bucket.%n", BENCH_LIMITS.requestsPerMinute(), BENCH_LIMITS.burst(),
                ServiceLimits.DEFAULT.requestsPerMinute(), ServiceLimits.DEFAULT.burst());
        System.out.flush();
        // JobRunr, Jetty and Hikari leave threads behind that exec:java would wait for.
        System.exit(0);
    }

    // ---- 1. status routes under load

    /** What a load run measured in its timed window. */
    private record Load(long requests, long errors, double seconds, long[] nanos) {
        String row(String what, int clients) {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.1f | %d |", what, clients,
                    requests / seconds, percentile(0.50) / 1e6, percentile(0.99) / 1e6,
                    nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6, errors);
        }

        double percentile(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            return nanos[(int) Math.min(nanos.length - 1, Math.ceil(p * nanos.length) - 1)];
        }
    }

    /**
     * {@code clients} connections, each on its own virtual thread sending {@code GET path} back to back for the warm-up
     * and the timed window; only requests started and finished inside the window count.
     */
    private static Load load(int port, String path, String key, int clients, int warmupSeconds, int seconds)
            throws InterruptedException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/json\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        long windowStart = start + Duration.ofSeconds(warmupSeconds).toNanos();
        long windowEnd = windowStart + Duration.ofSeconds(seconds).toNanos();
        long[][] samples = new long[clients][];
        AtomicLong errors = new AtomicLong();
        AtomicLong connectFailures = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread.ofVirtual().name("bench-client-" + c).start(() -> {
                long[] mine = new long[1024];
                int count = 0;
                try (Socket socket = connect(port, windowStart)) {
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
                    while (true) {
                        long sent = System.nanoTime();
                        if (sent >= windowEnd) {
                            break;
                        }
                        out.write(request);
                        out.flush();
                        int status = readResponse(in);
                        long received = System.nanoTime();
                        if (status == 200 && received >= windowStart && received <= windowEnd) {
                            completed.incrementAndGet();
                        }
                        boolean inWindow = sent >= windowStart && received <= windowEnd;
                        if (status != 200) {
                            if (inWindow) {
                                errors.incrementAndGet();
                            }
                            continue;
                        }
                        if (inWindow) {
                            if (count == mine.length) {
                                mine = Arrays.copyOf(mine, count * 2);
                            }
                            mine[count++] = received - sent;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    connectFailures.incrementAndGet();
                } finally {
                    samples[client] = Arrays.copyOf(mine, count);
                    done.countDown();
                }
            });
        }
        done.await();
        long total = 0;
        for (long[] s : samples) {
            total += s.length;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] s : samples) {
            System.arraycopy(s, 0, all, at, s.length);
            at += s.length;
        }
        Arrays.sort(all);
        if (connectFailures.get() > 0) {
            System.out.printf("%s: %d clients lost their connection%n", path, connectFailures.get());
        }
        Load load = new Load(completed.get(), errors.get() + connectFailures.get(), seconds, all);
        System.out.printf(Locale.ROOT, "%s: %d responses in %d s (%d timed), p50 %.2f ms, p99 %.2f ms%n", path,
                completed.get(), seconds, total,
                load.percentile(0.5) / 1e6, load.percentile(0.99) / 1e6);
        return load;
    }

    /** Connects, retrying while the accept queue overflows under 500 simultaneous connects (until the window). */
    private static Socket connect(int port, long until) throws IOException {
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                return socket;
            } catch (IOException e) {
                socket.close();
                if (System.nanoTime() > until) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            while (true) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                long chunk = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (chunk == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                skip(in, chunk);
                line(in);
            }
        } else if (length > 0) {
            skip(in, length);
        } else if (length < 0) {
            throw new IOException("a response without a length on a keep-alive connection");
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() == -1) {
                    throw new IOException("connection closed in a body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    // ---- 2. job throughput

    private record Throughput(int jobs, double seconds, double medianSamplingMillis, String perWorker) {
        double jobsPerMinute() {
            return jobs * 60.0 / seconds;
        }
    }

    private static Throughput throughput(String url, String user, String password, Map<String, String> environment,
                                         Path model, int workerCount, int jobs) throws Exception {
        emptyDatabase(url, user, password);
        Path home = Files.createTempDirectory("auteur-service-bench-pg");
        AuteurHome auteurHome = new AuteurHome(home, environment);
        ServerSettings settings = ServerSettings.defaults(auteurHome, model).withPort(0).withWorkers(0)
                .withNodeName("bench-api").withLimits(BENCH_LIMITS);
        List<Process> workers = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try (StudioServer api = StudioServer.serve(settings)) {
            // The nodes share one home: one watermark key and one signing credential, made before any worker starts.
            auteurHome.watermarkKey();
            auteurHome.signer();
            String creator = new ApiKeys(auteurHome.database().dataSource(), Clock.systemUTC())
                    .create("bench creator", Role.CREATOR).secret();
            URI base = URI.create("http://127.0.0.1:" + api.port());
            HttpClient http = HttpClient.newHttpClient();
            for (int w = 1; w <= workerCount; w++) {
                Path log = home.resolve("worker-" + w + ".log");
                logs.add(log);
                workers.add(worker(home, environment, settings.mediaRoot(), model, "bench-worker-" + w, log));
            }
            awaitWorkers(http, base, workerCount);

            // Warm-up: every worker loads PyTorch and the model on its first job; go on until each has run one.
            int seed = 1000;
            for (int round = 0; round < 5 && !logs.stream().allMatch(log -> succeededIn(log).size() > 0); round++) {
                List<String> warm = new ArrayList<>();
                for (int i = 0; i < 2 * workerCount; i++) {
                    warm.add(postGeneration(http, base, creator, seed++));
                }
                awaitSucceeded(url, user, password, warm, Duration.ofSeconds(300));
            }
            Thread.sleep(1000); // a worker logs its job's end just after it writes the row
            int[] before = logs.stream().mapToInt(log -> succeededIn(log).size()).toArray();

            List<String> ids = new ArrayList<>();
            Instant started = Instant.now();
            for (int j = 0; j < jobs; j++) {
                ids.add(postGeneration(http, base, creator, j));
            }
            Instant finished = awaitSucceeded(url, user, password, ids, Duration.ofSeconds(600));
            double seconds = Duration.between(started, finished).toNanos() / 1e9;
            Thread.sleep(1000);

            List<Integer> sampling = new ArrayList<>();
            StringBuilder perWorker = new StringBuilder();
            for (int w = 0; w < workerCount; w++) {
                List<Integer> done = succeededIn(logs.get(w));
                List<Integer> timed = done.subList(before[w], done.size());
                sampling.addAll(timed);
                perWorker.append(w == 0 ? "" : " + ").append(timed.size());
            }
            perWorker.append(" jobs");
            sampling.sort(null);
            double median = sampling.isEmpty() ? Double.NaN : sampling.get(sampling.size() / 2);
            System.out.printf(Locale.ROOT, "%d worker(s): %d generations in %.1f s (%s)%n", workerCount, jobs, seconds, perWorker);
            return new Throughput(jobs, seconds, median, perWorker.toString());
        } finally {
            for (Process worker : workers) {
                worker.destroy();
            }
            for (Process worker : workers) {
                if (!worker.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    worker.destroyForcibly().waitFor();
                }
            }
            // The home keeps its database open for the process's life: close it, so the next run finds no one on it.
            auteurHome.database().close();
            System.out.println("worker logs: " + logs);
        }
    }

    /** An {@code auteur worker} process on the API node's home, database and media folder, with one PyTorch thread. */
    private static Process worker(Path home, Map<String, String> environment, Path media, Path model, String name, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath(),
                "io.auteur.studio.cli.AuteurCli", "worker", "--node", name, "--poll-seconds", "5",
                "--media", media.toString(), "--model", model.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> variables = builder.environment();
        variables.putAll(environment);
        variables.put("AUTEUR_HOME", home.toString());
        variables.put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    /** This program's class path: exec:java's class loader, else the JVM's. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
            ServiceBenchmark.class.getClassLoader()}) {
            if (loader instanceof URLClassLoader urls && entries.isEmpty()) {
                for (URL entry : urls.getURLs()) {
                    try {
                        entries.add(Path.of(entry.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: skip
                    }
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path") : String.join(java.io.File.pathSeparator, entries);
    }

    private static void awaitWorkers(HttpClient http, URI base, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        Pattern workers = Pattern.compile("\"workers\"\\s*:\\s*(\\d+)");
        while (System.nanoTime() < deadline) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = workers.matcher(health.body());
            if (m.find() && Integer.parseInt(m.group(1)) >= count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(count + " workers did not announce themselves in 180 s");
    }

    /** Sampling milliseconds of each generation a worker's log says it finished, in order. */
    private static List<Integer> succeededIn(Path log) {
        List<Integer> millis = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher m = SUCCEEDED.matcher(line);
                if (m.find()) {
                    millis.add(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // not written yet
        }
        return millis;
    }

    /** Waits until every generation in {@code ids} succeeded; returns the last one's finished_at. */
    private static Instant awaitSucceeded(String url, String user, String password, List<String> ids, Duration limit)
            throws Exception {
        String in = "'" + String.join("','", ids) + "'";
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection db = DriverManager.getConnection(url, user, password); Statement sql = db.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = sql.executeQuery("SELECT count(*) FILTER (WHERE status = 'succeeded'), "
                        + "count(*) FILTER (WHERE status = 'failed'), max(finished_at) FROM generations WHERE id IN (" + in + ")")) {
                    rows.next();
                    if (rows.getLong(2) > 0) {
                        throw new IllegalStateException(rows.getLong(2) + " generations failed");
                    }
                    if (rows.getLong(1) == ids.size()) {
                        Timestamp last = rows.getTimestamp(3);
                        return last.toInstant();
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the generations did not all succeed in " + limit.toSeconds() + " s");
    }

    private static void emptyDatabase(String url, String user, String password) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection db = DriverManager.getConnection(url, user, password); Statement sql = db.createStatement()) {
            // Another run (a test) on the same database would be wrecked by emptying it: wait for it to go.
            while (true) {
                long others;
                try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND pid <> pg_backend_pid()")) {
                    rows.next();
                    others = rows.getLong(1);
                }
                if (others == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(others + " other connections to " + url + " for 60 s; is a test using it?");
                }
                Thread.sleep(1000);
            }
            sql.execute("DROP SCHEMA public CASCADE");
            sql.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed at " + url + " (user " + user + "): " + e.getMessage(), e);
        }
    }

    // ---- shared

    private static Path model() {
        String models = System.getenv("AUTEUR_MODELS");
        for (Path candidate : models != null ? List.of(Path.of(models, "worlds-tiny"))
                : List.of(Path.of("models", "worlds-tiny"), Path.of("..", "models", "worlds-tiny"))) {
            if (Files.isRegularFile(candidate.resolve("config.json"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no models/worlds-tiny here or in the parent folder; set AUTEUR_MODELS");
    }

    /** Queues the bundled model at 8 steps, no upscaling; returns the generation's id. */
    private static String postGeneration(HttpClient http, URI base, String key, int seed) throws Exception {
        String boundary = "auteur-bench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : Map.of("prompt", PROMPT, "steps", "8", "upscale", "none",
                "seed", Integer.toString(seed)).entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/v1/generations"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 202) {
            throw new IllegalStateException("POST /v1/generations: " + created.statusCode() + " " + created.body());
        }
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(created.body());
        if (!id.find()) {
            throw new IllegalStateException("no id in " + created.body());
        }
        return id.group(1);
    }

    private static String statusOf(HttpClient http, URI base, String key, String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/generations/" + id))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        Matcher status = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"").matcher(response.body());
        return status.find() ? status.group(1) : "";
    }
}
