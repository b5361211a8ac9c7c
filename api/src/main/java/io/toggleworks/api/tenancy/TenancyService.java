package io.toggleworks.api.tenancy;

import io.toggleworks.api.iam.MemberPolicyStore;
import io.toggleworks.api.iam.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating and deleting organizations, projects and environments, with what each brings along. On MongoDB the
 * {@code @Transactional} boundaries do nothing (ADR 0052), so each command orders its single-document writes so that
 * a failure half-way leaves nothing visible that a retry cannot finish: what hangs off an entity is written before
 * the entity itself and deleted before it.
 */
@Service
public class TenancyService {
    private final OrganizationStore organizations;
    private final ProjectStore projects;
    private final EnvironmentStore environments;
    private final MemberPolicyStore memberPolicies;
    private final ApplicationEventPublisher events;

    public TenancyService(OrganizationStore organizations, ProjectStore projects, EnvironmentStore environments,
                          MemberPolicyStore memberPolicies, ApplicationEventPublisher events) {
        this.organizations = organizations;
        this.projects = projects;
        this.environments = environments;
        this.memberPolicies = memberPolicies;
        this.events = events;
    }

    /** A new organization in the workspace, with its creator as Owner. */
    @Transactional
    public Organization createOrganization(UUID workspaceId, String name, String key, UUID creatorId) {
        Organization org = new Organization(UUID.randomUUID(), workspaceId, name, key, false, null,
                new Organization.DefaultPermissions(List.of(Policy.DEVELOPER), List.of()),
                new Organization.Settings("created_at"));
        // Membership and Owner first: the organization appears only once its creator can use it.
        organizations.addMember(org.id(), creatorId, null);
        memberPolicies.grant(org.id(), creatorId, Policy.OWNER);
        organizations.insert(org);
        return org;
    }

    /** A project with the given environments (FeatBit: {@code Prod} and {@code Dev}, keys lower-cased names). */
    @Transactional
    public ProjectCreated createProject(Organization org, String name, String key, List<String> envNames) {
        Instant now = Instant.now();
        Project project = new Project(UUID.randomUUID(), org.id(), name, key, now, now);
        // The environments first: the project (and its key) appears only with all of them, so a retry after a
        // failure half-way creates it anew rather than finding the key taken by a project without environments.
        List<Environment> envs = new ArrayList<>();
        for (String envName : envNames) {
            envs.add(createEnvironment(org, project, envName, envName.toLowerCase(Locale.ROOT).replace(' ', '-'), "",
                    new Environment.Settings(false)));
        }
        projects.insert(project);
        return new ProjectCreated(project, envs);
    }

    public record ProjectCreated(Project project, List<Environment> environments) {
    }

    @Transactional
    public Environment createEnvironment(Organization org, Project project, String name, String key, String description,
                                         Environment.Settings settings) {
        Instant now = Instant.now();
        UUID envId = UUID.randomUUID();
        List<Secret> secrets = List.of(
                new Secret(UUID.randomUUID().toString(), "Server Key", Secret.SERVER, SecretValues.newSecret(envId)),
                new Secret(UUID.randomUUID().toString(), "Client Key", Secret.CLIENT, SecretValues.newSecret(envId)));
        Environment env = new Environment(envId, project.id(), name, key, description, secrets, settings, now, now);
        environments.insert(env);
        events.publishEvent(new TenancyEvents.EnvironmentAdded(scope(org, project, env), secrets));
        return env;
    }

    @Transactional
    public void deleteEnvironment(Organization org, Project project, Environment env) {
        events.publishEvent(new TenancyEvents.EnvironmentDeleting(scope(org, project, env)));
        environments.delete(env.id());
    }

    @Transactional
    public void deleteProject(Organization org, Project project) {
        for (Environment env : environments.ofProject(project.id())) {
            deleteEnvironment(org, project, env);
        }
        projects.delete(project.id());
    }

    @Transactional
    public void deleteOrganization(Organization org) {
        for (Project project : projects.ofOrganization(org.id())) {
            deleteProject(org, project);
        }
        organizations.delete(org.id());
    }

    static EnvScope scope(Organization org, Project project, Environment env) {
        return new EnvScope(env.id(), env.key(), env.name(), project.id(), project.key(), org.id(), org.workspaceId());
    }
}
