package io.toggleworks.infra.redis.cache;

import io.toggleworks.core.secret.DotNetGuid;

import java.util.UUID;

/**
 * FeatBit's cache key names (infrastructure-and-analytics.md §3.1), behind an optional prefix that is empty in
 * production (tests use a random one). Keys under {@code toggleworks:cache:} are ours: FeatBit neither writes nor
 * reads them, and the cache stays correct for FeatBit without them.
 */
final class RedisCacheKeys {
    private final String prefix;

    RedisCacheKeys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    String flag(UUID id) {
        return flagPrefix() + id;
    }

    String flagPrefix() {
        return prefix + "featbit:flag:";
    }

    String flagIndex(UUID envId) {
        return flagIndexPrefix() + envId;
    }

    String flagIndexPrefix() {
        return prefix + "featbit:flag-index:";
    }

    String segment(UUID id) {
        return segmentPrefix() + id;
    }

    String segmentPrefix() {
        return prefix + "featbit:segment:";
    }

    String segmentIndex(UUID envId) {
        return segmentIndexPrefix() + envId;
    }

    String segmentIndexPrefix() {
        return prefix + "featbit:segment-index:";
    }

    String secret(String value) {
        return prefix + "featbit:secret:" + value;
    }

    /**
     * A SCAN pattern matching the secrets of one environment: a secret's last 22 characters encode its
     * environment's id (evaluation-server.md §1.1), and base64url has no glob characters.
     */
    String secretsOf(UUID envId) {
        return prefix + "featbit:secret:" + "?".repeat(22) + DotNetGuid.encode(envId);
    }

    String populated() {
        return prefix + "featbit:redis-is-populated";
    }

    String populateLock() {
        return prefix + "featbit:populate-redis";
    }

    /** Set when a flag is deleted, so that a population that read the flag earlier cannot bring it back. */
    String deletedFlag(UUID id) {
        return prefix + "toggleworks:cache:deleted:flag:" + id;
    }

    String deletedSegment(UUID id) {
        return deletedSegmentPrefix() + id;
    }

    String deletedSegmentPrefix() {
        return prefix + "toggleworks:cache:deleted:segment:";
    }

    String deletedSecret(String value) {
        return prefix + "toggleworks:cache:deleted:secret:" + value;
    }

    String deletedFlagPrefix() {
        return prefix + "toggleworks:cache:deleted:flag:";
    }

    /** The environments whose segment index lists a segment, so that leaving a scope removes the entry. */
    String segmentEnvs(UUID id) {
        return segmentEnvsPrefix() + id;
    }

    /** The environment a shared segment belongs to (FeatBit's value has an empty envId). */
    String segmentOwner(UUID id) {
        return segmentOwnerPrefix() + id;
    }

    String segmentOwnerPrefix() {
        return prefix + "toggleworks:cache:segment-owner:";
    }

    String segmentEnvsPrefix() {
        return prefix + "toggleworks:cache:segment-envs:";
    }
}
