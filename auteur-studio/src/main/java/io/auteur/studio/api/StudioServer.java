package io.auteur.studio.api;

import io.auteur.studio.access.ApiKeys;
import io.auteur.studio.consent.ConsentRegistry;
import io.auteur.studio.db.Database;
import io.auteur.studio.generation.GenerationService;
import io.auteur.studio.jobs.GenerationJobHandler;
import io.auteur.studio.jobs.Generations;
import io.auteur.studio.jobs.JobSystem;
import io.auteur.studio.jobs.ModelCache;
import io.auteur.studio.ledger.Ledger;
import io.auteur.studio.media.MediaStore;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One studio node: the generation jobs (JobRunr on the studio database) and, unless it only works, the HTTP API
 * under /v1 with the web studio at /. Everything is built from {@link ServerSettings}; nothing is global, so tests
 * run several nodes in one process.
 */
public final class StudioServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StudioServer.class);
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final ServerSettings settings;
    private final ModelCache models;
    private final JobSystem jobs;
    private final Optional<Javalin> http;
    private final java.util.List<Route> routes;

    private StudioServer(ServerSettings settings, boolean serveHttp) {
        this.settings = settings;
        Database database = settings.home().database();
        MediaStore media = new MediaStore(settings.mediaRoot());
        Generations generations = new Generations(database.dataSource(), Clock.systemUTC());
        models = new ModelCache();
        GenerationService service = new GenerationService(settings.home(), settings.limits().mediaLimits());
        GenerationJobHandler handler = new GenerationJobHandler(generations, media, service, models, settings.modelDir());
        jobs = new JobSystem(database.dataSource(), handler, settings.workers(), settings.pollInterval(), settings.nodeName());
        if (serveHttp) {
            StudioApi api = new StudioApi(settings, new ApiKeys(database.dataSource(), Clock.systemUTC()), generations,
                    media, jobs, new ConsentRegistry(database.dataSource(), Clock.systemUTC()),
                    new Ledger(database.dataSource(), Clock.systemUTC()));
            routes = api.routes();
            http = Optional.of(javalin(api, media).start(settings.host(), settings.port()));
        } else {
            routes = java.util.List.of();
            http = Optional.empty();
        }
    }

    /** Starts a node that serves the API and the web studio, and runs jobs on its workers. */
    public static StudioServer serve(ServerSettings settings) {
        return new StudioServer(settings, true);
    }

    /** Starts a node that only runs jobs (several such nodes share a PostgreSQL database and a media path). */
    public static StudioServer work(ServerSettings settings) {
        return new StudioServer(settings, false);
    }

    /** The port the API listens on (the one chosen when the settings said 0). */
    public int port() {
        return http.map(Javalin::port).orElseThrow(() -> new IllegalStateException("this node serves no HTTP"));
    }

    public ServerSettings settings() {
        return settings;
    }

    /** The routes this node serves (none when it only works). */
    public java.util.List<Route> routes() {
        return routes;
    }

    private Javalin javalin(StudioApi api, MediaStore media) {
        ServiceLimits limits = settings.limits();
        RateLimiter rateLimiter = new RateLimiter(limits, Clock.systemUTC());
        ApiKeys keys = new ApiKeys(settings.home().database().dataSource(), Clock.systemUTC());
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = limits.maxJsonBytes();
            config.jetty.multipartConfig.maxFileSize(limits.maxFileBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(limits.maxRequestBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            config.jetty.multipartConfig.cacheDirectory(media.root().resolve("tmp").toString());
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ProblemErrorHandler()));
            serveWebStudio(config);
            config.router.mount(router -> {
                for (Route route : api.routes()) {
                    router.addHttpHandler(route.method(), route.path(), ctx -> guarded(route, ctx, keys, rateLimiter));
                }
            });
        });
        app.exception(Exception.class, (exception, ctx) -> problem(ctx, exception));
        for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 429, 500}) {
            app.error(status, "*", ctx -> {
                String type = Optional.ofNullable(ctx.res().getContentType()).orElse("");
                if (!type.startsWith(Problem.CONTENT_TYPE)) {
                    writeProblem(ctx, Problem.ofStatus(ctx.statusCode(), genericDetail(ctx.statusCode()), ctx.path()));
                }
            });
        }
        return app;
    }

    /** The web studio from the class path's web/ folder, when the build has one (the web module adds it). */
    private static void serveWebStudio(JavalinConfig config) {
        if (StudioServer.class.getResource("/web") == null) {
            LOG.warn("no web/ folder on the class path: the web studio is not served, only the API");
            return;
        }
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("X-Content-Type-Options", "nosniff", "Cache-Control", "no-cache");
        });
    }

    /**
     * Runs a route behind its guards: the caller's rate limit (per key, else per client address), then who the caller
     * is, then whether the route's role allows them, then CSRF for state changes made through a session cookie.
     */
    private static void guarded(Route route, Context ctx, ApiKeys keys, RateLimiter rateLimiter) throws Exception {
        String authorization = ctx.header("Authorization");
        String cookie = ctx.cookie(StudioApi.SESSION_COOKIE);
        String bucket = authorization != null ? "key:" + ApiKeys.sha256(authorization)
                : cookie != null ? "session:" + ApiKeys.sha256(cookie) : "ip:" + ctx.ip();
        Optional<Duration> wait = rateLimiter.take(bucket);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new ApiException(429, "too-many-requests", "Too many requests", "the rate limit of this key (or "
                    + "address) is exhausted; try again in " + seconds + " s", Map.of("Retry-After", Long.toString(seconds)));
        }
        Caller caller = caller(ctx, authorization, cookie, keys, route.minimumRole().isPresent());
        if (route.minimumRole().isPresent()) {
            var key = caller.requireKey();
            if (!key.role().includes(route.minimumRole().get())) {
                throw ApiException.forbidden("this needs the " + route.minimumRole().get().wireName() + " role; the key '"
                        + key.name() + "' is " + key.role().wireName());
            }
            if (caller.sessionToken().isPresent() && STATE_CHANGING.contains(ctx.method().name())) {
                String sent = ctx.header(StudioApi.CSRF_HEADER);
                if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                        caller.csrfToken().orElse("").getBytes(StandardCharsets.UTF_8))) {
                    throw new ApiException(403, "csrf", "CSRF token missing or wrong", "a change made through the "
                            + "session cookie must carry the " + StudioApi.CSRF_HEADER + " header from POST /v1/session "
                            + "or GET /v1/session");
                }
            }
        }
        route.action().handle(ctx, caller);
    }

    /** Who is calling: a bearer key wins over a session cookie. A bad key is refused only where a key is needed. */
    private static Caller caller(Context ctx, String authorization, String cookie, ApiKeys keys, boolean needed) {
        if (authorization != null) {
            String secret = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : "";
            Optional<io.auteur.studio.access.ApiKey> key = keys.authenticate(secret);
            if (key.isEmpty() && needed) {
                throw ApiException.unauthorized("the bearer key is not valid (unknown, revoked or malformed)");
            }
            return new Caller(key, Optional.empty(), Optional.empty());
        }
        if (cookie != null) {
            Optional<ApiKeys.Session> session = keys.session(cookie);
            if (session.isPresent()) {
                return new Caller(Optional.of(session.get().key()), Optional.of(cookie),
                        Optional.of(session.get().csrfToken()));
            }
            if (needed) {
                throw ApiException.unauthorized("the session has ended (logged out, expired, or its key revoked); log in again");
            }
        }
        return Caller.ANONYMOUS;
    }

    private static void problem(Context ctx, Exception exception) {
        Problem problem;
        if (exception instanceof ApiException api) {
            api.headers().forEach(ctx::header);
            problem = Problem.of(api, ctx.path());
        } else if (exception instanceof HttpResponseException http) {
            problem = Problem.ofStatus(http.getStatus(), genericDetail(http.getStatus()), ctx.path());
        } else if (isUploadTooLarge(exception)) {
            problem = Problem.ofStatus(413, "the upload is larger than this server takes (a file, or the request)", ctx.path());
        } else {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), exception);
            problem = Problem.ofStatus(500, "the server failed; the log has the details", ctx.path());
        }
        writeProblem(ctx, problem);
    }

    /** Jetty refuses a multipart upload beyond its caps with an IllegalStateException that says so. */
    private static boolean isUploadTooLarge(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            String message = Optional.ofNullable(cause.getMessage()).orElse("").toLowerCase(Locale.ROOT);
            if ((cause instanceof IllegalStateException || cause instanceof java.io.IOException)
                    && message.contains("exceed")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String genericDetail(int status) {
        return switch (status) {
            case 404 -> "no such route or resource";
            case 405 -> "this route does not take that method";
            case 413 -> "the request is too large";
            default -> "HTTP " + status;
        };
    }

    private static void writeProblem(Context ctx, Problem problem) {
        ctx.status(problem.status());
        ctx.contentType(Problem.CONTENT_TYPE);
        ctx.result(problem.toJson());
    }

    @Override
    public void close() {
        http.ifPresent(Javalin::stop);
        jobs.close();
        models.close();
    }
}
