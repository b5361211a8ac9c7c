package io.toggleworks.els.data;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;

import java.util.Objects;

/**
 * A flag held in memory with its JSON document, encoded once: every server-SDK sync and push copies these bytes
 * instead of serializing the flag again. Documents from the change topic are kept verbatim, as FeatBit sends them.
 */
public record FlagEntry(FeatureFlag flag, byte[] json) {
    public static FlagEntry of(FeatureFlag flag) {
        return new FlagEntry(flag, Json.writeBytes(flag));
    }

    public long version() {
        return flag.version();
    }

    /** Whether this entry should replace {@code old}: newer, or the same millisecond but another revision. */
    boolean supersedes(FlagEntry old) {
        if (old == null || version() > old.version()) {
            return true;
        }
        return version() == old.version() && flag.revision() != null && old.flag().revision() != null
                && !Objects.equals(flag.revision(), old.flag().revision());
    }
}
