package io.toggleworks.das.experiments;

import io.toggleworks.das.web.DasResponse;
import io.toggleworks.das.web.JsonRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/** {@code POST /api/expt/results}: called by the API when an iteration starts, stops or is refreshed. */
@RestController
public class ExperimentResultsController {
    private final ExperimentAnalysis analysis;

    public ExperimentResultsController(ExperimentAnalysis analysis) {
        this.analysis = analysis;
    }

    @PostMapping("/api/expt/results")
    public DasResponse<Map<String, Object>> results(@RequestBody(required = false) JsonNode body) {
        return DasResponse.ok(analysis.results(ExperimentResultsRequest.parse(new JsonRequest(body))));
    }
}
