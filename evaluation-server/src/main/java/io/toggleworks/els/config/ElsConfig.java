package io.toggleworks.els.config;

import io.toggleworks.spi.config.ProviderConfig;

import java.time.Duration;

/**
 * The Evaluation Server's settings, read with FeatBit's names (evaluation-server.md §2, infrastructure §6.3) so an
 * operator's FeatBit environment works unchanged. Our own additions use the same {@code Section__Key} style.
 *
 * @param port           {@code ASPNETCORE_URLS}'s port (FeatBit: {@code http://*:5100}), or {@code Els__Port}
 * @param tokenExpiry    {@code Streaming__TokenExpirySeconds}: the symmetric clock-skew window of connection tokens
 * @param secretCacheTtl how long a secret found in the store is trusted without asking again
 * @param resyncInterval how often in-memory environments are compared with the store by updatedAt
 * @param fullReloadEvery every n-th resync reloads everything, dropping deleted flags and segments
 * @param httpMaxBodyBytes largest accepted HTTP request body
 * @param shutdownGrace  how long shutdown waits for buffered job messages to reach the queue
 */
public record ElsConfig(
        String host,
        int port,
        String dbProvider,
        String mqProvider,
        String cacheProvider,
        Duration tokenExpiry,
        Duration secretCacheTtl,
        Duration resyncInterval,
        int fullReloadEvery,
        int httpMaxBodyBytes,
        int ioThreads,
        Duration shutdownGrace,
        StreamingLimits limits,
        CorsConfig cors,
        ProviderConfig raw) {

    public static ElsConfig from(ProviderConfig c) {
        return new ElsConfig(
                c.get("Els:Host", "0.0.0.0"),
                c.get("Els:Port").map(Integer::parseInt).orElseGet(() -> portOf(c.get("ASPNETCORE_URLS", "http://*:5100"))),
                c.get("DbProvider", "Postgres"),
                c.get("MqProvider", "Postgres"),
                c.get("CacheProvider", "None"),
                Duration.ofSeconds(c.getInt("Streaming:TokenExpirySeconds", 30)),
                Duration.ofSeconds(c.getInt("Streaming:SecretCacheSeconds", 30)),
                Duration.ofSeconds(c.getInt("Streaming:ResyncIntervalSeconds", 30)),
                c.getInt("Streaming:FullReloadEvery", 20),
                c.getInt("Http:MaxBodyBytes", 4 * 1024 * 1024),
                c.getInt("Els:IoThreads", 0),
                Duration.ofSeconds(c.getInt("Els:ShutdownGraceSeconds", 20)),
                StreamingLimits.from(c),
                CorsConfig.from(c),
                c);
    }

    /** The port of the first URL in a {@code ;}-separated ASP.NET URL list, 5100 if none is given. */
    static int portOf(String urls) {
        for (String url : urls.split(";")) {
            String u = url.trim();
            int colon = u.lastIndexOf(':');
            if (colon > 0 && colon < u.length() - 1 && Character.isDigit(u.charAt(colon + 1))) {
                String digits = u.substring(colon + 1).replaceAll("[^0-9].*$", "");
                return Integer.parseInt(digits);
            }
        }
        return 5100;
    }

    public ElsConfig withPort(int newPort) {
        return new ElsConfig(host, newPort, dbProvider, mqProvider, cacheProvider, tokenExpiry, secretCacheTtl, resyncInterval,
                fullReloadEvery, httpMaxBodyBytes, ioThreads, shutdownGrace, limits, cors, raw);
    }
}
