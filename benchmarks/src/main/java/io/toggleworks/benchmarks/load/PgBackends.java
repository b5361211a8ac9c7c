package io.toggleworks.benchmarks.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the PostgreSQL backends serving one database (the services' pools and queue listeners), since
 * PostgreSQL shares the machine too. Backends are found in {@code pg_stat_activity} at start and at stop; one that
 * came or went in between counts with what it used while both readings saw it.
 */
final class PgBackends {
    private final String database;
    private Map<Long, Double> start = new HashMap<>();

    PgBackends(String database) {
        this.database = database;
    }

    PgBackends start() {
        start = read();
        return this;
    }

    /** CPU seconds the database's backends used since {@link #start}. */
    double stop() {
        Map<Long, Double> now = read();
        double sum = 0;
        for (var e : now.entrySet()) {
            Double before = start.get(e.getKey());
            if (before != null) {
                sum += e.getValue() - before;
            }
        }
        return sum;
    }

    private Map<Long, Double> read() {
        Map<Long, Double> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             PreparedStatement ps = c.prepareStatement("select pid from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long pid = rs.getLong(1);
                    try {
                        out.put(pid, new Proc(pid, "postgres").cpuSeconds());
                    } catch (IllegalStateException gone) {
                        // ended between the query and the read
                    }
                }
            }
        } catch (SQLException e) {
            System.err.println("cannot list PostgreSQL backends: " + e.getMessage());
        }
        return out;
    }
}
