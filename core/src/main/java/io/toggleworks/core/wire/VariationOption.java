package io.toggleworks.core.wire;

import io.toggleworks.core.flag.Variation;

/** A variation as client SDKs and insight events see it: id and value only (evaluation-server.md §4.3). */
public record VariationOption(String id, String value) {
    public static VariationOption of(Variation v) {
        return new VariationOption(v.id(), v.value());
    }
}
