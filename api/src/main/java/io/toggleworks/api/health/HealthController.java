package io.toggleworks.api.health;

import io.toggleworks.api.security.Anonymous;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * FeatBit's health endpoints (api.md §4.1): liveness has no checks; readiness checks the database within 5 s.
 * Plain-text {@code Healthy}/{@code Unhealthy}, as ASP.NET health checks answer.
 */
@RestController
@Anonymous
public class HealthController {
    private final DataSource dataSource;

    public HealthController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @GetMapping(value = "/health/liveness", produces = MediaType.TEXT_PLAIN_VALUE)
    public String liveness() {
        return "Healthy";
    }

    @GetMapping(value = "/health/readiness", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> readiness() {
        try {
            boolean ok = CompletableFuture.supplyAsync(this::databaseAnswers).get(5, TimeUnit.SECONDS);
            return ok ? ResponseEntity.ok("Healthy") : ResponseEntity.status(503).body("Unhealthy");
        } catch (Exception e) {
            return ResponseEntity.status(503).body("Unhealthy");
        }
    }

    private boolean databaseAnswers() {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(5);
        } catch (Exception e) {
            return false;
        }
    }
}
