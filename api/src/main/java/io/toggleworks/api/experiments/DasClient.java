package io.toggleworks.api.experiments;

import io.toggleworks.api.config.FeatBitSettings;
import io.toggleworks.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The API's client of the DAS's {@code POST /api/expt/results}, at FeatBit's {@code OLAP__ServiceHost} (default
 * {@code http://da-server}). Times go out in microseconds, as FeatBit's API converts them. A DAS that is down or
 * answers an error yields empty: the caller keeps the iteration's last stored results (ADR 0076).
 */
@Component
public class DasClient {
    private static final Logger log = LoggerFactory.getLogger(DasClient.class);
    private static final TypeReference<List<IterationResult>> RESULTS = new TypeReference<>() { };

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DasClient(FeatBitSettings settings) {
        String host = settings.get("OLAP__ServiceHost", "http://da-server").trim();
        this.endpoint = URI.create(host.replaceAll("/+$", "") + "/api/expt/results");
    }

    /** FeatBit's {@code ExptIterationParam}; {@code startTimeMs}/{@code endTimeMs} are converted to µs on the wire. */
    public record IterationQuery(UUID exptId, String iterationId, UUID envId, String flagExptId,
                                 String baselineVariationId, List<String> variationIds, String eventName,
                                 int eventType, int customEventTrackOption, int customEventSuccessCriteria,
                                 String customEventUnit, long startTimeMs, Long endTimeMs, double alpha) {
    }

    /** What the API keeps of an answer: the per-variation results and whether the iteration's window is over. */
    public record IterationAnswer(List<IterationResult> results, boolean isFinish) {
    }

    private record Wire(UUID exptId, String iterationId, UUID envId, String flagExptId, String baselineVariationId,
                        List<String> variationIds, String eventName, int eventType, int customEventTrackOption,
                        int customEventSuccessCriteria, String customEventUnit, long startExptTime,
                        Long endExptTime, double alpha) {
    }

    public Optional<IterationAnswer> results(IterationQuery q) {
        Wire wire = new Wire(q.exptId(), q.iterationId(), q.envId(), q.flagExptId(), q.baselineVariationId(),
                q.variationIds(), q.eventName(), q.eventType(), q.customEventTrackOption(),
                q.customEventSuccessCriteria(), q.customEventUnit(), q.startTimeMs() * 1000,
                q.endTimeMs() == null ? null : q.endTimeMs() * 1000, q.alpha());
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(wire))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn("DAS {} answered {}: {}", endpoint, response.statusCode(), abbreviate(response.body()));
                return Optional.empty();
            }
            JsonNode data = Json.tree(response.body()).path("data");
            JsonNode results = data.path("results");
            if (!results.isArray()) {
                log.warn("DAS {} answered without results: {}", endpoint, abbreviate(response.body()));
                return Optional.empty();
            }
            return Optional.of(new IterationAnswer(Json.read(results.toString(), RESULTS),
                    data.path("isFinish").asBoolean(false)));
        } catch (IOException | RuntimeException e) {
            log.warn("DAS {} unreachable or unreadable: {}", endpoint, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
