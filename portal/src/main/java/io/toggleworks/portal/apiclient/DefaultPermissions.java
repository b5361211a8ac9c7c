package io.toggleworks.portal.apiclient;

import java.util.List;

/** Applied to members added without explicit permissions. */
public record DefaultPermissions(List<String> policyIds, List<String> groupIds) {
}
