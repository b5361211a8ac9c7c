package io.toggleworks.core.flag;

/**
 * A variation served to a share of users: {@code rollout} is the [lower, upper] range of buckets (fractions of 1),
 * {@code exptRollout} the fraction of this variation's users sent to the experiment.
 */
public record RolloutVariation(String id, double[] rollout, double exptRollout) {

    public double lower() {
        return rollout[0];
    }

    public double upper() {
        return rollout[1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RolloutVariation r && java.util.Objects.equals(id, r.id)
                && java.util.Arrays.equals(rollout, r.rollout) && Double.compare(exptRollout, r.exptRollout) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, java.util.Arrays.hashCode(rollout), exptRollout);
    }

    @Override
    public String toString() {
        return "RolloutVariation[id=" + id + ", rollout=" + java.util.Arrays.toString(rollout) + ", exptRollout=" + exptRollout + "]";
    }
}
