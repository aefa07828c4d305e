package io.auteur.studio.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.engine.GenerationException;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.Tokenizer;
import io.auteur.engine.VideoModel;
import io.auteur.media.MediaException;
import io.auteur.media.MediaInfo;
import io.auteur.media.Video;
import io.auteur.previs.caption.Vocabulary;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.TrustAnchors;
import io.auteur.provenance.verify.StoredManifest;
import io.auteur.provenance.verify.VerificationFormat;
import io.auteur.provenance.verify.Verifier;
import io.auteur.provenance.watermark.Payload;
import io.auteur.studio.access.ApiKey;
import io.auteur.studio.access.ApiKeys;
import io.auteur.studio.access.Role;
import io.auteur.studio.consent.Asset;
import io.auteur.studio.consent.ConsentException;
import io.auteur.studio.consent.ConsentRegistry;
import io.auteur.studio.consent.Contribution;
import io.auteur.studio.consent.Contributor;
import io.auteur.studio.consent.Hashes;
import io.auteur.studio.consent.Scope;
import io.auteur.studio.generation.GenerationOrder;
import io.auteur.studio.jobs.GenerationRecord;
import io.auteur.studio.jobs.GenerationRequest;
import io.auteur.studio.jobs.Generations;
import io.auteur.studio.jobs.JobSystem;
import io.auteur.studio.ledger.Ledger;
import io.auteur.studio.ledger.Statement;
import io.auteur.studio.media.MediaStore;
import io.auteur.studio.media.MediaType;
import io.auteur.studio.verify.ManifestJson;
import io.auteur.studio.verify.ManifestRepository;
import io.auteur.studio.verify.StudioVerifier;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.UploadedFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The studio's HTTP API (the contract in docs: {@code /v1/...}): its route table and the handlers behind it.
 * Everything a handler refuses is an {@link ApiException}, which the server turns into an RFC 9457 problem.
 */
public final class StudioApi {
    public static final String SESSION_COOKIE = "auteur_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WATERMARK_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SHA256_PREFIX = Pattern.compile("[0-9a-f]{8,64}");
    private static final String DEFAULT_REVOCATION_REASON = "revoked by the contributor";
    /** How often the event stream reads a generation's row, and how long it follows one at most. */
    private static final Duration EVENT_POLL = Duration.ofMillis(200);
    private static final Duration EVENT_STREAM_LIMIT = Duration.ofHours(1);
    private static final int MAX_LIST = 200;

    private static final Set<MediaType> PICTURES = Set.of(MediaType.PNG, MediaType.JPEG);
    private static final Set<MediaType> CLIPS = Set.of(MediaType.MP4, MediaType.QUICKTIME, MediaType.MATROSKA);
    private static final Map<String, Set<MediaType>> ACCEPTED_INPUTS = Map.of(
            "image", PICTURES, "lastImage", PICTURES, "video", CLIPS, "control", CLIPS, "extend", CLIPS,
            "mask", Set.of(MediaType.PNG, MediaType.JPEG, MediaType.MP4, MediaType.QUICKTIME, MediaType.MATROSKA));

    private final ServerSettings settings;
    private final ApiKeys keys;
    private final Generations generations;
    private final MediaStore media;
    private final JobSystem jobs;
    private final ConsentRegistry registry;
    private final Ledger ledger;
    private final C2pa c2pa;
    private final Tokenizer vocabulary;
    private final int maxPromptWords;
    private final List<Route> routes;

