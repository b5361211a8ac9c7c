package io.toggleworks.portal.apiclient;

import java.util.List;

/** Individual targeting: these end users get that variation. */
public record TargetUser(List<String> keyIds, String variationId) {
}
