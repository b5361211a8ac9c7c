package io.toggleworks.infra.redis.connection;

import io.lettuce.core.RedisURI;
import io.toggleworks.spi.config.ProviderConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * FeatBit's {@code Redis__ConnectionString}, read in StackExchange.Redis syntax
 * ({@code host:port[,host2:port2],password=...,ssl=true,abortConnect=false,defaultDatabase=N,user=...}) or as a
 * {@code redis://} / {@code rediss://} URI, and turned into Lettuce {@link RedisURI}s.
 *
 * <p>Options Lettuce has no use for (StackExchange tuning such as {@code abortConnect}, {@code keepAlive},
 * {@code allowAdmin}) are accepted and ignored, so an operator's FeatBit string works unchanged; an unknown option is
 * an error, as it is for StackExchange.Redis, so that a typo does not pass silently. {@link #toString()} never shows
 * the password.
 *
 * @param endpoints      hosts in the order given; the first is used (StackExchange would pick the primary)
 * @param user           ACL user name ({@code user=})
 * @param password       {@code password=}, or {@code Redis__Password} which overrides it
 * @param ssl            {@code ssl=true} or a {@code rediss://} URI
 * @param database       {@code defaultDatabase=} (0 when absent)
 * @param clientName     {@code name=}: the name shown by {@code CLIENT LIST}
 * @param channelPrefix  {@code channelPrefix=}: StackExchange prepends it to every pub/sub channel name
 * @param connectTimeout {@code connectTimeout=} in ms (StackExchange's default 5 s)
 * @param commandTimeout {@code syncTimeout=} in ms (StackExchange's default 5 s)
 */
public record RedisConnectionString(List<Endpoint> endpoints, Optional<String> user, Optional<String> password,
                                    boolean ssl, int database, Optional<String> clientName, String channelPrefix,
                                    Duration connectTimeout, Duration commandTimeout) {

    public static final String SETTING = "Redis__ConnectionString";
    public static final String PASSWORD_SETTING = "Redis__Password";
    /** FeatBit's default when nothing is configured (its compose files name the host {@code redis}). */
    public static final String DEFAULT = "localhost:6379";

    private static final int DEFAULT_PORT = 6379;
    private static final int DEFAULT_SSL_PORT = 6380;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** StackExchange options that have no Lettuce counterpart here; accepted so FeatBit's strings keep working. */
    private static final Set<String> IGNORED = Set.of(
            "abortconnect", "allowadmin", "asynctimeout", "checkcertificaterevocation", "configchannel",
            "configcheckseconds", "connectretry", "highprioritysocketthreads", "keepalive", "proxy", "resolvedns",
            "responsetimeout", "servicename", "setlib", "sslhost", "sslprotocols", "tiebreaker", "tunnel", "version",
            "writebuffer", "protocol");

    /** One {@code host:port}. */
    public record Endpoint(String host, int port) {
        public Endpoint {
            if (host.isBlank()) {
                throw new IllegalArgumentException("Redis host must not be empty");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("Redis port out of range: " + port);
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public RedisConnectionString {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("Redis connection string names no host");
        }
        if (database < 0) {
            throw new IllegalArgumentException("defaultDatabase must not be negative: " + database);
        }
    }

    /** {@code Redis__ConnectionString} (default {@value #DEFAULT}) with {@code Redis__Password} applied. */
    public static RedisConnectionString from(ProviderConfig config) {
        RedisConnectionString parsed = parse(config.get(SETTING, DEFAULT));
        return config.get(PASSWORD_SETTING).map(parsed::withPassword).orElse(parsed);
    }

    public static RedisConnectionString parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("Redis connection string is empty");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("redis://") || lower.startsWith("rediss://")) {
            return fromUri(s);
        }
        return fromStackExchange(s);
    }

    private static RedisConnectionString fromUri(String s) {
        RedisURI uri;
        try {
            uri = RedisURI.create(s);
        } catch (RuntimeException e) {
            // Lettuce's message may echo the URI, password included.
            throw new IllegalArgumentException("Redis URI is malformed (expected redis://[user:password@]host[:port][/db])");
        }
        Optional<String> password = Optional.ofNullable(uri.getPassword()).map(String::new).filter(p -> !p.isEmpty());
        return new RedisConnectionString(List.of(new Endpoint(uri.getHost(), uri.getPort())),
                Optional.ofNullable(uri.getUsername()).filter(u -> !u.isEmpty()), password, uri.isSsl(),
                uri.getDatabase(), Optional.ofNullable(uri.getClientName()), "", DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    private static RedisConnectionString fromStackExchange(String s) {
        List<String> hosts = new ArrayList<>();
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        Optional<String> clientName = Optional.empty();
        boolean ssl = false;
        int database = 0;
        String channelPrefix = "";
        Duration connectTimeout = DEFAULT_TIMEOUT;
        Duration commandTimeout = DEFAULT_TIMEOUT;
        for (String raw : s.split(",")) {
            String part = raw.trim();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                hosts.add(part);
                continue;
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1).trim();
            if (key.startsWith("$")) {
                continue; // command renames ($INFO=...): nothing we send is renamed
            }
            switch (key) {
                case "password" -> password = Optional.of(value).filter(v -> !v.isEmpty());
                case "user" -> user = Optional.of(value).filter(v -> !v.isEmpty());
                case "ssl" -> ssl = bool(key, value);
                case "defaultdatabase" -> database = integer(key, value);
                case "name" -> clientName = Optional.of(value).filter(v -> !v.isEmpty());
                case "channelprefix" -> channelPrefix = value;
                case "connecttimeout" -> connectTimeout = Duration.ofMillis(integer(key, value));
                case "synctimeout" -> commandTimeout = Duration.ofMillis(integer(key, value));
                default -> {
                    if (!IGNORED.contains(key)) {
                        throw new IllegalArgumentException("Redis connection string option '" + part.substring(0, eq).trim()
                                + "' is not supported");
                    }
                }
            }
        }
        boolean useSsl = ssl;
        List<Endpoint> endpoints = hosts.stream().map(h -> endpoint(h, useSsl ? DEFAULT_SSL_PORT : DEFAULT_PORT)).toList();
        return new RedisConnectionString(endpoints, user, password, ssl, database, clientName, channelPrefix,
                connectTimeout, commandTimeout);
    }

    private static Endpoint endpoint(String text, int defaultPort) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) { // [::1]:6379
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("Redis endpoint has an unclosed '[': " + text);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("Redis endpoint is malformed: " + text);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Redis endpoint has a bad port: " + text);
            }
        }
        return new Endpoint(host.trim(), p);
    }

    private static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("Redis connection string option " + key
                    + " must be true or false: " + value);
        };
    }

    private static int integer(String key, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Redis connection string option " + key
                    + " must be a non-negative whole number: " + value);
        }
    }

    public RedisConnectionString withPassword(String newPassword) {
        return new RedisConnectionString(endpoints, user, Optional.of(newPassword).filter(p -> !p.isEmpty()), ssl,
                database, clientName, channelPrefix, connectTimeout, commandTimeout);
    }

    public RedisConnectionString withClientName(String name) {
        return new RedisConnectionString(endpoints, user, password, ssl, database, Optional.of(name), channelPrefix,
                connectTimeout, commandTimeout);
    }

    /** The first endpoint as a Lettuce URI, with credentials, TLS, database, client name and timeouts. */
    public RedisURI toRedisUri() {
        return toRedisUri(endpoints.getFirst());
    }

    /** Every endpoint, in order. */
    public List<RedisURI> toRedisUris() {
        return endpoints.stream().map(this::toRedisUri).toList();
    }

    private RedisURI toRedisUri(Endpoint e) {
        RedisURI.Builder b = RedisURI.builder().withHost(e.host()).withPort(e.port()).withSsl(ssl)
                .withDatabase(database).withTimeout(commandTimeout);
        if (password.isPresent()) {
            if (user.isPresent()) {
                b.withAuthentication(user.get(), password.get().toCharArray());
            } else {
                b.withPassword(password.get().toCharArray());
            }
        }
        clientName.ifPresent(b::withClientName);
        return b.build();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.join(",", endpoints.stream().map(Endpoint::toString).toList()));
        user.ifPresent(u -> sb.append(",user=").append(u));
        password.ifPresent(p -> sb.append(",password=***"));
        if (ssl) {
            sb.append(",ssl=true");
        }
        if (database != 0) {
            sb.append(",defaultDatabase=").append(database);
        }
        clientName.ifPresent(n -> sb.append(",name=").append(n));
        if (!channelPrefix.isEmpty()) {
            sb.append(",channelPrefix=").append(channelPrefix);
        }
        return sb.toString();
    }
}
