package io.toggleworks.els.http;

import io.toggleworks.core.enduser.EndUser;

import java.util.List;

/** Body of {@code POST /api/public/featureflag/evaluate} (evaluation-server.md §2.2). */
record EvaluateRequest(EndUser user, Filter filter) {
    record Filter(String tagFilterMode, List<String> tags, List<String> keys, Long timestamp) {
        Filter {
            tags = tags == null ? List.of() : List.copyOf(tags);
            keys = keys == null ? List.of() : List.copyOf(keys);
        }
    }

    /** One element of the answer. */
    record EvaluatedFlag(String key, EvaluatedVariation variation) {
    }

    record EvaluatedVariation(String id, String type, String value, String matchReason, boolean sendToExperiment) {
    }
}
