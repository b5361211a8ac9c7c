-- Insight queries (flag time series, end users, experiments) filter on (distinct_id, event, env_id, timestamp) and
-- read the tags tag_0 (user key), tag_1 (variation / value), tag_2 (sent to experiment), tag_3 (user name) from the
-- JSONB properties. Reading JSONB means visiting every matching row in the heap; with the tags as stored generated
-- columns (ClickHouse materializes the same tag_N columns) a covering index answers from the index alone.
-- Measured on 10 million events: a 30-day series of a flag with 2.5 million evaluations 16 s -> 4.3 s, of a flag
-- with 280,000 evaluations 6 s -> 1.1 s (ADR 0073).
-- Writers that name their columns (FeatBit's COPY, our store) and readers of properties are unaffected: generated
-- columns are computed, never written. On a large existing table this statement rewrites it once.
alter table events
    add column if not exists tag_0 text generated always as (properties ->> 'tag_0') stored,
    add column if not exists tag_1 text generated always as (properties ->> 'tag_1') stored,
    add column if not exists tag_2 text generated always as (properties ->> 'tag_2') stored,
    add column if not exists tag_3 text generated always as (properties ->> 'tag_3') stored;

create index if not exists ix_events_distinct_id_event_env_id_timestamp_tags
    on events (distinct_id, event, env_id, timestamp) include (tag_0, tag_1, tag_2, tag_3);

-- FeatBit's index has the same key columns: the covering one replaces it rather than doubling every insert's cost.
drop index if exists idx_events_combined;
