package io.toggleworks.portal.apiclient;

import tools.jackson.databind.JsonNode;

/** One semantic change derived by the API. */
public record Instruction(String kind, JsonNode value) {
}
