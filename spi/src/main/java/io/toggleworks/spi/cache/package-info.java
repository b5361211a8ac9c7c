/**
 * The Evaluation Server's cache as the API writes it ({@code CacheProvider}, infrastructure-and-analytics.md §3):
 * upserts and deletes after every committed change, and one population of everything at start-up.
 * Implementations are found with {@link java.util.ServiceLoader}; {@code None} is built in.
 */
package io.toggleworks.spi.cache;
