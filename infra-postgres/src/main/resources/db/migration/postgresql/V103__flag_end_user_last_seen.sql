-- The end users of a hot flag (§5.4.2) group every one of its evaluations in the window: 1.87 million rows for 30
-- days at 10 million events, 15 s. For a window reaching past the flag's newest event (the portal's "last N days"
-- until now) the answer only needs, per (variation, user key, name), the time of the latest evaluation: this table
-- keeps it, so such a window reads one row per user instead of every evaluation (ADR 0083). Only FlagValue events
-- with an environment are kept: the query reads nothing else.
-- variation and user_key keep NULL apart from '' (the raw query groups them apart); name is coalesce(tag_3, '')
-- (the store shows a missing name as ''). Versions before PostgreSQL 15 have no "nulls not distinct", hence the
-- expressions in the unique index.
-- Safe to run again: the table, index and functions are created if missing or replaced, the triggers re-created,
-- and the rows rebuilt from the events.
create table if not exists flag_end_user_last
(
    distinct_id varchar   not null,
    env_id      varchar   not null,
    variation   text,               -- events.tag_1
    user_key    text,               -- events.tag_0
    name        text      not null, -- coalesce(events.tag_3, '')
    last        timestamp not null  -- the latest evaluation with exactly these values, UTC wall-clock time
) with (fillfactor = 80); -- room for HOT updates: "last" is in no index, every batch moves it for its users

create unique index if not exists ux_flag_end_user_last
    on flag_end_user_last (distinct_id, env_id, coalesce(variation, ''), (variation is null),
                           coalesce(user_key, ''), (user_key is null), name);

-- Statement-level triggers with transition tables, as for V102's rollups: every writer (our store's batched
-- INSERT ... ON CONFLICT (id) DO NOTHING, FeatBit's COPY, SQL by hand) keeps the table right without knowing it, and
-- a redelivered event (skipped by the primary key) is absent from new_events. Keys are upserted in one fixed order
-- (byte order: 70 ms less per 5,000-event batch than the database's collation), so concurrent writers lock shared
-- rows in the same order and cannot deadlock on them.
create or replace function flag_end_user_last_maintain() returns trigger
    language plpgsql as
$$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        -- Only ever by hand. The latest time of each key an old row had is recomputed from the events (which already
        -- show the statement's effect): one scan of the touched flags' events. Keys without events left go.
        with touched as (
            select distinct distinct_id, env_id, tag_1 as variation, tag_0 as user_key, coalesce(tag_3, '') as name
            from old_events where event = 'FlagValue' and env_id is not null),
             recomputed as (
                 select t.distinct_id, t.env_id, t.variation, t.user_key, t.name, max(e.timestamp) as last
                 from touched t
                 left join events e
                     on e.distinct_id = t.distinct_id and e.event = 'FlagValue' and e.env_id = t.env_id
                     and coalesce(e.tag_1, '') = coalesce(t.variation, '') and (e.tag_1 is null) = (t.variation is null)
                     and coalesce(e.tag_0, '') = coalesce(t.user_key, '') and (e.tag_0 is null) = (t.user_key is null)
                     and coalesce(e.tag_3, '') = t.name
                 group by 1, 2, 3, 4, 5),
             kept as (
                 insert into flag_end_user_last as r (distinct_id, env_id, variation, user_key, name, last)
                 select distinct_id, env_id, variation, user_key, name, last from recomputed where last is not null
                 order by distinct_id collate "C", env_id collate "C", coalesce(variation, '') collate "C",
                          variation is null, coalesce(user_key, '') collate "C", user_key is null, name collate "C"
                 on conflict (distinct_id, env_id, coalesce(variation, ''), (variation is null), coalesce(user_key, ''),
                              (user_key is null), name)
                     do update set last = excluded.last)
        delete from flag_end_user_last r
        using recomputed g
        where g.last is null and r.distinct_id = g.distinct_id and r.env_id = g.env_id
          and coalesce(r.variation, '') = coalesce(g.variation, '') and (r.variation is null) = (g.variation is null)
          and coalesce(r.user_key, '') = coalesce(g.user_key, '') and (r.user_key is null) = (g.user_key is null)
          and r.name = g.name;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        -- New rows only move their keys' latest time forward (a key also touched above is exact already).
        insert into flag_end_user_last as r (distinct_id, env_id, variation, user_key, name, last)
        select distinct_id, env_id, tag_1, tag_0, coalesce(tag_3, ''), max(timestamp)
        from new_events
        where event = 'FlagValue' and env_id is not null
        group by distinct_id, env_id, tag_1, tag_0, coalesce(tag_3, '')
        order by distinct_id collate "C", env_id collate "C", coalesce(tag_1, '') collate "C", tag_1 is null,
                 coalesce(tag_0, '') collate "C", tag_0 is null, coalesce(tag_3, '') collate "C"
        on conflict (distinct_id, env_id, coalesce(variation, ''), (variation is null), coalesce(user_key, ''),
                     (user_key is null), name)
            do update set last = excluded.last where r.last < excluded.last;
    end if;
    return null;
end
$$;

create or replace function flag_end_user_last_clear() returns trigger
    language plpgsql as
$$
begin
    truncate flag_end_user_last;
    return null;
end
$$;

-- Recomputes every row from the events, blocking writes to events meanwhile (reads go on). Run by this migration;
-- run it by hand after loading events with triggers disabled (pg_restore --data-only --disable-triggers,
-- session_replication_role = replica) or after a data-only restore of both tables.
create or replace function flag_end_user_last_rebuild() returns bigint
    language plpgsql as
$$
declare
    n bigint;
begin
    lock table events in share mode;
    truncate flag_end_user_last;
    insert into flag_end_user_last (distinct_id, env_id, variation, user_key, name, last)
    select distinct_id, env_id, tag_1, tag_0, coalesce(tag_3, ''), max(timestamp)
    from events
    where event = 'FlagValue' and env_id is not null
    group by distinct_id, env_id, tag_1, tag_0, coalesce(tag_3, '');
    get diagnostics n = row_count;
    return n;
end
$$;

-- One statement, so one transaction even when this file is run by hand in autocommit mode: writers are blocked
-- from the lock to the end, so no event is missed or seen twice between the rebuild and the triggers.
do
$$
begin
    lock table events in share row exclusive mode;
    drop trigger if exists flag_end_user_last_insert on events;
    drop trigger if exists flag_end_user_last_update on events;
    drop trigger if exists flag_end_user_last_delete on events;
    drop trigger if exists flag_end_user_last_truncate on events;
    create trigger flag_end_user_last_insert after insert on events
        referencing new table as new_events for each statement execute function flag_end_user_last_maintain();
    create trigger flag_end_user_last_update after update on events
        referencing old table as old_events new table as new_events
        for each statement execute function flag_end_user_last_maintain();
    create trigger flag_end_user_last_delete after delete on events
        referencing old table as old_events for each statement execute function flag_end_user_last_maintain();
    create trigger flag_end_user_last_truncate after truncate on events
        for each statement execute function flag_end_user_last_clear();
    perform flag_end_user_last_rebuild();
end
$$;
