package io.toggleworks.els.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.wire.ServerSdkPayload;
import io.toggleworks.core.wire.TrackEvent;
import io.toggleworks.els.data.EnvironmentData;
import io.toggleworks.els.data.EnvironmentRegistry;
import io.toggleworks.els.data.FlagEntry;
import io.toggleworks.els.data.SegmentEntry;
import io.toggleworks.els.evaluation.FlagEvaluation;
import io.toggleworks.els.insights.InsightTracker;
import io.toggleworks.els.streaming.DataSyncService;
import io.toggleworks.els.streaming.Payloads;
import tools.jackson.core.type.TypeReference;

import java.util.ArrayList;
import java.util.List;

/** FeatBit's SDK HTTP endpoints (evaluation-server.md §2.2): polling, evaluate and insight tracking. */
public final class SdkEndpoints {
    private static final TypeReference<List<TrackEvent>> TRACK_EVENTS = new TypeReference<>() { };

    private final EnvironmentRegistry environments;
    private final InsightTracker insights;

    public SdkEndpoints(EnvironmentRegistry environments, InsightTracker insights) {
        this.environments = environments;
        this.insights = insights;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HttpMethod.GET, "/api/public/sdk/server/latest-all", Route.SERVER, this::serverLatestAll),
                new Route(HttpMethod.POST, "/api/public/sdk/client/latest-all", Route.CLIENT, this::clientLatestAll),
                new Route(HttpMethod.POST, "/api/public/insight/track", Route.ANY, this::track),
                new Route(HttpMethod.POST, "/api/public/featureflag/evaluate", Route.ANY, this::evaluate));
    }

    /** The caller's environment, loaded if needed (store errors surface as 503). */
    private EnvironmentData environment(SdkRequest r) {
        return environments.get(r.secret().envId()).join();
    }

    private FullHttpResponse serverLatestAll(SdkRequest r) throws BadRequest {
        long timestamp = timestamp(r);
        EnvironmentData env = environment(r);
        List<FlagEntry> flags = env.flagsAfter(timestamp);
        List<SegmentEntry> segments = env.segmentsAfter(timestamp);
        if (timestamp != 0 && flags.isEmpty() && segments.isEmpty()) {
            return HttpResponses.empty(HttpResponseStatus.OK);
        }
        return HttpResponses.json(Payloads.serverDataSync(r.alloc(), ServerSdkPayload.eventType(timestamp), flags, segments));
    }

    private FullHttpResponse clientLatestAll(SdkRequest r) throws BadRequest {
        long timestamp = timestamp(r);
        EndUser user = r.body(EndUser.class);
        if (user == null || user.keyId() == null || user.keyId().isBlank()) {
            throw new BadRequest("invalid end user");
        }
        EnvironmentData env = environment(r);
        if (timestamp != 0 && env.flagsAfter(timestamp).isEmpty()) {
            return HttpResponses.empty(HttpResponseStatus.OK);
        }
        return HttpResponses.json(DataSyncService.clientReply(env, user, timestamp));
    }

    private FullHttpResponse track(SdkRequest r) throws BadRequest {
        List<TrackEvent> events = r.body(TRACK_EVENTS);
        if (events == null) {
            throw new BadRequest(null);
        }
        insights.track(r.secret().envId(), events);
        return HttpResponses.empty(HttpResponseStatus.OK);
    }

    private FullHttpResponse evaluate(SdkRequest r) throws BadRequest {
        EvaluateRequest body = r.body(EvaluateRequest.class);
        if (body == null || body.user() == null || body.user().keyId() == null || body.user().keyId().isBlank()) {
            throw new BadRequest("A valid user is required.");
        }
        EvaluateRequest.Filter filter = body.filter() == null ? new EvaluateRequest.Filter("and", List.of(), List.of(), null) : body.filter();
        String mode = filter.tagFilterMode() == null ? "and" : filter.tagFilterMode();
        if (!mode.equalsIgnoreCase("and") && !mode.equalsIgnoreCase("or")) {
            throw new BadRequest("Invalid tag filter mode: " + mode + ". Valid values are 'and' or 'or'.");
        }
        long since = filter.timestamp() == null ? 0 : Math.max(0, filter.timestamp());
        EnvironmentData env = environment(r);
        SegmentLookup segments = FlagEvaluation.segmentsOf(env);
        List<EvaluateRequest.EvaluatedFlag> out = new ArrayList<>();
        for (FlagEntry e : env.flagsAfter(since)) {
            FeatureFlag flag = e.flag();
            if (!filter.keys().isEmpty() && !filter.keys().contains(flag.key())) {
                continue;
            }
            if (!filter.tags().isEmpty()) {
                boolean match = mode.equalsIgnoreCase("and") ? flag.tags().containsAll(filter.tags()) : filter.tags().stream().anyMatch(flag.tags()::contains);
                if (!match) {
                    continue;
                }
            }
            FlagEvaluation.evaluate(flag, body.user(), segments).ifPresent(res -> out.add(evaluated(flag, res)));
        }
        return HttpResponses.json(Unpooled.wrappedBuffer(Json.writeBytes(out)));
    }

    private static EvaluateRequest.EvaluatedFlag evaluated(FeatureFlag flag, EvaluationResult r) {
        Variation v = r.variation().orElse(null);
        return new EvaluateRequest.EvaluatedFlag(flag.key(), new EvaluateRequest.EvaluatedVariation(
                v == null ? null : v.id(), flag.variationType(), v == null ? null : v.value(), r.matchReason(), r.sendToExperiment()));
    }

    private static long timestamp(SdkRequest r) throws BadRequest {
        String t = r.query("timestamp").orElse("").trim();
        if (t.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new BadRequest("The value '" + t + "' is not valid for timestamp.");
        }
    }
}