    public StudioApi(ServerSettings settings, ApiKeys keys, Generations generations, MediaStore media, JobSystem jobs,
                     ConsentRegistry registry, Ledger ledger) {
        this.settings = settings;
        this.keys = keys;
        this.generations = generations;
        this.media = media;
        this.jobs = jobs;
        this.registry = registry;
        this.ledger = ledger;
        this.c2pa = C2pa.withDefaults().withLimits(settings.limits().mediaLimits());
        this.vocabulary = Tokenizer.read(settings.modelDir().resolve(VideoModel.TOKENIZER));
        this.maxPromptWords = ModelConfig.read(settings.modelDir().resolve(VideoModel.CONFIG)).text().maxTokens();
        this.routes = List.of(
                Route.publicRoute(HandlerType.GET, "/v1/health", "Whether this node is up, its database and the job workers", this::health),
                Route.publicRoute(HandlerType.GET, "/v1/openapi.json", "This document", this::openApi),
                Route.publicRoute(HandlerType.POST, "/v1/session", "Log a browser in with a key; sets the session cookie", this::login),
                Route.forRole(Role.VIEWER, HandlerType.GET, "/v1/session", "The logged-in key and its CSRF token", this::session),
                Route.forRole(Role.VIEWER, HandlerType.DELETE, "/v1/session", "Log out", this::logout),
                Route.forRole(Role.CREATOR, HandlerType.POST, "/v1/generations", "Queue a generation (multipart form)", this::createGeneration),
                Route.forRole(Role.VIEWER, HandlerType.GET, "/v1/generations", "List and search generations, newest first", this::listGenerations),
                Route.forRole(Role.VIEWER, HandlerType.GET, "/v1/generations/{id}", "One generation", this::getGeneration),
                Route.forRole(Role.VIEWER, HandlerType.GET, "/v1/generations/{id}/events", "Progress as server-sent events", this::events),
                Route.forRole(Role.VIEWER, HandlerType.GET, "/v1/generations/{id}/result", "The generated file (HTTP Range supported)", this::result),
                Route.forRole(Role.VIEWER, HandlerType.GET, "/v1/generations/{id}/credentials", "The verification report of the result", this::credentials),
                Route.publicRoute(HandlerType.POST, "/v1/verify", "Verify an uploaded file (multipart field 'file')", this::verify),
                Route.publicRoute(HandlerType.GET, "/v1/manifests/by-watermark/{watermarkId}", "Manifests recorded for a watermark", this::manifestsByWatermark),
                Route.forRole(Role.ADMIN, HandlerType.POST, "/v1/keys", "Create an API key (shown once)", this::createKey),
                Route.forRole(Role.ADMIN, HandlerType.GET, "/v1/keys", "List API keys (never their secrets)", this::listKeys),
                Route.forRole(Role.ADMIN, HandlerType.DELETE, "/v1/keys/{id}", "Revoke an API key", this::revokeKey),
                consentRoute(HandlerType.POST, "/v1/contributors", "Add a contributor, or update one's name or payout reference (JSON)", this::saveContributor),
                consentRoute(HandlerType.GET, "/v1/contributors", "List contributors", this::listContributors),
                consentRoute(HandlerType.GET, "/v1/contributors/{id}", "A contributor with their assets and consents", this::getContributor),
                consentRoute(HandlerType.GET, "/v1/contributors/{id}/statement", "A contributor's ledger statement (JSON, or ?format=csv)", this::statement),
                consentRoute(HandlerType.POST, "/v1/assets", "Register a contributed file and grant consent scopes (multipart form)", this::registerAsset),
                consentRoute(HandlerType.GET, "/v1/assets", "List registered assets (?contributor=ID)", this::listAssets),
                consentRoute(HandlerType.GET, "/v1/assets/{sha256}", "An asset (SHA-256 or 8+ digit prefix) with its consent history and the models trained on it", this::getAsset),
                consentRoute(HandlerType.POST, "/v1/assets/{sha256}/revocations", "Revoke an asset's consent (every scope, or one); marks the models trained on it for retraining", this::revoke));
    }

    public List<Route> routes() {
        return routes;
    }

