package io.toggleworks.das.stats;

import java.util.Objects;
import java.util.Optional;

/**
 * The frequentist outcome for one arm: statistics (absent when the data is too thin to compute them), whether it is
 * the baseline, whether the difference is significant (FeatBit reports {@code isInvalid = !significant}), whether it
 * won, and FeatBit's reason text.
 */
public record Verdict(Arm arm, Optional<Estimate> estimate, boolean baseline, boolean significant, boolean winner,
                      String reason) {
    public Verdict {
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(estimate, "estimate");
        Objects.requireNonNull(reason, "reason");
    }

    Verdict asWinner() {
        return new Verdict(arm, estimate, baseline, significant, true, reason);
    }

    /** The lift used to rank significant arms; only significant arms (which always have an estimate) are ranked. */
    double delta() {
        return estimate.orElseThrow().delta();
    }
}
