package io.toggleworks.portal.apiclient;

import java.util.List;

/** A project with its environments. */
public record Project(String id, String name, String key, List<Environment> environments) {
}
