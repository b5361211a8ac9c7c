package io.toggleworks.els.ofrep;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.els.data.EnvironmentData;
import io.toggleworks.els.data.EnvironmentRegistry;
import io.toggleworks.els.data.FlagEntry;
import io.toggleworks.els.data.SegmentEntry;
import io.toggleworks.els.evaluation.FlagEvaluation;
import io.toggleworks.els.http.HttpResponses;
import io.toggleworks.els.http.Route;
import io.toggleworks.els.http.SdkRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OFREP, the OpenFeature Remote Evaluation Protocol (ADR 0044; peers-and-style.md §4.1): single evaluation for
 * dynamic-context (server) providers and bulk evaluation, with ETag and 304, for static-context (client)
 * providers. Evaluated from the in-memory environment, as client data-sync is; the secret decides the environment.
 */
public final class OfrepEndpoints {
    static final String SINGLE = "/ofrep/v1/evaluate/flags/";
    static final String BULK = "/ofrep/v1/evaluate/flags";

    private final EnvironmentRegistry environments;

    public OfrepEndpoints(EnvironmentRegistry environments) {
        this.environments = environments;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HttpMethod.POST, BULK, Route.ANY, this::bulk),
                new Route(HttpMethod.POST, SINGLE, Route.ANY, this::single));
    }

    private EnvironmentData environment(SdkRequest r) {
        return environments.get(r.secret().envId()).join();
    }

    private FullHttpResponse single(SdkRequest r) {
        // The key is the rest of the path, percent-decoded (FeatBit keys allow characters a client may escape).
        String key = QueryStringDecoder.decodeComponent(r.path().substring(SINGLE.length()));
        OfrepContext context;
        try {
            context = OfrepContext.parse(ByteBufUtil.getBytes(r.http().content()));
        } catch (OfrepContext.Invalid e) {
            return json(HttpResponseStatus.BAD_REQUEST, OfrepResolution.error(key, e.errorCode, e.getMessage()));
        }
        EnvironmentData env = environment(r);
        FeatureFlag flag = env.flagByKey(key).map(FlagEntry::flag).filter(fl -> !fl.isArchived()).orElse(null);
        if (flag == null) {
            return json(HttpResponseStatus.NOT_FOUND, OfrepResolution.error(key, OfrepResolution.FLAG_NOT_FOUND, "flag " + key + " not found"));
        }
        Map<String, Object> res = OfrepResolution.of(flag, FlagEvaluation.evaluate(flag, context.user(), FlagEvaluation.segmentsOf(env)));
        Object code = res.get("errorCode");
        if (code == null) {
            return json(HttpResponseStatus.OK, res);
        }
        if (OfrepResolution.GENERAL.equals(code)) {
            return json(HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("errorDetails", res.get("errorDetails")));
        }
        return json(OfrepResolution.FLAG_NOT_FOUND.equals(code) ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.BAD_REQUEST, res);
    }

    private FullHttpResponse bulk(SdkRequest r) {
        OfrepContext context;
        try {
            context = OfrepContext.parse(ByteBufUtil.getBytes(r.http().content()));
        } catch (OfrepContext.Invalid e) {
            return json(HttpResponseStatus.BAD_REQUEST, OfrepResolution.error(null, e.errorCode, e.getMessage()));
        }
        EnvironmentData env = environment(r);
        List<FlagEntry> flags = env.flagsAfter(0);
        String etag = etag(env, flags, context);
        if (matches(r.http().headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            FullHttpResponse notModified = HttpResponses.empty(HttpResponseStatus.NOT_MODIFIED);
            notModified.headers().set(HttpHeaderNames.ETAG, etag);
            return notModified;
        }
        SegmentLookup segments = FlagEvaluation.segmentsOf(env);
        List<FeatureFlag> live = new ArrayList<>(flags.size());
        for (FlagEntry e : flags) {
            if (!e.flag().isArchived()) {
                live.add(e.flag());
            }
        }
        live.sort(Comparator.comparing(FeatureFlag::key));
        List<Map<String, Object>> out = new ArrayList<>(live.size());
        for (FeatureFlag flag : live) {
            out.add(OfrepResolution.of(flag, FlagEvaluation.evaluate(flag, context.user(), segments)));
        }
        FullHttpResponse res = json(HttpResponseStatus.OK, Map.of("flags", out));
        res.headers().set(HttpHeaderNames.ETAG, etag);
        return res;
    }

    /**
     * A strong ETag over what a bulk answer depends on: every flag's and segment's id and version (an
     * order-independent sum, so removals count too) and the context. Stable while nothing changes, without
     * evaluating; a change that does not alter this user's values still changes it (one extra refetch).
     */
    static String etag(EnvironmentData env, List<FlagEntry> flags, OfrepContext context) {
        long flagSum = 0;
        for (FlagEntry e : flags) {
            flagSum += mix(e.flag().id().hashCode() * 31L + Long.hashCode(e.version()) * 17L + Objects.hashCode(e.flag().revision()),
                    e.flag().id().getMostSignificantBits() ^ e.version());
        }
        long segmentSum = 0;
        List<SegmentEntry> segments = env.segmentsAfter(0);
        for (SegmentEntry e : segments) {
            segmentSum += mix(e.segment().id().getLeastSignificantBits(), e.segment().id().getMostSignificantBits() ^ e.version());
        }
        String text = env.envId() + "|" + flags.size() + ":" + Long.toHexString(flagSum) + "|" + segments.size() + ":"
                + Long.toHexString(segmentSum) + "|" + context.canonical();
        return "\"" + OfrepContext.sha256Hex(text).substring(0, 32) + "\"";
    }

    private static long mix(long a, long b) {
        long x = a * 0x9E3779B97F4A7C15L ^ b;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        return x ^ (x >>> 33);
    }

    /** RFC 9110 If-None-Match: a list of tags (weak comparison) or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/") || t.startsWith("w/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static FullHttpResponse json(HttpResponseStatus status, Object body) {
        return HttpResponses.of(status, Unpooled.wrappedBuffer(Json.writeBytes(body)), HttpResponses.JSON);
    }
}
