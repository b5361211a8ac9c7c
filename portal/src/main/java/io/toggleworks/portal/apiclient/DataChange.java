package io.toggleworks.portal.apiclient;

/** JSON of the entity before and after a change. */
public record DataChange(String previous, String current) {
}
