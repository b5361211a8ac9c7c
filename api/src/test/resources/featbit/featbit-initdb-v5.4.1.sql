-- A database as FeatBit's own init scripts (v0.0.0 ... v5.4.1) leave it: the tables of api.md §6.2 /
-- infrastructure-and-analytics.md §4.1 created without "if not exists", FeatBit's seed, and data a running
-- FeatBit would have written (a project, an environment with secrets, a plain-text access token). No Flyway
-- history table and no DAS events table.

create extension pg_trgm;

create table workspaces
(
    id         uuid         not null constraint pk_workspaces primary key,
    name       varchar(128) not null,
    key        varchar(128) not null,
    license    text,
    sso        jsonb,
    created_at timestamptz  not null,
    updated_at timestamptz  not null
);

create table users
(
    id               uuid         not null constraint pk_users primary key,
    name             varchar(128) not null,
    email            varchar(256) not null,
    password         text         not null,
    origin           varchar(64),
    initial_password text,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);
create unique index ix_users_email on users (email);

create table workspace_users
(
    id           uuid        not null constraint pk_workspace_users primary key,
    workspace_id uuid        not null,
    user_id      uuid        not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create unique index ix_workspace_users_workspace_id_user_id on workspace_users (workspace_id, user_id);

create table refresh_tokens
(
    id                uuid         not null default gen_random_uuid() constraint pk_refresh_tokens primary key,
    token             varchar(500) not null,
    user_id           uuid         not null,
    is_revoked        boolean      not null default false,
    replaced_by_token varchar(500),
    created_by_ip     varchar(45),
    revoked_by_ip     varchar(45),
    expires_at        timestamptz  not null,
    revoked_at        timestamptz,
    last_used_at      timestamptz,
    created_at        timestamptz  not null default now(),
    updated_at        timestamptz  not null
);
create index ix_refresh_tokens_token on refresh_tokens (token);
create index ix_refresh_tokens_revoked_at on refresh_tokens (revoked_at);

create table organizations
(
    id                  uuid         not null constraint pk_organizations primary key,
    workspace_id        uuid         not null,
    name                varchar(128) not null,
    key                 varchar(128) not null,
    initialized         boolean      not null default false,
    license             text,
    default_permissions jsonb        not null,
    settings            jsonb        not null default '{}',
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null
);
create index ix_organizations_workspace_id on organizations (workspace_id);

create table organization_users
(
    id              uuid        not null constraint pk_organization_users primary key,
    organization_id uuid        not null,
    user_id         uuid        not null,
    invitor_id      uuid,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index ix_organization_users_organization_id_user_id on organization_users (organization_id, user_id);

create table projects
(
    id              uuid         not null constraint pk_projects primary key,
    organization_id uuid         not null,
    name            varchar(128) not null,
    key             varchar(128) not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index ix_projects_organization_id on projects (organization_id);

create table environments
(
    id          uuid         not null constraint pk_environments primary key,
    project_id  uuid         not null,
    name        varchar(128) not null,
    key         varchar(128) not null,
    description text,
    secrets     jsonb,
    settings    jsonb,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);
create index ix_environments_project_id on environments (project_id);

create table feature_flags
(
    id                       uuid         not null constraint pk_feature_flags primary key,
    env_id                   uuid         not null,
    revision                 uuid         not null,
    name                     varchar(128) not null,
    description              text,
    key                      varchar(128) not null,
    variation_type           varchar(64)  not null,
    variations               jsonb,
    target_users             jsonb,
    rules                    jsonb,
    is_enabled               boolean      not null,
    disabled_variation_id    varchar(128) not null,
    fallthrough              jsonb,
    expt_include_all_targets boolean      not null,
    tags                     text[],
    is_archived              boolean      not null,
    created_at               timestamptz  not null,
    updated_at               timestamptz  not null,
    creator_id               uuid         not null,
    updator_id               uuid         not null
);
create index ix_feature_flags_env_id_updated_at on feature_flags (env_id, updated_at);

create table flag_revisions
(
    id      uuid not null constraint pk_flag_revisions primary key,
    flag    jsonb,
    comment varchar(512)
);

create table flag_drafts
(
    id          uuid        not null constraint pk_flag_drafts primary key,
    env_id      uuid        not null,
    flag_id     uuid        not null,
    status      varchar(64) not null,
    comment     varchar(512),
    data_change jsonb,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    creator_id  uuid        not null,
    updator_id  uuid        not null
);

create table flag_change_requests
(
    id            uuid        not null constraint pk_flag_change_requests primary key,
    org_id        uuid        not null,
    env_id        uuid        not null,
    flag_draft_id uuid        not null,
    flag_id       uuid        not null,
    status        varchar(64) not null,
    reason        varchar(512),
    reviewers     jsonb,
    schedule_id   uuid,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    creator_id    uuid,
    updator_id    uuid
);
create index ix_flag_change_requests_flag_id on flag_change_requests (flag_id);

create table flag_schedules
(
    id                uuid         not null constraint pk_flag_schedules primary key,
    org_id            uuid         not null,
    env_id            uuid         not null,
    flag_draft_id     uuid         not null,
    flag_id           uuid         not null,
    status            varchar(64)  not null,
    title             varchar(128) not null,
    scheduled_time    timestamptz  not null,
    change_request_id uuid,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    creator_id        uuid,
    updator_id        uuid
);
create index ix_flag_schedules_flag_id on flag_schedules (flag_id);

create table segments
(
    id           uuid         not null constraint pk_segments primary key,
    workspace_id uuid         not null,
    env_id       uuid         not null,
    name         varchar(128) not null,
    key          varchar(128) not null,
    type         varchar(64)  not null,
    scopes       text[],
    description  varchar(512),
    included     text[],
    excluded     text[],
    rules        jsonb,
    tags         text[]                default '{}',
    is_archived  boolean      not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null
);
create index ix_segments_workspace_id_updated_at on segments (workspace_id, updated_at);

create table end_users
(
    id                    uuid         not null constraint pk_end_users primary key,
    workspace_id          uuid,
    env_id                uuid,
    key_id                varchar(512) not null,
    name                  varchar(256) not null,
    customized_properties jsonb,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null
);
create unique index ix_end_users_env_id_key_id on end_users (env_id, key_id);
create index ix_end_users_updated_at on end_users (updated_at);
create index ix_end_users_env_id_updated_at_id on end_users (env_id, updated_at desc, id desc);
create index ix_end_users_workspace_id_updated_at_id on end_users (workspace_id, updated_at desc, id desc);
create index gin_end_users_key_id_trgm on end_users using gin (key_id gin_trgm_ops);
create index gin_end_users_name_trgm on end_users using gin (name gin_trgm_ops);

create table end_user_properties
(
    id                     uuid         not null constraint pk_end_user_properties primary key,
    env_id                 uuid         not null,
    name                   varchar(128) not null,
    preset_values          jsonb,
    use_preset_values_only boolean      not null,
    is_built_in            boolean      not null,
    is_digest_field        boolean      not null,
    remark                 text,
    created_at             timestamptz  not null,
    updated_at             timestamptz  not null
);

create table audit_logs
(
    id          uuid         not null constraint pk_audit_logs primary key,
    env_id      uuid         not null,
    ref_id      text         not null,
    ref_type    varchar(64)  not null,
    keyword     varchar(512) not null,
    operation   varchar(64)  not null,
    data_change jsonb,
    comment     varchar(512),
    creator_id  uuid         not null,
    created_at  timestamptz  not null
);
create index ix_audit_logs_env_id_ref_id_created_at on audit_logs (env_id, ref_id, created_at);

create table triggers
(
    id                uuid         not null constraint pk_triggers primary key,
    target_id         uuid         not null,
    type              varchar(64)  not null,
    action            varchar(64)  not null,
    token             varchar(128) not null,
    description       text         not null,
    is_enabled        boolean      not null,
    triggered_times   integer      not null,
    last_triggered_at timestamptz,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);
create index ix_triggers_target_id on triggers (target_id);

create table access_tokens
(
    id              uuid         not null constraint pk_access_tokens primary key,
    organization_id uuid         not null,
    name            varchar(128) not null,
    type            varchar(64)  not null,
    status          varchar(64)  not null,
    token           text         not null,
    creator_id      uuid         not null,
    permissions     jsonb,
    last_used_at    timestamptz,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index ix_access_tokens_organization_id on access_tokens (organization_id);

create table policies
(
    id              uuid         not null constraint pk_policies primary key,
    organization_id uuid,
    name            varchar(128) not null,
    key             varchar(128) not null,
    description     varchar(512),
    type            varchar(64)  not null,
    statements      jsonb,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index ix_policies_organization_id on policies (organization_id);

create table groups
(
    id              uuid         not null constraint pk_groups primary key,
    organization_id uuid         not null,
    name            varchar(128) not null,
    description     text,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index ix_groups_organization_id on groups (organization_id);

create table group_members
(
    id              uuid        not null constraint pk_group_members primary key,
    group_id        uuid        not null,
    organization_id uuid        not null,
    member_id       uuid        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index ix_group_members_organization_id_group_id_member_id on group_members (organization_id, group_id, member_id);

create table group_policies
(
    id         uuid        not null constraint pk_group_policies primary key,
    group_id   uuid        not null,
    policy_id  uuid        not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index ix_group_policies_group_id_policy_id on group_policies (group_id, policy_id);

create table member_policies
(
    id              uuid        not null constraint pk_member_policies primary key,
    organization_id uuid        not null,
    member_id       uuid        not null,
    policy_id       uuid        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);
create index ix_member_policies_organization_id_member_id_policy_id on member_policies (organization_id, member_id, policy_id);

create table relay_proxies
(
    id              uuid         not null constraint pk_relay_proxies primary key,
    organization_id uuid         not null,
    name            varchar(128) not null,
    key             varchar(128) not null,
    description     varchar(512),
    is_all_envs     boolean      not null,
    scopes          jsonb,
    agents          jsonb,
    auto_agents     jsonb                 default '[]',
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index ix_relay_proxies_organization_id on relay_proxies (organization_id);

create table webhooks
(
    id                     uuid         not null constraint pk_webhooks primary key,
    org_id                 uuid         not null,
    name                   varchar(128) not null,
    url                    text         not null,
    scopes                 text[],
    events                 text[],
    headers                jsonb,
    payload_template_type  varchar(64),
    payload_template       text,
    secret                 text,
    is_active              boolean      not null,
    prevent_empty_payloads boolean      not null,
    last_delivery          jsonb,
    created_at             timestamptz  not null,
    updated_at             timestamptz  not null,
    creator_id             uuid,
    updator_id             uuid
);
create index ix_webhooks_org_id_created_at on webhooks (org_id, created_at);

create table webhook_deliveries
(
    id         uuid        not null constraint pk_webhook_deliveries primary key,
    webhook_id uuid        not null,
    success    boolean     not null,
    events     text,
    request    jsonb,
    response   jsonb,
    error      jsonb,
    started_at timestamptz not null,
    ended_at   timestamptz not null
);
create index ix_webhook_deliveries_webhook_id_started_at on webhook_deliveries (webhook_id, started_at);

create table experiment_metrics
(
    id                            uuid         not null constraint pk_experiment_metrics primary key,
    env_id                        uuid         not null,
    name                          varchar(128) not null,
    description                   text,
    maintainer_user_id            uuid         not null,
    event_name                    varchar(128) not null,
    event_type                    integer      not null,
    custom_event_track_option     integer      not null,
    custom_event_unit             varchar(128),
    custom_event_success_criteria integer      not null,
    element_targets               text,
    target_urls                   jsonb,
    is_arvhived                   boolean      not null, -- (sic) FeatBit's spelling
    created_at                    timestamptz  not null,
    updated_at                    timestamptz  not null
);
create index ix_experiment_metrics_env_id on experiment_metrics (env_id);

create table experiments
(
    id                    uuid        not null constraint pk_experiments primary key,
    env_id                uuid        not null,
    metric_id             uuid        not null,
    feature_flag_id       uuid        not null,
    is_archived           boolean     not null,
    status                varchar(64) not null,
    baseline_variation_id text,
    iterations            jsonb,
    alpha                 double precision,
    created_at            timestamptz not null,
    updated_at            timestamptz not null
);
create index ix_experiments_env_id_feature_flag_id on experiments (env_id, feature_flag_id);

create table queue_messages
(
    id                bigint generated always as identity constraint pk_queue_messages primary key,
    topic             varchar(128) not null,
    status            varchar(64)  not null default 'Pending',
    enqueued_at       timestamptz  not null default now(),
    not_visible_until timestamptz,
    last_deliver_at   timestamptz,
    last_handled_at   timestamptz,
    deliver_count     integer      not null default 0,
    payload           text,
    error             text
);
create index ix_queue_messages_not_visible_until_topic_status on queue_messages (not_visible_until, topic, status);

create table usage_end_user_stats
(
    env_id        uuid         not null,
    year_month    integer      not null,
    user_key      varchar(512) not null,
    first_seen_at date         not null,
    constraint pk_usage_end_user_stats primary key (env_id, year_month, user_key)
);
create index ix_usage_end_user_stats_env_date on usage_end_user_stats (env_id, first_seen_at);

create table usage_event_stats
(
    env_id           uuid    not null,
    stats_date       date    not null,
    flag_evaluations integer not null default 0,
    custom_metrics   integer not null default 0,
    constraint pk_usage_event_stats primary key (env_id, stats_date)
);


insert into workspaces (id, name, key, license, sso, created_at, updated_at)
values ('aaaaaaaa-0000-0000-0000-000000000001', 'Default Workspace', 'default-workspace', null, null, now(), now());
insert into users (id, name, email, password, origin, initial_password, created_at, updated_at)
values ('aaaaaaaa-0000-0000-0000-000000000002', 'tester', 'test@featbit.com',
        'AQAAAAEAACcQAAAAELDHEjCrDQrmnAXU5C//mOLvUBJ7lnVFEMMFxNMDIIrF7xK8JDQKUifU3HH4gexNAQ==', 'Local', null, now(), now());
insert into workspace_users (id, workspace_id, user_id, created_at, updated_at)
values (gen_random_uuid(), 'aaaaaaaa-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000002', now(), now());
insert into organizations (id, workspace_id, name, key, initialized, license, default_permissions, settings, created_at, updated_at)
values ('aaaaaaaa-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000001', 'playground', 'playground', true, null,
        '{"policyIds": ["66f3687f-939d-4257-bd3f-c3553d39e1b6"], "groupIds": []}', '{}', now(), now());
insert into organization_users (id, organization_id, user_id, invitor_id, created_at, updated_at)
values (gen_random_uuid(), 'aaaaaaaa-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000002', null, now(), now());
insert into policies (id, organization_id, name, key, description, type, statements, created_at, updated_at)
values ('98881f6a-5c6c-4277-bcf7-fda94c538785', null, 'Owner', 'owner', 'Contains all permissions', 'SysManaged',
        '[{"id": "0", "effect": "allow", "actions": ["*"], "resources": ["*"], "resourceType": "*"}]', now(), now()),
       ('3e961f0f-6fd4-4cf4-910f-52d356f8cc08', null, 'Administrator', 'administrator', 'Administrator', 'SysManaged',
        '[{"id": "1", "effect": "allow", "actions": ["CanManageIAM"], "resources": ["iam/*"], "resourceType": "iam"}]', now(), now()),
       ('66f3687f-939d-4257-bd3f-c3553d39e1b6', null, 'Developer', 'developer', 'Developer', 'SysManaged',
        '[{"id": "2", "effect": "allow", "actions": ["CanAccessProject"], "resources": ["project/*"], "resourceType": "project"}]', now(), now());
insert into member_policies (id, organization_id, member_id, policy_id, created_at, updated_at)
values (gen_random_uuid(), 'aaaaaaaa-0000-0000-0000-000000000003', 'aaaaaaaa-0000-0000-0000-000000000002',
        '98881f6a-5c6c-4277-bcf7-fda94c538785', now(), now());
insert into projects (id, organization_id, name, key, created_at, updated_at)
values ('aaaaaaaa-0000-0000-0000-000000000004', 'aaaaaaaa-0000-0000-0000-000000000003', 'Legacy', 'legacy', now(), now());
insert into environments (id, project_id, name, key, description, secrets, settings, created_at, updated_at)
values ('aaaaaaaa-0000-0000-0000-000000000005', 'aaaaaaaa-0000-0000-0000-000000000004', 'Prod', 'prod', '',
        '[{"id": "s1", "name": "Server Key", "type": "server", "value": "aaaaaaaaaaaaaaaaaaaaaaqqqqqqoAAAAAAAAAAAAAA"},
          {"id": "s2", "name": "Client Key", "type": "client", "value": "bbbbbbbbbbbbbbbbbbbbbbqqqqqqoAAAAAAAAAAAAAA"}]',
        '{}', now(), now());
insert into access_tokens (id, organization_id, name, type, status, token, creator_id, permissions, last_used_at, created_at, updated_at)
values ('aaaaaaaa-0000-0000-0000-000000000006', 'aaaaaaaa-0000-0000-0000-000000000003', 'legacy-token', 'Personal', 'Active',
        'api-MjAyNi0xMS0yN1QwMDowMDowMC4wMDBaqqqqqqoA', 'aaaaaaaa-0000-0000-0000-000000000002', '[]', null, now(), now());
