package io.toggleworks.portal.endusers;

import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.apiclient.PortalApi;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * End-user imports: the portal checks the file, then sends it to the API in chunks from a background thread so the
 * page can show progress and the final count. The API's upload is an upsert by keyId, so a retried chunk is harmless.
 */
@Component
public class EndUserImports {
    static final int CHUNK = 1000;

    public record Progress(String id, int total, int done, boolean finished, String error) {
        public int percent() {
            return total == 0 ? 100 : (int) (100L * done / total);
        }
    }

    private final Map<String, Progress> jobs = new ConcurrentHashMap<>();
    private final PortalApi api;
    private final JsonMapper json;

    public EndUserImports(PortalApi api, JsonMapper json) {
        this.api = api;
        this.json = json;
    }

    /** Validates the file and starts the import; throws {@link ApiException} with {@code file_is_invalid} if unusable. */
    public Progress start(String envId, byte[] content, HttpSession session) {
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (RuntimeException e) {
            throw new ApiException(422, List.of("file_is_invalid"));
        }
        if (root == null || !root.path("users").isArray()) throw new ApiException(422, List.of("file_is_invalid"));
        List<JsonNode> users = new ArrayList<>();
        root.path("users").forEach(users::add);
        for (JsonNode u : users) {
            if (u.path("keyId").asString("").isBlank()) throw new ApiException(400, List.of("keyId_is_required"));
        }
        if (users.size() > 50_000) throw new ApiException(422, List.of("EndUserLimitExceeded"));
        JsonNode properties = root.path("userProperties").isArray() ? root.path("userProperties") : json.createArrayNode();
        String id = UUID.randomUUID().toString();
        jobs.put(id, new Progress(id, users.size(), 0, false, null));
        Thread.ofVirtual().name("end-user-import-" + id).start(() -> run(id, envId, users, properties, session));
        return jobs.get(id);
    }

    private void run(String id, String envId, List<JsonNode> users, JsonNode properties, HttpSession session) {
        RequestContextHolder.setRequestAttributes(new SessionBoundAttributes(session));
        int done = 0;
        try {
            for (int from = 0; from < users.size() || from == 0; from += CHUNK) {
                ObjectNode body = json.createObjectNode();
                ArrayNode chunk = body.putArray("users");
                users.subList(from, Math.min(users.size(), from + CHUNK)).forEach(chunk::add);
                body.set("userProperties", from == 0 ? properties : json.createArrayNode());
                api.uploadEndUsers(envId, json.writeValueAsBytes(body));
                done = Math.min(users.size(), from + CHUNK);
                jobs.put(id, new Progress(id, users.size(), done, false, null));
                if (users.isEmpty()) break;
            }
            jobs.put(id, new Progress(id, users.size(), done, true, null));
        } catch (ApiException e) {
            jobs.put(id, new Progress(id, users.size(), done, true, String.join(" ", ApiErrors.of(e).page().isEmpty() ? ApiErrors.of(e).fields().values() : ApiErrors.of(e).page())));
        } catch (RuntimeException e) {
            jobs.put(id, new Progress(id, users.size(), done, true, "The import stopped: " + e.getMessage()));
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    public Progress get(String id) {
        return jobs.get(id);
    }
}
