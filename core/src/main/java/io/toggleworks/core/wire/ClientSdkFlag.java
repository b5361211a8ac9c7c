package io.toggleworks.core.wire;

import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Variation;

import tools.jackson.databind.annotation.JsonSerialize;

import java.util.List;

/**
 * One evaluated flag in a client SDK payload (evaluation-server.md §3.5). {@code id} is the flag key;
 * {@code variation}, {@code variationId} are null when FeatBit serves no variation (archived flags, unknown ids);
 * {@code timestamp} is the flag's {@code updatedAt} in Unix ms.
 */
@JsonSerialize(using = ClientSdkFlagSerializer.class)
public record ClientSdkFlag(
        String id,
        String variation,
        String variationType,
        String variationId,
        String matchReason,
        List<VariationOption> variationOptions,
        boolean sendToExperiment,
        long timestamp) {

    public ClientSdkFlag {
        // VariationOptions is immutable and carries its pre-encoded JSON; keep it as is.
        variationOptions = variationOptions == null ? List.of()
                : variationOptions instanceof VariationOptions ? variationOptions : List.copyOf(variationOptions);
    }

    /** The client view of {@code flag} for an evaluation result; the variation type defaults to {@code string}. */
    public static ClientSdkFlag of(FeatureFlag flag, EvaluationResult result) {
        Variation v = result.variation().orElse(null);
        return new ClientSdkFlag(
                flag.key(),
                v == null ? null : v.value(),
                flag.variationType() == null ? "string" : flag.variationType(),
                v == null ? null : v.id(),
                result.matchReason(),
                VariationOptions.of(flag.variations()),
                result.sendToExperiment(),
                flag.version());
    }
}
