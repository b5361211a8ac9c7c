package io.toggleworks.portal.apiclient;

import java.util.List;

/** The body of PUT feature-flags/{key}/targeting. */
public record FlagTargeting(List<TargetUser> targetUsers, List<TargetRule> rules, Fallthrough fallthrough, boolean exptIncludeAllTargets) {
}
