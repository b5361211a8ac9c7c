package io.toggleworks.els.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.secret.SecretRecord;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.core.wire.ServerSdkPayload;
import io.toggleworks.core.wire.TrackEvent;
import io.toggleworks.els.auth.AuthResult;
import io.toggleworks.els.auth.SecretAuthenticator;
import io.toggleworks.els.config.CorsConfig;
import io.toggleworks.els.data.EnvironmentData;
import io.toggleworks.els.data.EnvironmentRegistry;
import io.toggleworks.els.data.FlagEntry;
import io.toggleworks.els.evaluation.FlagEvaluation;
import io.toggleworks.els.insights.InsightTracker;
import io.toggleworks.els.metrics.ElsMetrics;
import io.toggleworks.els.streaming.DataSyncService;
import io.toggleworks.els.streaming.Payloads;
import io.toggleworks.els.streaming.StreamingUpgrade;
import io.toggleworks.spi.store.EvaluationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The HTTP side of the Evaluation Server (evaluation-server.md §2.2): health, metrics, SDK polling, evaluate and
 * insight tracking, plus the hand-over of {@code /streaming} upgrades. Routing is case-insensitive, as ASP.NET's.
 * Work that touches the store runs on the blocking executor; responses are written from wherever it completes.
 */
@ChannelHandler.Sharable
public final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);
    private static final TypeReference<List<TrackEvent>> TRACK_EVENTS = new TypeReference<>() { };
    private static final Set<SecretType> SERVER = Set.of(SecretType.SERVER);
    private static final Set<SecretType> CLIENT = Set.of(SecretType.CLIENT);
    private static final Set<SecretType> ANY = Set.of(SecretType.SERVER, SecretType.CLIENT);

    private final StreamingUpgrade streaming;
    private final SecretAuthenticator authenticator;
    private final EnvironmentRegistry environments;
    private final InsightTracker insights;
    private final EvaluationStore store;
    private final BooleanSupplier queueHealthy;
    private final Executor blocking;
    private final ElsMetrics metrics;
    private final Cors cors;

    public HttpHandler(StreamingUpgrade streaming, SecretAuthenticator authenticator, EnvironmentRegistry environments, InsightTracker insights,
                       EvaluationStore store, BooleanSupplier queueHealthy, CorsConfig cors, Executor blocking, ElsMetrics metrics) {
        super(false); // requests are released explicitly: some outlive this call
        this.streaming = streaming;
        this.authenticator = authenticator;
        this.environments = environments;
        this.insights = insights;
        this.store = store;
        this.queueHealthy = queueHealthy;
        this.blocking = blocking;
        this.metrics = metrics;
        this.cors = new Cors(cors);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = trimSlash(uri.path());
        if (StreamingUpgrade.isStreamingRequest(req, path)) {
            if (ctx.pipeline().get("keepalive") != null) {
                ctx.pipeline().remove("keepalive");
            }
            streaming.upgrade(ctx, req, this);
            return;
        }
        if (!req.decoderResult().isSuccess()) {
            respond(ctx, req, "bad-request", HttpResponses.empty(HttpResponseStatus.BAD_REQUEST));
            return;
        }
        if (cors.isPreflight(req)) {
            respond(ctx, req, "preflight", HttpResponses.empty(HttpResponseStatus.NO_CONTENT));
            return;
        }
        String route = path.toLowerCase(Locale.ROOT);
        HttpMethod method = req.method();
        switch (route) {
            case "/health/liveness" -> respond(ctx, req, route, HttpResponses.text(HttpResponseStatus.OK, "Healthy"));
            case "/health/readiness" -> blocking.execute(() -> {
                boolean healthy = store.isAvailable() && queueHealthy.getAsBoolean();
                respond(ctx, req, route, healthy ? HttpResponses.text(HttpResponseStatus.OK, "Healthy")
                        : HttpResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Unhealthy"));
            });
            case "/metrics" -> respond(ctx, req, route, HttpResponses.of(HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8), "text/plain; version=0.0.4; charset=utf-8"));
            case "/api/public/sdk/server/latest-all" -> {
                if (method.equals(HttpMethod.GET)) {
                    authenticated(ctx, req, route, SERVER, secret -> serverLatestAll(ctx, req, route, uri, secret));
                } else {
                    respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.METHOD_NOT_ALLOWED));
                }
            }
            case "/api/public/sdk/client/latest-all" -> {
                if (method.equals(HttpMethod.POST)) {
                    authenticated(ctx, req, route, CLIENT, secret -> clientLatestAll(ctx, req, route, uri, secret));
                } else {
                    respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.METHOD_NOT_ALLOWED));
                }
            }
            case "/api/public/insight/track" -> {
                if (method.equals(HttpMethod.POST)) {
                    authenticated(ctx, req, route, ANY, secret -> track(ctx, req, route, secret));
                } else {
                    respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.METHOD_NOT_ALLOWED));
                }
            }
            case "/api/public/featureflag/evaluate" -> {
                if (method.equals(HttpMethod.POST)) {
                    authenticated(ctx, req, route, ANY, secret -> evaluate(ctx, req, route, secret));
                } else {
                    respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.METHOD_NOT_ALLOWED));
                }
            }
            default -> respond(ctx, req, "unknown", HttpResponses.empty(HttpResponseStatus.NOT_FOUND));
        }
    }

    private interface Authenticated {
        void run(SecretRecord secret) throws Exception;
    }

    /** ADR 0040: the secret must exist and be of a type this endpoint accepts. Runs {@code next} on the blocking executor. */
    private void authenticated(ChannelHandlerContext ctx, FullHttpRequest req, String route, Set<SecretType> accepted, Authenticated next) {
        String secret = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (secret == null || secret.isBlank()) {
            respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.UNAUTHORIZED));
            return;
        }
        blocking.execute(() -> {
            try {
                AuthResult auth = authenticator.authenticate(secret.trim(), accepted);
                switch (auth) {
                    case AuthResult.Accepted a -> next.run(a.secret());
                    case AuthResult.Rejected r -> {
                        log.debug("{}: unauthorized: {}", route, r.reason());
                        respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.UNAUTHORIZED));
                    }
                    case AuthResult.Unavailable u -> {
                        log.warn("{}: {}", route, u.reason());
                        respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.SERVICE_UNAVAILABLE));
                    }
                }
            } catch (BadRequest e) {
                respond(ctx, req, route, e.body == null ? HttpResponses.empty(HttpResponseStatus.BAD_REQUEST)
                        : HttpResponses.text(HttpResponseStatus.BAD_REQUEST, e.body));
            } catch (Exception e) {
                log.warn("{}: request failed: {}", route, e.toString());
                respond(ctx, req, route, e instanceof io.toggleworks.spi.store.StoreUnavailableException || e.getCause() instanceof io.toggleworks.spi.store.StoreUnavailableException
                        ? HttpResponses.empty(HttpResponseStatus.SERVICE_UNAVAILABLE)
                        : HttpResponses.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
            }
        });
    }

    /** A 400 with an optional plain-text message, as ASP.NET's BadRequest(string). */
    private static final class BadRequest extends Exception {
        final String body;

        BadRequest(String body) {
            super(body, null, false, false);
            this.body = body;
        }
    }

    private void serverLatestAll(ChannelHandlerContext ctx, FullHttpRequest req, String route, QueryStringDecoder uri, SecretRecord secret) throws BadRequest {
        long timestamp = timestamp(uri);
        EnvironmentData env = environments.get(secret.envId()).join();
        List<FlagEntry> flags = env.flagsAfter(timestamp);
        var segments = env.segmentsAfter(timestamp);
        if (timestamp != 0 && flags.isEmpty() && segments.isEmpty()) {
            respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.OK));
            return;
        }
        respond(ctx, req, route, HttpResponses.json(Payloads.serverDataSync(ctx.alloc(), ServerSdkPayload.eventType(timestamp), flags, segments)));
    }

    private void clientLatestAll(ChannelHandlerContext ctx, FullHttpRequest req, String route, QueryStringDecoder uri, SecretRecord secret) throws BadRequest {
        long timestamp = timestamp(uri);
        EndUser user = body(req, EndUser.class);
        if (user == null || user.keyId() == null || user.keyId().isBlank()) {
            throw new BadRequest("invalid end user");
        }
        EnvironmentData env = environments.get(secret.envId()).join();
        List<FlagEntry> flags = env.flagsAfter(timestamp);
        if (timestamp != 0 && flags.isEmpty()) {
            respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.OK));
            return;
        }
        respond(ctx, req, route, HttpResponses.json(DataSyncService.clientReply(env, user, timestamp)));
    }

    private void track(ChannelHandlerContext ctx, FullHttpRequest req, String route, SecretRecord secret) throws BadRequest {
        List<TrackEvent> events = body(req, TRACK_EVENTS);
        if (events == null) {
            throw new BadRequest(null);
        }
        insights.track(secret.envId(), events);
        respond(ctx, req, route, HttpResponses.empty(HttpResponseStatus.OK));
    }

    private void evaluate(ChannelHandlerContext ctx, FullHttpRequest req, String route, SecretRecord secret) throws BadRequest {
        EvaluateRequest body = body(req, EvaluateRequest.class);
        if (body == null || body.user() == null || body.user().keyId() == null || body.user().keyId().isBlank()) {
            throw new BadRequest("A valid user is required.");
        }
        EvaluateRequest.Filter filter = body.filter() == null ? new EvaluateRequest.Filter("and", List.of(), List.of(), null) : body.filter();
        String mode = filter.tagFilterMode() == null ? "and" : filter.tagFilterMode();
        if (!mode.equalsIgnoreCase("and") && !mode.equalsIgnoreCase("or")) {
            throw new BadRequest("Invalid tag filter mode: " + mode + ". Valid values are 'and' or 'or'.");
        }
        long since = filter.timestamp() == null ? 0 : filter.timestamp();
        EnvironmentData env = environments.get(secret.envId()).join();
        SegmentLookup segments = FlagEvaluation.segmentsOf(env);
        List<EvaluateRequest.EvaluatedFlag> out = new ArrayList<>();
        for (FlagEntry e : env.flagsAfter(Math.max(since, 0))) {
            var flag = e.flag();
            if (!filter.keys().isEmpty() && !filter.keys().contains(flag.key())) {
                continue;
            }
            if (!filter.tags().isEmpty()) {
                boolean match = mode.equalsIgnoreCase("and") ? flag.tags().containsAll(filter.tags()) : filter.tags().stream().anyMatch(flag.tags()::contains);
                if (!match) {
                    continue;
                }
            }
            FlagEvaluation.evaluate(flag, body.user(), segments).ifPresent(r -> out.add(evaluated(flag.key(), flag.variationType(), r)));
        }
        respond(ctx, req, route, HttpResponses.json(Unpooled.wrappedBuffer(Json.writeBytes(out))));
    }

    private static EvaluateRequest.EvaluatedFlag evaluated(String key, String type, EvaluationResult r) {
        Variation v = r.variation().orElse(null);
        return new EvaluateRequest.EvaluatedFlag(key, new EvaluateRequest.EvaluatedVariation(
                v == null ? null : v.id(), type, v == null ? null : v.value(), r.matchReason(), r.sendToExperiment()));
    }

    private static long timestamp(QueryStringDecoder uri) throws BadRequest {
        for (var e : uri.parameters().entrySet()) {
            if (e.getKey().equalsIgnoreCase("timestamp") && !e.getValue().isEmpty() && !e.getValue().getFirst().isBlank()) {
                try {
                    return Long.parseLong(e.getValue().getFirst().trim());
                } catch (NumberFormatException ex) {
                    throw new BadRequest("The value '" + e.getValue().getFirst() + "' is not valid for timestamp.");
                }
            }
        }
        return 0;
    }

    private static <T> T body(FullHttpRequest req, Class<T> type) throws BadRequest {
        try (InputStream in = new ByteBufInputStream(req.content().duplicate())) {
            return req.content().isReadable() ? Json.mapper().readValue(in, type) : null;
        } catch (IOException | RuntimeException e) {
            throw new BadRequest(null);
        }
    }

    private static <T> T body(FullHttpRequest req, TypeReference<T> type) throws BadRequest {
        try (InputStream in = new ByteBufInputStream(req.content().duplicate())) {
            return req.content().isReadable() ? Json.mapper().readValue(in, type) : null;
        } catch (IOException | RuntimeException e) {
            throw new BadRequest(null);
        }
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest req, String route, FullHttpResponse res) {
        try {
            cors.apply(req, res, route.equals("preflight"));
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(res, keepAlive);
            metrics.inc("els_http_requests_total", "route", route, "status", String.valueOf(res.status().code()));
            var f = ctx.writeAndFlush(res);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            req.release();
        }
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection error: {}", cause.toString());
        ctx.close();
    }
}
