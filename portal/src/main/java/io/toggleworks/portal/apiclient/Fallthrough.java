package io.toggleworks.portal.apiclient;

import java.util.List;

/** The default rule. */
public record Fallthrough(String dispatchKey, boolean includedInExpt, List<RolloutVariation> variations) {
}
