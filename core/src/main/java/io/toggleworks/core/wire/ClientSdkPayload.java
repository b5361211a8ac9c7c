package io.toggleworks.core.wire;

import java.util.List;

/**
 * The {@code data} of a client SDK's {@code data-sync} reply (evaluation-server.md §3.5): every changed flag,
 * evaluated for the connection's user. The JS client drops replies whose {@code userKeyId} is not its user's.
 */
public record ClientSdkPayload(String eventType, String userKeyId, List<ClientSdkFlag> featureFlags) {
    public ClientSdkPayload {
        featureFlags = featureFlags == null ? List.of() : List.copyOf(featureFlags);
    }

    public static ClientSdkPayload of(long cursor, String userKeyId, List<ClientSdkFlag> flags) {
        return new ClientSdkPayload(ServerSdkPayload.eventType(cursor), userKeyId, flags);
    }
}
