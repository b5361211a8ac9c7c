/**
 * The Evaluation Server's cache as the API keeps it ({@code CacheProvider}, infrastructure-and-analytics.md §3.2-3.3):
 * written after every committed flag, segment, secret and environment change, populated once at start-up before the
 * API serves, and repaired (repopulated) when a write failed or the cache lost its data. With {@code CacheProvider=None}
 * every step is a no-op. See ADRs 0035-0037.
 */
package io.toggleworks.api.cache;
