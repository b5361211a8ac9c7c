package io.toggleworks.benchmarks.analytics;

import io.toggleworks.spi.analytics.AnalyticsStore;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A random database on the machine's PostgreSQL, migrated by the platform's Flyway scripts (FeatBit's schema, whose
 * {@code events} table and {@code idx_events_combined} the store uses), dropped at the end.
 */
final class PostgresTarget implements Target {
    private final String host;
    private final int port;
    private final String database;
    private final String version;
    private final AnalyticsStore store;

    PostgresTarget(String host, int port) {
        this.host = host;
        this.port = port;
        this.database = "tw_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("create database " + database);
            try (ResultSet rs = s.executeQuery("select current_setting('server_version')")) {
                rs.next();
                version = "PostgreSQL " + rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " (user postgres, trust) is needed: "
                    + e.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(jdbcUrl(), "postgres", "").locations("classpath:db/migration/postgresql")
                    .load().migrate();
            // SQL run after the migrations, for paired runs, e.g.
            // BENCH_POSTGRES_SETUP="alter table events disable trigger flag_end_user_last_insert".
            String setup = System.getenv().getOrDefault("BENCH_POSTGRES_SETUP", "");
            if (!setup.isBlank()) {
                try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
                    s.execute(setup);
                } catch (SQLException e) {
                    throw new IllegalStateException("BENCH_POSTGRES_SETUP failed: " + e.getMessage(), e);
                }
            }
            store = Target.open("Postgres", Map.of("Postgres__ConnectionString",
                    "Host=" + host + ";Port=" + port + ";Username=postgres;Password=;Database=" + database));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
    }

    @Override
    public String provider() {
        return "Postgres";
    }

    @Override
    public String server() {
        return version;
    }

    @Override
    public AnalyticsStore store() {
        return store;
    }

    /** A DAS database has been analysed by autovacuum long before anyone asks for 30 days of insights. */
    @Override
    public String afterIngest() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("analyze events");
            return "ANALYZE events";
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, Object> sizes() {
        Map<String, Object> sizes = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_total_relation_size('events'), pg_relation_size('events'),"
                     + " pg_indexes_size('events'), pg_database_size(current_database())")) {
            rs.next();
            sizes.put("events_total_bytes", rs.getLong(1));
            sizes.put("events_heap_bytes", rs.getLong(2));
            sizes.put("events_indexes_bytes", rs.getLong(3));
            sizes.put("database_bytes", rs.getLong(4));
        } catch (SQLException e) {
            sizes.put("error", e.getMessage());
        }
        // Autovacuum may be working on the fresh table while the queries run; say so.
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select n_live_tup, last_autovacuum, last_autoanalyze, autovacuum_count,"
                     + " autoanalyze_count from pg_stat_user_tables where relname = 'events'")) {
            if (rs.next()) {
                sizes.put("n_live_tup", rs.getLong(1));
                sizes.put("last_autovacuum", String.valueOf(rs.getObject(2)));
                sizes.put("last_autoanalyze", String.valueOf(rs.getObject(3)));
                sizes.put("autovacuum_count", rs.getLong(4));
                sizes.put("autoanalyze_count", rs.getLong(5));
            }
        } catch (SQLException e) {
            sizes.put("error", e.getMessage());
        }
        return sizes;
    }

    @Override
    public Map<String, Object> serverSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        try (Connection c = admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select name, setting || coalesce(' ' || unit, '') from pg_settings where name in ('shared_buffers',"
                        + " 'work_mem', 'synchronous_commit', 'max_wal_size', 'max_parallel_workers_per_gather',"
                        + " 'effective_cache_size', 'autovacuum') order by name")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            settings.put("error", e.getMessage());
        }
        return settings;
    }

    /**
     * CPU of the server processes working for this database (the store's pooled connections, autovacuum on it), as
     * listed in pg_stat_activity; shared processes (WAL writer, checkpointer) are not counted. A backend that ended
     * between two readings is lost, so this is a lower bound.
     */
    @Override
    public long serverCpuNanos() {
        long sum = 0;
        try (Connection c = admin(); var ps = c.prepareStatement(
                "select pid from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long n = ProcCpu.processNanos(rs.getLong(1));
                    if (n >= 0) {
                        sum += n;
                    }
                }
            }
        } catch (SQLException e) {
            return -1;
        }
        return sum;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        } catch (SQLException e) {
            System.err.println("could not drop " + database + ": " + e.getMessage());
        }
    }
}
