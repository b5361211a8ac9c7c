package io.toggleworks.portal.apiclient;

import java.util.List;

/** A variation's bucket range [from, to] inside 0..1. */
public record RolloutVariation(String id, List<Double> rollout, double exptRollout) {
}
