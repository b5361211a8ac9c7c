package io.toggleworks.core.flag;

import java.util.List;

/** The default rule, applied when no target and no rule matched. */
public record Fallthrough(String dispatchKey, boolean includedInExpt, List<RolloutVariation> variations) {
    public Fallthrough {
        variations = variations == null ? List.of() : List.copyOf(variations);
    }
}
