-- FeatBit checks flag and segment keys for uniqueness (case-insensitively) in code only, so two concurrent creates
-- can both succeed (api.md §11.15). These indexes let the database arbitrate; the API answers the loser 409.
-- A database that already holds duplicates (created by FeatBit) keeps working without the index: the duplicates
-- must be resolved by hand first, then this file's statements can be run again.
do $$
begin
    if not exists (select 1 from feature_flags group by env_id, lower(key) having count(*) > 1) then
        create unique index if not exists ux_feature_flags_env_id_lower_key on feature_flags (env_id, lower(key));
    else
        raise warning 'feature_flags has duplicate keys per environment; unique index ux_feature_flags_env_id_lower_key not created';
    end if;
    if not exists (select 1 from segments where type <> 'shared' group by env_id, lower(key) having count(*) > 1) then
        create unique index if not exists ux_segments_env_id_lower_key on segments (env_id, lower(key)) where type <> 'shared';
    else
        raise warning 'segments has duplicate keys per environment; unique index ux_segments_env_id_lower_key not created';
    end if;
    if not exists (select 1 from segments where type = 'shared' group by workspace_id, lower(key) having count(*) > 1) then
        create unique index if not exists ux_segments_workspace_id_lower_key_shared on segments (workspace_id, lower(key)) where type = 'shared';
    else
        raise warning 'segments has duplicate shared keys per workspace; unique index ux_segments_workspace_id_lower_key_shared not created';
    end if;
end
$$;
