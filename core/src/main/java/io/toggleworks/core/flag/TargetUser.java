package io.toggleworks.core.flag;

import java.util.List;

/** Individual targeting: these end-user keys get this variation. */
public record TargetUser(List<String> keyIds, String variationId) {
    public TargetUser {
        keyIds = keyIds == null ? List.of() : List.copyOf(keyIds);
    }
}
