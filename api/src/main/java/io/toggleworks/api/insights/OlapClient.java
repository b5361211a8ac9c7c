package io.toggleworks.api.insights;

import io.toggleworks.api.config.FeatBitSettings;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * FeatBit's {@code OlapService}: a typed HTTP client of the DAS at {@code OLAP__ServiceHost} (default
 * {@code http://da-server}, as FeatBit's). An unreachable DAS is a 503 {@code AnalyticsServiceUnavailable}; a DAS
 * that fails the request a 502 {@code AnalyticsServiceError}; neither leaks details to the caller.
 */
@Component
public class OlapClient {
    static final String UNAVAILABLE = "AnalyticsServiceUnavailable";
    static final String FAILED = "AnalyticsServiceError";
    private static final Logger log = LoggerFactory.getLogger(OlapClient.class);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public OlapClient(FeatBitSettings settings) {
        String host = settings.get("OLAP__ServiceHost", "http://da-server").trim();
        this.base = URI.create(host.endsWith("/") ? host : host + "/");
    }

    public record DasVariation(String id, long val) {
    }

    public record DasBucket(String time, List<DasVariation> variations) {
    }

    public record DasEndUser(String variationId, String keyId, String name, String lastEvaluatedAt) {
    }

    public record DasEndUsers(long totalCount, List<DasEndUser> items) {
    }

    /** {@code POST /api/events/stat/featureflag}; times in µs. */
    public record FlagInsightsRequest(String flagExptId, String envId, String intervalType, long startTime, long endTime,
                                      String timezone) {
    }

    /** {@code POST /api/events/stat/enduser}; times in µs. */
    public record EndUsersRequest(String envId, String flagExptId, String variationId, String query, long startTime,
                                  long endTime, int pageIndex, int pageSize) {
    }

    public List<DasBucket> flagInsights(FlagInsightsRequest request) {
        JsonNode data = call("api/events/stat/featureflag", request);
        return Json.mapper().convertValue(data, Json.mapper().getTypeFactory().constructCollectionType(List.class, DasBucket.class));
    }

    public DasEndUsers endUsers(EndUsersRequest request) {
        return Json.mapper().convertValue(call("api/events/stat/enduser", request), DasEndUsers.class);
    }

    private JsonNode call(String path, Object body) {
        URI uri = base.resolve(path);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            log.warn("DAS at {} unreachable: {}", uri, e.toString());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE);
        }
        JsonNode envelope;
        try {
            envelope = Json.tree(response.body());
        } catch (RuntimeException e) {
            envelope = null;
        }
        if (response.statusCode() == 503) {
            log.warn("DAS at {} answered 503: {}", uri, abbreviate(response.body()));
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE);
        }
        if (response.statusCode() != 200 || envelope == null || envelope.path("code").asInt(0) != 200 || !envelope.has("data")) {
            log.warn("DAS at {} failed with HTTP {}: {}", uri, response.statusCode(), abbreviate(response.body()));
            throw new ApiException(HttpStatus.BAD_GATEWAY, FAILED);
        }
        return envelope.get("data");
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
