package io.toggleworks.portal.apiclient;

import java.util.List;

/** What a flag serves when on and when off (list view). */
public record Serves(List<String> enabledVariations, String disabledVariation) {
}
