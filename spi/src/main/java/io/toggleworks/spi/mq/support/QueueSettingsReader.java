package io.toggleworks.spi.mq.support;

import io.toggleworks.spi.config.ProviderConfig;

import java.time.Duration;

/**
 * Reads a provider's own tuning keys under one prefix (e.g. {@code Postgres__Queue__}), with the same rules and
 * messages for every provider: whole numbers only, durations in non-negative milliseconds.
 */
public final class QueueSettingsReader {
    private final ProviderConfig config;
    private final String prefix;

    public QueueSettingsReader(ProviderConfig config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /** The text of {@code prefix + key}, or {@code dflt}. */
    public String text(String key, String dflt) {
        return config.get(prefix + key, dflt);
    }

    public int integer(String key, int dflt) {
        try {
            return config.getInt(prefix + key, dflt);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + key + " must be a whole number: " + config.get(prefix + key, ""));
        }
    }

    public Duration millis(String key, int dflt) {
        int ms = integer(key, dflt);
        require(ms >= 0, prefix + key + " must not be negative");
        return Duration.ofMillis(ms);
    }

    public Duration hours(String key, int dflt) {
        return Duration.ofHours(integer(key, dflt));
    }

    /** Throws {@link IllegalArgumentException} with {@code message} unless {@code ok}. */
    public static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