    /** A list response: {@code items} and the {@code total} they are part of. */
    private static <T> ObjectNode listJson(List<T> items, java.util.function.Function<T, ? extends JsonNode> json,
                                           long total) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("items");
        items.forEach(item -> array.add(json.apply(item)));
        body.put("total", total);
        return body;
    }

    // ---- health and documentation

    private void health(Context ctx, Caller caller) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", "ok");
        body.put("node", settings.nodeName());
        String url = settings.home().database().url();
        body.put("database", url.startsWith("jdbc:postgresql:") ? "postgresql" : url.startsWith("jdbc:h2:") ? "h2" : "other");
        body.put("workers", jobs.workers());
        json(ctx, 200, body);
    }

    private void openApi(Context ctx, Caller caller) {
        json(ctx, 200, OpenApiDocument.of(routes));
    }

    // ---- sessions

    private void login(Context ctx, Caller caller) {
        JsonNode body = jsonBody(ctx);
        String secret = body.path("key").asText("");
        ApiKey key = keys.authenticate(secret).orElseThrow(() -> ApiException.unauthorized("that key is not valid "
                + "(unknown, revoked or malformed)"));
        ApiKeys.OpenedSession opened = keys.openSession(key);
        ctx.header("Set-Cookie", SESSION_COOKIE + "=" + opened.cookieToken() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + ApiKeys.SESSION_LIFETIME.toSeconds() + (ctx.scheme().equals("https") ? "; Secure" : ""));
        json(ctx, 200, sessionJson(key, Optional.of(opened.session().csrfToken())));
    }

    private void session(Context ctx, Caller caller) {
        json(ctx, 200, sessionJson(caller.requireKey(), caller.csrfToken()));
    }

    private void logout(Context ctx, Caller caller) {
        caller.sessionToken().ifPresent(keys::closeSession);
        ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.status(204);
    }

    private static ObjectNode sessionJson(ApiKey key, Optional<String> csrf) {
        ObjectNode body = JSON.createObjectNode();
        body.put("role", key.role().wireName());
        body.put("keyName", key.name());
        body.put("csrfToken", csrf.orElse(null));
        return body;
    }

    // ---- generations

    private void createGeneration(Context ctx, Caller caller) throws IOException {
        requireMultipart(ctx);
        UUID id = UUID.randomUUID();
        Map<String, UploadedFile> files = uploads(ctx, GenerationRequest.INPUT_ROLES);
        GenerationRequest request = generationRequest(ctx, Map.of());
        // Check the order (combinations, limits, vocabulary) before storing a byte of the uploads.
        checkOrder(request, files.keySet(), id);
        Map<String, String> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, UploadedFile> file : files.entrySet()) {
            inputs.put(file.getKey(), storeUpload(file.getKey(), file.getValue(), ACCEPTED_INPUTS.get(file.getKey())));
        }
        GenerationRequest stored = new GenerationRequest(request.prompt(), request.negative(), request.seconds(),
                request.seed(), request.steps(), request.guidance(), request.sampler(), request.upscale(),
                request.visibleLabel(), request.format(), request.outpaint(), request.controlKind(), request.strength(),
                inputs);
        GenerationOrder order = stored.toOrder(id, role -> Path.of(role), Path.of("."));
        GenerationRecord record = generations.create(id, stored, order.mode(), caller.key().map(ApiKey::id));
        try {
            jobs.enqueue(id);
        } catch (RuntimeException e) {
            // Without its job the row would stay queued forever: say what happened instead.
            generations.fail(id, "the generation could not be queued; try again");
            throw e;
        }
        ctx.header("Location", "/v1/generations/" + id);
        json(ctx, 202, generationJson(record));
    }

    /** The options of a generation from the form fields, with defaults as {@code auteur generate} has them. */
    private GenerationRequest generationRequest(Context ctx, Map<String, String> inputs) {
        String prompt = ctx.formParam("prompt");
        if (prompt == null || prompt.isBlank()) {
            throw ApiException.badRequest("the form field 'prompt' is required: what to generate, in the previs language");
        }
        if (prompt.length() > 2000) {
            throw ApiException.badRequest("the prompt is " + prompt.length() + " characters; at most 2000");
        }
        String format = Optional.ofNullable(ctx.formParam("format")).orElse("mp4").toLowerCase(Locale.ROOT);
        if (!format.equals("mp4") && !format.equals("png")) {
            throw ApiException.badRequest("format must be mp4 or png, was '" + format + "'");
        }
        String visibleLabel = Optional.ofNullable(ctx.formParam("visibleLabel")).orElse("false");
        if (!visibleLabel.equals("true") && !visibleLabel.equals("false")) {
            throw ApiException.badRequest("visibleLabel must be true or false, was '" + visibleLabel + "'");
        }
        String seconds = ctx.formParam("seconds");
        return new GenerationRequest(prompt, Optional.ofNullable(ctx.formParam("negative")).orElse(""),
                seconds == null || seconds.isBlank() ? null : number(seconds, "seconds"),
                (long) wholeNumber(ctx.formParam("seed"), "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE),
                (int) wholeNumber(ctx.formParam("steps"), "steps", 24, 1, settings.limits().maxSteps()),
                Optional.ofNullable(ctx.formParam("guidance")).map(text -> number(text, "guidance")).orElse(3.0),
                Optional.ofNullable(ctx.formParam("sampler")).orElse("euler"),
                Optional.ofNullable(ctx.formParam("upscale")).orElse("auto"),
                visibleLabel.equals("true"), format, blankToNull(ctx.formParam("outpaint")),
                blankToNull(ctx.formParam("controlKind")),
                Optional.ofNullable(blankToNull(ctx.formParam("strength"))).map(text -> number(text, "strength"))
                        .orElse(null), inputs);
    }

    private void checkOrder(GenerationRequest request, Set<String> roles, UUID id) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        roles.forEach(role -> placeholders.put(role, "0".repeat(64)));
        GenerationRequest probe = new GenerationRequest(request.prompt(), request.negative(), request.seconds(),
                request.seed(), request.steps(), request.guidance(), request.sampler(), request.upscale(),
                request.visibleLabel(), request.format(), request.outpaint(), request.controlKind(), request.strength(),
                placeholders);
        try {
            probe.toOrder(id, role -> Path.of(role), Path.of("."));
        } catch (GenerationException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (request.seconds() != null && request.seconds() > settings.limits().maxSeconds()) {
            throw ApiException.badRequest("seconds must be at most " + settings.limits().maxSeconds() + " on this "
                    + "server, was " + request.seconds());
        }
        String upscale = request.upscale().toLowerCase(Locale.ROOT);
        if (!upscale.equals("auto") && !upscale.equals("none")) {
            for (String side : upscale.split("x")) {
                if (Integer.parseInt(side.strip()) > settings.limits().maxSide()) {
                    throw ApiException.badRequest("upscale sides must be at most " + settings.limits().maxSide()
                            + " pixels on this server, was " + request.upscale());
                }
            }
        }
        for (String[] text : new String[][] {{"prompt", request.prompt()}, {"negative prompt", request.negative()}}) {
            Tokenizer.tooLong(text[0], text[1], maxPromptWords).ifPresent(reason -> {
                throw new ApiException(400, "prompt-too-long", "Prompt too long", reason);
            });
        }
        List<String> unknown = vocabulary.unknownWords(request.prompt() + " " + request.negative());
        if (!unknown.isEmpty()) {
            String word = unknown.get(0);
            List<String> nearest = vocabulary.words().stream().skip(2)
                    .sorted(Comparator.comparingInt((String w) -> Vocabulary.editDistance(w, word)).thenComparing(w -> w))
                    .limit(3).toList();
            throw new ApiException(400, "unknown-words", "Unknown words in the prompt", "the model does not know "
                    + "the word '" + word + "'" + (nearest.isEmpty() ? "" : "; did you mean " + String.join(", ", nearest) + "?")
                    + (unknown.size() > 1 ? " (unknown: " + String.join(", ", unknown) + ")" : ""));
        }
    }

    private void listGenerations(Context ctx, Caller caller) {
        Optional<GenerationRecord.Status> status = Optional.ofNullable(blankToNull(ctx.queryParam("status"))).map(text -> {
            try {
                return GenerationRecord.Status.parse(text);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status must be queued, running, succeeded or failed, was '" + text + "'");
            }
        });
        int limit = (int) wholeNumber(ctx.queryParam("limit"), "limit", 50, 1, MAX_LIST);
        int offset = (int) wholeNumber(ctx.queryParam("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        Generations.Page page = generations.list(Optional.ofNullable(ctx.queryParam("q")), status, limit, offset);
        json(ctx, 200, listJson(page.items(), StudioApi::generationJson, page.total()));
    }

    private void getGeneration(Context ctx, Caller caller) {
        json(ctx, 200, generationJson(generation(ctx)));
    }

    /**
     * Server-sent events from the generation's row: a {@code progress} event whenever its step changes, then one
     * {@code succeeded} or {@code failed}, then the stream ends. Reading the row (not this node's memory) is what lets
     * any node serve the stream of a job another node runs.
     */
    private void events(Context ctx, Caller caller) throws IOException, InterruptedException {
        UUID id = generation(ctx).id();
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        Instant deadline = Instant.now().plus(EVENT_STREAM_LIMIT);
        int lastStep = -1, lastSteps = -1;
        boolean followed = false; // a client that connects after the end gets only the final event
        while (Instant.now().isBefore(deadline)) {
            GenerationRecord record = generations.find(id).orElseThrow();
            if (record.status() == GenerationRecord.Status.RUNNING && (record.step() != lastStep || record.steps() != lastSteps)) {
                lastStep = record.step();
                lastSteps = record.steps();
                ObjectNode progress = JSON.createObjectNode();
                progress.put("step", record.step());
                progress.put("steps", record.steps());
                send(out, "progress", progress);
            }
            if (record.status() == GenerationRecord.Status.SUCCEEDED) {
                if (followed && lastStep != record.steps()) {
                    ObjectNode progress = JSON.createObjectNode();
                    progress.put("step", record.steps());
                    progress.put("steps", record.steps());
                    send(out, "progress", progress);
                }
                send(out, "succeeded", generationJson(record));
                return;
            }
            if (record.status() == GenerationRecord.Status.FAILED) {
                send(out, "failed", new Problem("generation-failed", "Generation failed", 422,
                        record.error().orElse("the generation failed"), "/v1/generations/" + id).toJsonNode());
                return;
            }
            followed = true;
            Thread.sleep(EVENT_POLL);
        }
    }

    private static void send(OutputStream out, String event, JsonNode data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void result(Context ctx, Caller caller) throws IOException {
        GenerationRecord record = generation(ctx);
        GenerationRecord.Result result = finishedResult(record);
        Path file = media.find(result.sha256()).orElseThrow(() -> new IllegalStateException("generation "
                + record.id() + " lists result " + result.sha256() + " but the media store has no such file"));
        String extension = result.contentType().equals("image/png") ? "png" : "mp4";
        ctx.header("Content-Disposition", "inline; filename=\"auteur-" + record.id() + "." + extension + "\"");
        ctx.header("ETag", "\"" + result.sha256() + "\"");
        ctx.header("Cache-Control", "private, max-age=31536000, immutable");
        ByteRange.write(ctx, file, result.contentType(), result.sizeBytes());
    }

    private void credentials(Context ctx, Caller caller) throws IOException {
        GenerationRecord record = generation(ctx);
        GenerationRecord.Result result = finishedResult(record);
        Path stored = media.find(result.sha256()).orElseThrow(() -> ApiException.notFound("the result of "
                + record.id() + " is no longer stored"));
        String extension = result.contentType().equals("image/png") ? "png" : "mp4";
        json(ctx, 200, verifyCopy(stored, "auteur-" + record.id() + "." + extension));
    }

    // ---- verification and manifests

    private void verify(Context ctx, Caller caller) throws IOException {
        requireMultipart(ctx);
        Map<String, UploadedFile> files = uploads(ctx, Set.of("file"));
        UploadedFile file = files.get("file");
        if (file == null) {
            throw ApiException.badRequest("send the file to verify as the multipart field 'file'");
        }
        Path folder = Files.createDirectories(media.root().resolve("tmp").resolve("verify-" + UUID.randomUUID()));
        try {
            MediaType type;
            try (InputStream in = new BufferedInputStream(file.content())) {
                type = sniffed(in, "file", Set.of(MediaType.values()));
                Path copy = folder.resolve("upload." + type.extension());
                try (OutputStream out = Files.newOutputStream(copy)) {
                    copyCapped(in, out, settings.limits().maxFileBytes(), "file");
                }
                json(ctx, 200, verificationJson(copy, Optional.ofNullable(file.filename()).orElse("upload")));
            }
        } finally {
            deleteTree(folder);
        }
    }

    private void manifestsByWatermark(Context ctx, Caller caller) {
        String id = ctx.pathParam("watermarkId").toLowerCase(Locale.ROOT);
        if (!WATERMARK_ID.matcher(id).matches()) {
            throw ApiException.badRequest("a watermark id is 16 hex digits, was '" + ctx.pathParam("watermarkId") + "'");
        }
        List<StoredManifest> found = new ManifestRepository(settings.home().database()).allByWatermark(Payload.fromHex(id));
        if (found.isEmpty()) {
            throw ApiException.notFound("no manifest is recorded for watermark " + id);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("watermarkId", id);
        ArrayNode manifests = body.putArray("manifests");
        found.forEach(manifest -> manifests.add(ManifestJson.node(manifest)));
        json(ctx, 200, body);
    }

    /** The verification report of a stored file, checked through a hard link (or copy) that carries its extension. */
    private JsonNode verifyCopy(Path stored, String name) throws IOException {
        Path folder = Files.createDirectories(media.root().resolve("tmp").resolve("verify-" + UUID.randomUUID()));
        try {
            Path link = folder.resolve(name);
            try {
                Files.createLink(link, stored);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(stored, link);
            }
            return verificationJson(link, name);
        } finally {
            deleteTree(folder);
        }
    }

    /** The report of {@code file}, naming it {@code publicName}: where the server keeps its copy is nobody's business. */
    private JsonNode verificationJson(Path file, String publicName) throws IOException {
        Verifier verifier = StudioVerifier.forHome(settings.home(), Optional.empty(), TrustAnchors.none(), List.of(),
                settings.limits().mediaLimits());
        ObjectNode report = (ObjectNode) JSON.readTree(VerificationFormat.json(verifier.verify(file)));
        report.put("file", publicName.replaceAll("[^A-Za-z0-9._ -]", "_"));
        return report;
    }

    // ---- keys

    private void createKey(Context ctx, Caller caller) {
        JsonNode body = jsonBody(ctx);
        String name = body.path("name").asText("");
        Role role;
        try {
            role = Role.parse(body.path("role").asText(""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (name.isBlank() || name.length() > 200) {
            throw ApiException.badRequest("a key needs a \"name\" of 1 to 200 characters");
        }
        ApiKeys.Created created = keys.create(name, role);
        ObjectNode json = keyJson(created.key());
        json.put("key", created.secret());
        ctx.header("Location", "/v1/keys/" + created.key().id());
        json(ctx, 201, json);
    }

    private void listKeys(Context ctx, Caller caller) {
        List<ApiKey> all = keys.list();
        json(ctx, 200, listJson(all, StudioApi::keyJson, all.size()));
    }

    private void revokeKey(Context ctx, Caller caller) {
        String id = uuid(ctx.pathParam("id"), "key").toString();
        if (keys.find(id).isEmpty()) {
            throw ApiException.notFound("no key " + id);
        }
        keys.revoke(id);
        ctx.status(204);
    }

    private static ObjectNode keyJson(ApiKey key) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", key.id());
        json.put("name", key.name());
        json.put("role", key.role().wireName());
        json.put("createdAt", key.createdAt().toString());
        json.put("revokedAt", key.revokedAt().map(Instant::toString).orElse(null));
        return json;
    }

    // ---- consent registry and compensation ledger

    /**
     * A route of the consent registry or ledger: admin only, because contributors' payout references and earnings
     * are private. The registry's refusals become problems here: a missing record is 404, a clash with what is
     * recorded 409, anything else (a bad id, name, licence or scope) 400.
     */
    private static Route consentRoute(HandlerType method, String path, String summary, Route.Action action) {
        return Route.forRole(Role.ADMIN, method, path, summary, (ctx, caller) -> {
            try {
                action.handle(ctx, caller);
            } catch (ConsentException.NotFound e) {
                throw ApiException.notFound(e.getMessage());
            } catch (ConsentException.Conflict e) {
                throw new ApiException(409, "conflict", "Conflict", e.getMessage());
            } catch (ConsentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        });
    }

    private void saveContributor(Context ctx, Caller caller) {
        JsonNode body = jsonBody(ctx);
        String id = text(body, "id").orElseThrow(() -> ApiException.badRequest("a contributor needs an \"id\": a "
                + "short stable handle such as \"alice\""));
        Contributor.checkId(id);
        Optional<String> name = text(body, "name");
        Optional<Contributor> existing = registry.contributor(id);
        if (existing.isEmpty() && name.isEmpty()) {
            throw ApiException.badRequest("a new contributor needs a \"name\"");
        }
        Contributor saved = registry.saveContributor(id, name.orElseGet(() -> existing.orElseThrow().name()),
                text(body, "payoutReference"));
        ctx.header("Location", "/v1/contributors/" + saved.id());
        json(ctx, existing.isEmpty() ? 201 : 200, ConsentJson.contributor(saved));
    }

    private void listContributors(Context ctx, Caller caller) {
        List<Contributor> all = registry.contributors();
        json(ctx, 200, listJson(all, ConsentJson::contributor, all.size()));
    }

    private void getContributor(Context ctx, Caller caller) {
        Contributor contributor = contributor(ctx.pathParam("id"));
        ObjectNode body = ConsentJson.contributor(contributor);
        ArrayNode assets = body.putArray("assets");
        registry.assets(Optional.of(contributor.id())).forEach(asset -> assets.add(assetJson(asset)));
        json(ctx, 200, body);
    }

    private void statement(Context ctx, Caller caller) {
        Contributor contributor = contributor(ctx.pathParam("id"));
        Statement statement = ledger.statement(contributor.id());
        String format = Optional.ofNullable(blankToNull(ctx.queryParam("format"))).orElse("json");
        switch (format) {
            case "json" -> json(ctx, 200, ConsentJson.statement(contributor, statement));
            case "csv" -> {
                ctx.status(200);
                ctx.contentType("text/csv; charset=utf-8");
                // Ids are letters, digits and . _ @ - (Contributor.checkId): safe inside the quoted file name.
                ctx.header("Content-Disposition", "attachment; filename=\"statement-" + contributor.id() + ".csv\"");
                ctx.result(statement.csv());
            }
            default -> throw ApiException.badRequest("format must be json or csv, was '" + format + "'");
        }
    }

    /**
     * Registers an uploaded file as a contributor's asset and grants the scopes of the form, as
     * {@code auteur consent add FILE} does. The file's bytes are not kept: the registry knows an asset by its hash,
     * its probed facts and its own training-and-mining statement, and training reads footage from the studio's
     * disk ({@code auteur dataset import}), where the hash finds the record again. A scope the file's Content
     * Credentials forbid is refused with a 422 problem that carries the recorded asset.
     */
    private void registerAsset(Context ctx, Caller caller) throws IOException {
        // 1. The form, checked before a byte of the file is read.
        requireMultipart(ctx);
        UploadedFile file = uploads(ctx, Set.of("file")).get("file");
        if (file == null) {
            throw ApiException.badRequest("send the contributed file as the multipart field 'file'");
        }
        String contributorId = Optional.ofNullable(blankToNull(ctx.formParam("contributor"))).orElseThrow(() ->
                ApiException.badRequest("the form field 'contributor' is required: whose file this is"));
        Contributor contributor = contributor(contributorId);
        List<String> scopeFields = ctx.formParams("scopes");
        if (scopeFields.isEmpty()) {
            throw ApiException.badRequest("the form field 'scopes' is required: what the file may be used for, "
                    + "comma-separated: " + Scope.labels());
        }
        Set<Scope> scopes = Scope.parseList(String.join(",", scopeFields));
        String licence = Optional.ofNullable(blankToNull(ctx.formParam("licence"))).orElse("unspecified");
        // 2. A temporary copy, judged by its content and capped in size, that the probe and C2PA reader can open.
        //    Unlike generation inputs, no picture-size or frame-count cap: registering reads headers, never frames.
        Path folder = Files.createDirectories(media.root().resolve("tmp").resolve("asset-" + UUID.randomUUID()));
        try {
            Path copy;
            try (InputStream in = new BufferedInputStream(file.content())) {
                MediaType type = sniffed(in, "file", Set.of(MediaType.values()));
                copy = folder.resolve("upload." + type.extension());
                try (OutputStream out = Files.newOutputStream(copy)) {
                    copyCapped(in, out, settings.limits().maxFileBytes(), "file");
                }
            }
            // 3. Register and grant: the same step as the CLI's.
            boolean known = registry.asset(Hashes.sha256(copy)).isPresent();
            Contribution contribution;
            try {
                contribution = Contribution.register(registry, c2pa, contributor.id(), copy,
                        uploadName(file.filename(), copy), licence, scopes);
            } catch (MediaException e) {
                throw ApiException.badRequest("the file cannot be decoded: "
                        + String.valueOf(e.getMessage()).replace(copy.toString(), "file"));
            }
            ObjectNode view = assetJson(contribution.asset());
            if (!contribution.refused().isEmpty()) {
                throw new ApiException(422, "consent-refused", "Consent refused by the file's Content Credentials",
                        String.join("; ", contribution.refused().values()) + ". The asset is recorded with what its "
                                + "credentials say" + (contribution.granted().isEmpty() ? "" : " and the other scopes "
                                + "granted") + "; see 'asset'.").withMember("asset", view);
            }
            ctx.header("Location", "/v1/assets/" + contribution.asset().sha256());
            json(ctx, known ? 200 : 201, view);
        } finally {
            deleteTree(folder);
        }
    }

    private void listAssets(Context ctx, Caller caller) {
        Optional<String> contributorId = Optional.ofNullable(blankToNull(ctx.queryParam("contributor")));
        contributorId.ifPresent(this::contributor);
        List<Asset> all = registry.assets(contributorId);
        json(ctx, 200, listJson(all, this::assetJson, all.size()));
    }

    private void getAsset(Context ctx, Caller caller) {
        Asset asset = asset(ctx.pathParam("sha256"));
        ObjectNode body = assetJson(asset);
        body.set("models", ConsentJson.models(registry.modelsTrainedOn(asset.sha256())));
        json(ctx, 200, body);
    }

    /** Revokes one scope ({@code "scope"}) or all, with a {@code "reason"}; returns what was revoked and marked. */
    private void revoke(Context ctx, Caller caller) {
        Asset asset = asset(ctx.pathParam("sha256"));
        JsonNode body = jsonBody(ctx);
        Optional<Scope> scope = text(body, "scope").map(Scope::parse);
        String reason = text(body, "reason").orElse(DEFAULT_REVOCATION_REASON);
        if (reason.isBlank() || reason.length() > 1000) {
            throw ApiException.badRequest("a revocation's \"reason\" is 1 to 1000 characters");
        }
        ConsentRegistry.Revocation revocation = registry.revoke(asset.sha256(), scope, reason);
        ObjectNode result = JSON.createObjectNode();
        result.set("revoked", ConsentJson.consents(revocation.revoked()));
        result.set("modelsMarked", ConsentJson.models(revocation.modelsMarked()));
        ObjectNode view = assetJson(asset);
        view.set("models", ConsentJson.models(registry.modelsTrainedOn(asset.sha256())));
        result.set("asset", view);
        json(ctx, 200, result);
    }

    private Contributor contributor(String id) {
        return registry.contributor(id).orElseThrow(() -> ApiException.notFound("no contributor '"
                + id.replaceAll("[^A-Za-z0-9._@-]", "?") + "'; add one with POST /v1/contributors"));
    }

    /** The asset a path names by its SHA-256 or a prefix of 8 or more hex digits. */
    private Asset asset(String sha256) {
        String wanted = sha256.strip().toLowerCase(Locale.ROOT);
        if (!SHA256_PREFIX.matcher(wanted).matches()) {
            throw ApiException.badRequest("name an asset by its SHA-256 (64 hex digits) or at least its first 8, was '"
                    + sha256.replaceAll("[^A-Za-z0-9._-]", "?") + "'");
        }
        return registry.findAsset(wanted);
    }

    private ObjectNode assetJson(Asset asset) {
        return ConsentJson.asset(asset, registry.consents(asset.sha256()));
    }

    /** The name a client gave its upload, without any folders; the copy's name when it gave none. */
    private static String uploadName(String given, Path copy) {
        String name = Optional.ofNullable(given).orElse("").replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "_").strip();
        return name.isEmpty() ? copy.getFileName().toString() : name.length() > 200 ? name.substring(0, 200) : name;
    }

    /** A string member of a JSON body; absent (or null) is empty, any other type is refused. */
    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("\"" + field + "\" must be a string");
        }
        return Optional.of(value.asText());
    }

    // ---- helpers

    static ObjectNode generationJson(GenerationRecord record) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", record.id().toString());
        json.put("prompt", record.prompt());
        json.put("mode", record.mode().wireName());
        json.put("status", record.status().wireName());
        json.put("step", record.step());
        json.put("steps", record.steps());
        json.put("error", record.error().orElse(null));
        json.put("createdAt", record.createdAt().toString());
        json.put("finishedAt", record.finishedAt().map(Instant::toString).orElse(null));
        if (record.status() == GenerationRecord.Status.SUCCEEDED && record.result().isPresent()) {
            GenerationRecord.Result result = record.result().get();
            ObjectNode node = json.putObject("result");
            node.put("url", "/v1/generations/" + record.id() + "/result");
            node.put("contentType", result.contentType());
            node.put("sha256", result.sha256());
            node.put("bytes", result.sizeBytes());
            node.put("width", result.width());
            node.put("height", result.height());
            node.put("frames", result.frames());
        } else {
            json.putNull("result");
        }
        return json;
    }

    private GenerationRecord generation(Context ctx) {
        UUID id = uuid(ctx.pathParam("id"), "generation");
        return generations.find(id).orElseThrow(() -> ApiException.notFound("no generation " + id));
    }

    private static GenerationRecord.Result finishedResult(GenerationRecord record) {
        if (record.status() != GenerationRecord.Status.SUCCEEDED || record.result().isEmpty()) {
            throw ApiException.notFound("generation " + record.id() + " has no result: it is " + record.status().wireName());
        }
        return record.result().get();
    }

    /** Ids are UUIDs; anything else (a path, "..", an encoded traversal) names nothing. */
    private static UUID uuid(String text, String what) {
        try {
            UUID id = UUID.fromString(text);
            if (!id.toString().equals(text.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no " + what + " '" + text.replaceAll("[^A-Za-z0-9._%/-]", "?") + "': ids are UUIDs");
        }
    }

    private static void requireMultipart(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/form-data")) {
            throw ApiException.unsupportedMedia("send multipart/form-data, not '" + (type.isEmpty() ? "no content type" : type) + "'");
        }
    }

    /**
     * The uploaded files, one per field; the servlet container enforces the per-file and per-request caps while it
     * reads the parts (its refusals become 413 problems in {@link StudioServer}).
     */
    private Map<String, UploadedFile> uploads(Context ctx, Set<String> fields) {
        // Checked here as well as by the container: a declared length says it before a byte is read, and the sum of
        // the parts catches a chunked body (the container's request cap was seen to let 440 KiB through 400 KiB).
        long cap = settings.limits().maxRequestBytes();
        if (ctx.req().getContentLengthLong() > cap) {
            throw ApiException.tooLarge("the request is " + ctx.req().getContentLengthLong() + " bytes; this server "
                    + "takes at most " + cap);
        }
        Map<String, UploadedFile> files = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, List<UploadedFile>> entry : ctx.uploadedFileMap().entrySet()) {
            if (!fields.contains(entry.getKey())) {
                throw ApiException.badRequest("unexpected file field '" + entry.getKey() + "'; files go in: "
                        + String.join(", ", fields.stream().sorted().toList()));
            }
            if (entry.getValue().size() != 1) {
                throw ApiException.badRequest("send one file in '" + entry.getKey() + "', not " + entry.getValue().size());
            }
            files.put(entry.getKey(), entry.getValue().get(0));
            total += entry.getValue().get(0).size();
        }
        if (total > cap) {
            throw ApiException.tooLarge("the files add up to " + total + " bytes; this server takes at most " + cap
                    + " in one request");
        }
        return files;
    }

    /**
     * Stores an upload in the media store after checking what it is by its first bytes (415 when it is not an
     * accepted kind), its size, and its picture size and frame count (413 beyond the limits).
     */
    private String storeUpload(String role, UploadedFile file, Set<MediaType> accepted) throws IOException {
        MediaStore.Stored stored;
        MediaType type;
        try (InputStream in = new BufferedInputStream(file.content())) {
            type = sniffed(in, role, accepted);
            try {
                stored = media.put(in, settings.limits().maxFileBytes());
            } catch (MediaStore.TooLargeException e) {
                throw ApiException.tooLarge("the " + role + " file is larger than " + settings.limits().maxFileBytes()
                        + " bytes");
            }
        }
        Path path = media.find(stored.sha256()).orElseThrow();
        checkMediaSize(role, path, type);
        return stored.sha256();
    }

    private MediaType sniffed(InputStream in, String role, Set<MediaType> accepted) throws IOException {
        in.mark(MediaType.SNIFF_BYTES);
        byte[] head = in.readNBytes(MediaType.SNIFF_BYTES);
        in.reset();
        Optional<MediaType> type = MediaType.sniff(head);
        if (type.isEmpty() || !accepted.contains(type.get())) {
            throw ApiException.unsupportedMedia("the " + role + " file is " + type.map(t -> t.contentType() + ", which "
                    + role + " does not take").orElse("not a PNG, JPEG, MP4/MOV or Matroska file (judged by its content, "
                    + "not its name or declared type)") + "; " + role + " takes "
                    + String.join(", ", accepted.stream().map(MediaType::contentType).sorted().toList()));
        }
        return type.get();
    }

    private void checkMediaSize(String role, Path file, MediaType type) {
        ServiceLimits limits = settings.limits();
        int width, height, frames;
        try {
            if (type.still()) {
                int[] size = pictureSize(file);
                width = size[0];
                height = size[1];
                frames = 1;
            } else {
                MediaInfo info = Video.probe(file);
                width = info.width();
                height = info.height();
                frames = info.frameCount();
            }
        } catch (MediaException | IOException e) {
            // The message would name the stored file; the client knows its upload by the field name.
            throw ApiException.badRequest("the " + role + " file cannot be decoded: "
                    + String.valueOf(e.getMessage()).replace(file.toString(), role));
        }
        if (width > limits.maxSide() || height > limits.maxSide()) {
            throw ApiException.tooLarge("the " + role + " file is " + width + "x" + height + "; this server takes at most "
                    + limits.maxSide() + " pixels a side");
        }
        if (frames > limits.maxFrames()) {
            throw ApiException.tooLarge("the " + role + " file has " + frames + " frames; this server takes at most "
                    + limits.maxFrames());
        }
    }

    /** A still's declared size, read from its header without decoding its pixels. */
    private static int[] pictureSize(Path file) throws IOException {
        try (javax.imageio.stream.ImageInputStream stream = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
            var readers = javax.imageio.ImageIO.getImageReaders(stream);
            if (stream == null || !readers.hasNext()) {
                throw new IOException("not a readable PNG or JPEG");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        }
    }

    private static void copyCapped(InputStream in, OutputStream out, long maxBytes, String role) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int read; (read = in.read(buffer)) >= 0; ) {
            total += read;
            if (total > maxBytes) {
                throw ApiException.tooLarge("the " + role + " file is larger than " + maxBytes + " bytes");
            }
            out.write(buffer, 0, read);
        }
    }

    /** A JSON body, at most {@link ServiceLimits#maxJsonBytes()} (413 beyond), as {@code application/json} (415 else). */
    private JsonNode jsonBody(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw ApiException.unsupportedMedia("send application/json, not '" + (type.isEmpty() ? "no content type" : type) + "'");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.limits().maxJsonBytes()) {
            throw ApiException.tooLarge("a JSON body may be at most " + settings.limits().maxJsonBytes() + " bytes, this one is " + declared);
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) settings.limits().maxJsonBytes() + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the body: " + e.getMessage());
        }
        if (bytes.length > settings.limits().maxJsonBytes()) {
            throw ApiException.tooLarge("a JSON body may be at most " + settings.limits().maxJsonBytes() + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
    }

    static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(body.toString());
    }

    private static double number(String text, String field) {
        try {
            double value = Double.parseDouble(text.strip());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field + " must be a number, was '" + text + "'");
        }
    }

    private static long wholeNumber(String text, String field, long fallback, long min, long max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field + " must be a whole number, was '" + text + "'");
        }
        if (value < min || value > max) {
            throw ApiException.badRequest(field + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
