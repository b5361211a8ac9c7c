package io.toggleworks.portal.apiclient;

import java.util.List;

/** Body of POST organizations/onboarding. */
public record Onboarding(String organizationName, String organizationKey, String projectName, String projectKey, List<String> environments) {
}
