package io.toggleworks.portal.apiclient;

import java.util.List;

/** A flag evaluated live for one end user. */
public record EndUserFlag(String name, String key, List<Variation> variations, String variationType, String matchVariation, String matchReason) {
}
