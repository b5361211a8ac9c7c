package io.toggleworks.portal.apiclient;

import java.util.List;

/** A targeting rule; the first matching rule wins. */
public record TargetRule(String id, String name, String dispatchKey, boolean includedInExpt, List<Condition> conditions, List<RolloutVariation> variations) {
}
