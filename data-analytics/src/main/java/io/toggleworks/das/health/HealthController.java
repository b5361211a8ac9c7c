package io.toggleworks.das.health;

import io.toggleworks.das.web.DasResponse;
import io.toggleworks.spi.analytics.AnalyticsStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * FeatBit's DAS health routes (§1): {@code {"code":200,"error":"","data":{"state":"production OK"}}}. FeatBit's
 * readiness never checks anything; ours answers 503 while the analytics store cannot be reached, so an orchestrator
 * does not route queries to a DAS that can only fail them.
 */
@RestController
public class HealthController {
    private static final Map<String, String> OK = Map.of("state", "production OK");
    private final AnalyticsStore store;

    public HealthController(AnalyticsStore store) {
        this.store = store;
    }

    @GetMapping({"/health/liveness", "/api"})
    public DasResponse<Map<String, String>> liveness() {
        return DasResponse.ok(OK);
    }

    @GetMapping("/health/readiness")
    public ResponseEntity<DasResponse<?>> readiness() {
        boolean ok;
        try {
            ok = CompletableFuture.supplyAsync(store::isAvailable).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            ok = false;
        }
        return ok ? ResponseEntity.ok(DasResponse.ok(OK))
                : ResponseEntity.status(503).body(DasResponse.error(503, "analytics store unavailable"));
    }
}
