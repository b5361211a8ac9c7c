package io.toggleworks.testkit.store;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.segment.Segment;

import java.util.List;
import java.util.UUID;

/**
 * What {@link EvaluationStoreConformanceTest} writes into an empty database before it opens a store: the tenancy
 * chain of each environment, its secrets, flags and segments, in back-end-neutral form. Each implementation's
 * {@code seed} turns it into its own rows or documents as FeatBit stores them.
 */
public record StoreSeed(List<Environment> environments, List<FeatureFlag> flags, List<SeedSegment> segments) {
    public StoreSeed {
        environments = List.copyOf(environments);
        flags = List.copyOf(flags);
        segments = List.copyOf(segments);
    }

    /**
     * One environment with its whole tenancy chain. Several environments may share a workspace, organization or
     * project (same ids); a seeder writes each of those once.
     */
    public record Environment(UUID workspaceId, UUID organizationId, String organizationKey, UUID projectId,
                              String projectKey, UUID id, String key, List<Secret> secrets) {
        public Environment {
            secrets = List.copyOf(secrets);
        }

        /** FeatBit's v2 resource name of the environment, the form segment scopes are compared with. */
        public String resourceName() {
            return "organization/" + organizationKey + ":project/" + projectKey + ":env/" + key;
        }
    }

    /** One element of an environment's {@code secrets} array; {@code type} is FeatBit's wire string (server, client). */
    public record Secret(String id, String name, String type, String value) {
    }

    /**
     * A segment as stored: {@code segment} carries the owning env in {@code envId}; {@code type} is
     * {@code environment-specific} or {@code shared}; {@code scopes} are resource-name prefixes.
     */
    public record SeedSegment(Segment segment, UUID workspaceId, String type, List<String> scopes) {
        public SeedSegment {
            scopes = List.copyOf(scopes);
        }
    }
}
