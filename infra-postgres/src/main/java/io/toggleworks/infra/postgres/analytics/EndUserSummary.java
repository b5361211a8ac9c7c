package io.toggleworks.infra.postgres.analytics;

import io.toggleworks.spi.analytics.FlagEndUser;
import io.toggleworks.spi.analytics.FlagEndUsersPage;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A flag's end users from migration V103's {@code flag_end_user_last} (the latest evaluation per flag, variation,
 * user key and name, kept by triggers on {@code events}; ADR 0083), for windows ending after the flag's newest event:
 * then a group has an evaluation in the window exactly when its latest one is after the start, and that latest one
 * is the group's last time. Names: the smallest (in "C" order) of the matching names at that last time, as
 * {@link PostgresAnalyticsStore#rawFlagEndUsers} picks them. A window ending earlier needs the events.
 */
final class EndUserSummary {
    /** The table exists and its insert trigger fires in ordinary sessions ('O') or always ('A'). */
    static final String PRESENT = """
            select to_regclass('flag_end_user_last') is not null and exists (
                select 1 from pg_trigger where tgrelid = to_regclass('events') and tgname = 'flag_end_user_last_insert'
                and tgenabled in ('O', 'A'))""";

    /*
     * One statement, so one snapshot: the newest event and the summary agree. The gate (newest event before the end)
     * is computed once; when it fails nothing is grouped and the caller asks the events. "g" is read twice (total and
     * page) and so computed once.
     */
    private static final String SQL = """
            with newest as (
                select coalesce(max(timestamp) < cast(? as timestamp), true) as ok
                from events where distinct_id = ? and event = 'FlagValue' and env_id = ?),
            g as (
                select variation, user_key, max(last) as last
                from flag_end_user_last
                where distinct_id = ? and env_id = ? and last > cast(? as timestamp) and (select ok from newest) %s
                group by variation, user_key),
            p as (
                select variation, user_key, last from g
                order by last desc, variation collate "C", user_key collate "C"
                limit ? offset ?)
            select (select ok from newest), t.total, p.variation, p.user_key, n.name, p.last
            from (select count(*) as total from g) t
            left join p on true
            left join lateral (
                select min(s.name collate "C") as name from flag_end_user_last s
                where s.distinct_id = ? and s.env_id = ?
                  and coalesce(s.variation, '') = coalesce(p.variation, '') and (s.variation is null) = (p.variation is null)
                  and coalesce(s.user_key, '') = coalesce(p.user_key, '') and (s.user_key is null) = (p.user_key is null)
                  and s.last = p.last %s) n on true
            order by p.last desc, p.variation collate "C", p.user_key collate "C"
            """;

    private EndUserSummary() {
    }

    /** The page, or empty when the window ends at or before the flag's newest event (the caller asks the events). */
    static Optional<FlagEndUsersPage> flagEndUsers(Connection c, FlagEndUsersQuery q) throws SQLException {
        String end = PostgresAnalyticsStore.wallClock(q.end());
        List<String> params = new ArrayList<>(List.of(end, q.flagExptId(), q.envId(),
                q.flagExptId(), q.envId(), PostgresAnalyticsStore.wallClock(q.start())));
        StringBuilder groupFilter = new StringBuilder();
        StringBuilder nameFilter = new StringBuilder();
        q.variationId().ifPresent(v -> {
            groupFilter.append(" and variation = ?");
            params.add(v);
        });
        Optional<String> pattern = q.query().map(PostgresAnalyticsStore::containsPattern);
        pattern.ifPresent(p -> {
            groupFilter.append(" and (user_key ilike ? escape '\\' or name ilike ? escape '\\')");
            params.add(p);
            params.add(p);
            nameFilter.append(" and (s.user_key ilike ? escape '\\' or s.name ilike ? escape '\\')");
        });
        String sql = SQL.formatted(groupFilter, nameFilter);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            PostgresAnalyticsStore.bind(ps, params);
            PostgresAnalyticsStore.bindPageAndNameProbe(ps, params.size(), q, pattern);
            long total = 0;
            List<FlagEndUser> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(1)) {
                        return Optional.empty();
                    }
                    total = rs.getLong(2);
                    PostgresAnalyticsStore.endUserAt(rs, 3).ifPresent(items::add);
                }
            }
            return Optional.of(new FlagEndUsersPage(total, items));
        }
    }
}
