package io.toggleworks.portal.apiclient;

/** Environment settings. */
public record EnvSettings(boolean requireChangeComment) {
}
