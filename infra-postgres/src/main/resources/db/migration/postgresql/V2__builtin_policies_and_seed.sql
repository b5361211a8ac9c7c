-- Built-in (system-managed) policies with FeatBit's fixed ids and their statements after all of FeatBit's
-- migrations (api.md §3.13). A database FeatBit initialised already has them: keep its rows untouched.
insert into policies (id, organization_id, name, key, description, type, statements, created_at, updated_at)
values ('98881f6a-5c6c-4277-bcf7-fda94c538785', null, 'Owner', 'owner',
        'Contains all permissions. This policy is granted to the user who created the organization', 'SysManaged',
        '[{"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0001","resourceType":"*","effect":"allow","actions":["*"],"resources":["*"]}]',
        now(), now()),
       ('3e961f0f-6fd4-4cf4-910f-52d356f8cc08', null, 'Administrator', 'administrator',
        'Contains all the permissions required by an administrator', 'SysManaged',
        '[{"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0101","resourceType":"organization","effect":"allow","actions":["UpdateOrgSortFlagsBy","UpdateOrgName","UpdateOrgDefaultUserPermissions","CreateOrg"],"resources":["organization/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0102","resourceType":"iam","effect":"allow","actions":["CanManageIAM"],"resources":["iam/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0103","resourceType":"access-token","effect":"allow","actions":["ManageServiceAccessTokens","ManagePersonalAccessTokens","ListAccessTokens"],"resources":["access-token/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0104","resourceType":"relay-proxy","effect":"allow","actions":["ManageRelayProxies","ListRelayProxies"],"resources":["relay-proxy/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0105","resourceType":"project","effect":"allow","actions":["CanAccessProject","CreateProject","DeleteProject","UpdateProjectSettings","CreateEnv"],"resources":["project/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0106","resourceType":"env","effect":"allow","actions":["CanAccessEnv","DeleteEnv","UpdateEnvSettings","CreateEnvSecret","DeleteEnvSecret","UpdateEnvSecret"],"resources":["project/*:env/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0107","resourceType":"workspace","effect":"allow","actions":["UpdateWorkspaceGeneralSettings","UpdateWorkspaceLicense","UpdateWorkspaceSSOSettings"],"resources":["workspace/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0108","resourceType":"flag","effect":"allow","actions":["*"],"resources":["project/*:env/*:flag/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0109","resourceType":"segment","effect":"allow","actions":["*"],"resources":["project/*:env/*:segment/*"]}]',
        now(), now()),
       ('66f3687f-939d-4257-bd3f-c3553d39e1b6', null, 'Developer', 'developer',
        'Contains all the permissions required by a developer', 'SysManaged',
        '[{"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0201","resourceType":"access-token","effect":"allow","actions":["ManageServiceAccessTokens","ManagePersonalAccessTokens","ListAccessTokens"],"resources":["access-token/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0202","resourceType":"relay-proxy","effect":"allow","actions":["ManageRelayProxies","ListRelayProxies"],"resources":["relay-proxy/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0203","resourceType":"project","effect":"allow","actions":["CanAccessProject"],"resources":["project/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0204","resourceType":"env","effect":"allow","actions":["CanAccessEnv"],"resources":["project/*:env/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0205","resourceType":"flag","effect":"allow","actions":["*"],"resources":["project/*:env/*:flag/*"]},
          {"id":"1e6a0d3e-8f64-4f7e-9d8c-0a3e2f1b0206","resourceType":"segment","effect":"allow","actions":["*"],"resources":["project/*:env/*:segment/*"]}]',
        now(), now())
on conflict (id) do nothing;

-- First start on an empty database: FeatBit's seed (api.md §6.4). Skipped when any workspace exists, so a
-- database FeatBit already seeded (or one in use) is left as it is.
do
$$
    declare
        ws_id   uuid := gen_random_uuid();
        user_id uuid := gen_random_uuid();
        org_id  uuid := gen_random_uuid();
    begin
        if exists(select 1 from workspaces) then
            return;
        end if;
        insert into workspaces (id, name, key, license, sso, created_at, updated_at)
        values (ws_id, 'Default Workspace', 'default-workspace', null, null, now(), now());
        if not exists(select 1 from users where email = 'test@featbit.com') then
            insert into users (id, name, email, password, origin, initial_password, created_at, updated_at)
            values (user_id, 'tester', 'test@featbit.com',
                    'AQAAAAEAACcQAAAAELDHEjCrDQrmnAXU5C//mOLvUBJ7lnVFEMMFxNMDIIrF7xK8JDQKUifU3HH4gexNAQ==',
                    'Local', null, now(), now());
        else
            select id into user_id from users where email = 'test@featbit.com';
        end if;
        insert into workspace_users (id, workspace_id, user_id, created_at, updated_at)
        values (gen_random_uuid(), ws_id, user_id, now(), now());
        insert into organizations (id, workspace_id, name, key, initialized, license, default_permissions, settings,
                                   created_at, updated_at)
        values (org_id, ws_id, 'playground', 'playground', false, null,
                '{"policyIds":["66f3687f-939d-4257-bd3f-c3553d39e1b6"],"groupIds":[]}',
                '{"flagSortedBy":"created_at"}', now(), now());
        insert into organization_users (id, organization_id, user_id, invitor_id, created_at, updated_at)
        values (gen_random_uuid(), org_id, user_id, null, now(), now());
        insert into member_policies (id, organization_id, member_id, policy_id, created_at, updated_at)
        values (gen_random_uuid(), org_id, user_id, '98881f6a-5c6c-4277-bcf7-fda94c538785', now(), now());
    end
$$;
