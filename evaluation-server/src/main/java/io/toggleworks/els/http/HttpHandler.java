package io.toggleworks.els.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.toggleworks.els.auth.AuthResult;
import io.toggleworks.els.auth.SecretAuthenticator;
import io.toggleworks.els.config.CorsConfig;
import io.toggleworks.els.metrics.ElsMetrics;
import io.toggleworks.els.streaming.StreamingUpgrade;
import io.toggleworks.spi.store.EvaluationStore;
import io.toggleworks.spi.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The HTTP side of the Evaluation Server (evaluation-server.md §2): {@code /streaming} upgrades are handed over
 * first, then CORS (before authentication, so preflights are answered), health and metrics, then the
 * authenticated SDK {@link Route}s. Authenticated work runs on the blocking executor. One instance per connection:
 * requests are answered one at a time, in order, even when a client pipelines them.
 */
public final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);

    private final StreamingUpgrade streaming;
    private final SecretAuthenticator authenticator;
    private final List<Route> routes;
    private final EvaluationStore store;
    private final BooleanSupplier queueHealthy;
    private final Executor blocking;
    private final ElsMetrics metrics;
    private final Cors cors;
    // Event-loop confined: a request is being answered, and the pipelined ones waiting behind it.
    private boolean busy;
    private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>(2);

    public HttpHandler(StreamingUpgrade streaming, SecretAuthenticator authenticator, List<Route> routes, EvaluationStore store,
                       BooleanSupplier queueHealthy, CorsConfig cors, Executor blocking, ElsMetrics metrics) {
        super(false); // requests are released explicitly: some outlive this call
        this.streaming = streaming;
        this.authenticator = authenticator;
        this.routes = List.copyOf(routes);
        this.store = store;
        this.queueHealthy = queueHealthy;
        this.blocking = blocking;
        this.metrics = metrics;
        this.cors = new Cors(cors);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (busy) {
            queued.add(req);
            if (queued.size() >= 8) {
                ctx.channel().config().setAutoRead(false); // a client pipelining without end waits for us
            }
            return;
        }
        busy = true;
        dispatch(ctx, req);
    }

    /** The previous response is written: answer the next pipelined request, if any. Runs on the event loop. */
    private void next(ChannelHandlerContext ctx) {
        if (ctx.isRemoved()) {
            return;
        }
        FullHttpRequest req = queued.poll();
        if (req == null) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
            return;
        }
        dispatch(ctx, req);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        FullHttpRequest req;
        while ((req = queued.poll()) != null) {
            req.release();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = trimSlash(uri.path());
        if (StreamingUpgrade.isStreamingRequest(req, path)) {
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
        String lower = path.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "/health/liveness" -> respond(ctx, req, lower, HttpResponses.text(HttpResponseStatus.OK, "Healthy"));
            case "/health/readiness" -> blocking.execute(() -> {
                boolean healthy = store.isAvailable() && queueHealthy.getAsBoolean();
                respond(ctx, req, lower, healthy ? HttpResponses.text(HttpResponseStatus.OK, "Healthy")
                        : HttpResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Unhealthy"));
            });
            case "/metrics" -> respond(ctx, req, lower, HttpResponses.of(HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(metrics.scrape(), StandardCharsets.UTF_8), "text/plain; version=0.0.4; charset=utf-8"));
            default -> route(ctx, req, uri, path, lower);
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri, String path, String lower) {
        Route pathMatch = null;
        for (Route r : routes) {
            if (r.matchesPath(lower)) {
                pathMatch = r;
                if (r.method().equals(req.method())) {
                    authenticated(ctx, req, uri, path, r);
                    return;
                }
            }
        }
        if (pathMatch != null) {
            respond(ctx, req, pathMatch.path(), HttpResponses.empty(HttpResponseStatus.METHOD_NOT_ALLOWED));
        } else {
            respond(ctx, req, "unknown", HttpResponses.empty(HttpResponseStatus.NOT_FOUND));
        }
    }

    /** ADR 0040: the secret must exist and be of a type the route accepts. */
    private void authenticated(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri, String path, Route route) {
        String secret = secretOf(req);
        if (secret.isEmpty()) {
            respond(ctx, req, route.path(), HttpResponses.empty(HttpResponseStatus.UNAUTHORIZED));
            return;
        }
        blocking.execute(() -> {
            FullHttpResponse res;
            try {
                res = switch (authenticator.authenticate(secret, route.accepted())) {
                    case AuthResult.Accepted a -> route.endpoint().handle(new SdkRequest(req, uri, path, a.secret(), ctx.alloc()));
                    case AuthResult.Rejected r -> {
                        log.debug("{}: unauthorized: {}", route.path(), r.reason());
                        yield HttpResponses.empty(HttpResponseStatus.UNAUTHORIZED);
                    }
                    case AuthResult.Unavailable u -> {
                        log.warn("{}: {}", route.path(), u.reason());
                        yield HttpResponses.empty(HttpResponseStatus.SERVICE_UNAVAILABLE);
                    }
                };
            } catch (BadRequest e) {
                res = e.body() == null ? HttpResponses.empty(HttpResponseStatus.BAD_REQUEST) : HttpResponses.text(HttpResponseStatus.BAD_REQUEST, e.body());
            } catch (StoreUnavailableException | CompletionException e) {
                metrics.inc("els_store_errors_total");
                log.warn("{}: store unavailable: {}", route.path(), e.getMessage());
                res = HttpResponses.empty(HttpResponseStatus.SERVICE_UNAVAILABLE);
            } catch (RuntimeException e) {
                log.error("{}: request failed", route.path(), e);
                res = HttpResponses.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR);
            }
            respond(ctx, req, route.path(), res);
        });
    }

    /** FeatBit SDKs send the raw secret; a {@code Bearer } prefix (OpenFeature clients) is accepted too. */
    private static String secretOf(FullHttpRequest req) {
        String value = req.headers().get(HttpHeaderNames.AUTHORIZATION, "").trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).trim();
        }
        return value;
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
        if (ctx.executor().inEventLoop()) {
            next(ctx);
        } else {
            ctx.executor().execute(() -> next(ctx));
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
