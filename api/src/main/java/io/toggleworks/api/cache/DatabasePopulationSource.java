package io.toggleworks.api.cache;

import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.segments.SegmentEntity;
import io.toggleworks.api.segments.SegmentScopes;
import io.toggleworks.api.segments.SegmentStore;
import io.toggleworks.api.tenancy.Secret;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.secret.SecretType;
import io.toggleworks.spi.cache.PopulationSource;
import io.toggleworks.spi.cache.SecretEntry;
import io.toggleworks.spi.cache.SegmentEntry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Everything the cache should hold, read from the main database through the concepts' own stores: every flag
 * (archived ones included) of every environment, every segment with the environments it applies to, every secret
 * with its environment's descriptor.
 */
@Component
public class DatabasePopulationSource implements PopulationSource {
    private static final TypeReference<List<Secret>> SECRETS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final FlagStore flags;
    private final SegmentStore segments;
    private final SegmentScopes scopes;

    public DatabasePopulationSource(JdbcClient jdbc, FlagStore flags, SegmentStore segments, SegmentScopes scopes) {
        this.jdbc = jdbc;
        this.flags = flags;
        this.segments = segments;
        this.scopes = scopes;
    }

    @Override
    public void flags(Consumer<FeatureFlag> sink) {
        for (UUID envId : jdbc.sql("select id from environments order by id").query(UUID.class).list()) {
            flags.all(envId, false).forEach(sink);
            flags.all(envId, true).forEach(sink);
        }
    }

    @Override
    public void segments(Consumer<SegmentEntry> sink) {
        Map<UUID, List<SegmentScopes.EnvRn>> envsOfWorkspace = new HashMap<>();
        for (UUID id : jdbc.sql("select id from segments order by id").query(UUID.class).list()) {
            Optional<SegmentEntity> found = segments.find(id);
            if (found.isEmpty()) {
                continue; // deleted meanwhile
            }
            SegmentEntity s = found.get();
            List<UUID> envIds = s.isEnvironmentSpecific() ? List.of(s.envId())
                    : envsOfWorkspace.computeIfAbsent(s.workspaceId(), scopes::environments).stream()
                        .filter(e -> SegmentScopes.visibleIn(s, e.envId(), e.rn()))
                        .map(SegmentScopes.EnvRn::envId).toList();
            sink.accept(entry(s, envIds));
        }
    }

    static SegmentEntry entry(SegmentEntity s, List<UUID> envIds) {
        return new SegmentEntry(s.toWire(s.envId()), !s.isEnvironmentSpecific(), envIds);
    }

    @Override
    public void secrets(Consumer<SecretEntry> sink) {
        jdbc.sql("""
                select e.id, e.key, e.secrets::text as secrets, p.id as project_id, p.key as project_key,
                       o.id as org_id, o.key as org_key
                  from environments e join projects p on p.id = e.project_id join organizations o on o.id = p.organization_id
                 order by e.id""")
                .query((rs, i) -> {
                    String text = rs.getString("secrets");
                    List<Secret> list = text == null ? List.of() : Json.read(text, SECRETS);
                    UUID envId = rs.getObject("id", UUID.class);
                    UUID projectId = rs.getObject("project_id", UUID.class);
                    UUID orgId = rs.getObject("org_id", UUID.class);
                    return list.stream().flatMap(s -> entry(s, orgId, rs, projectId, envId).stream()).toList();
                })
                .list().forEach(l -> l.forEach(sink));
    }

    private static Optional<SecretEntry> entry(Secret s, UUID orgId, java.sql.ResultSet rs, UUID projectId, UUID envId) {
        try {
            Optional<SecretType> type = SecretType.fromWire(s.type());
            if (type.isEmpty() || s.value() == null || s.value().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new SecretEntry(s.value(), type.get(), orgId, rs.getString("org_key"), projectId,
                    rs.getString("project_key"), envId, rs.getString("key")));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
