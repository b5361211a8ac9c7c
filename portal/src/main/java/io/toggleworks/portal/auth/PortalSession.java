package io.toggleworks.portal.auth;

import io.toggleworks.portal.apiclient.Environment;
import io.toggleworks.portal.apiclient.Organization;
import io.toggleworks.portal.apiclient.Profile;
import io.toggleworks.portal.apiclient.Project;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

/**
 * What the portal remembers for one browser, server-side: the API credentials (JWT and refresh token never reach the
 * browser's script) and the current organization, project and environment, with the lists behind the switcher.
 */
@Component
@SessionScope
public class PortalSession {
    private volatile String token;
    private volatile String refreshToken;
    private volatile Profile profile;
    private volatile String workspaceId;
    private volatile List<Organization> organizations = List.of();
    private volatile String orgId;
    private volatile List<Project> projects = List.of();
    private volatile String projectId;
    private volatile String envId;

    public boolean signedIn() {
        return token != null;
    }

    public void signIn(String token, String refreshToken) {
        this.token = token;
        this.refreshToken = refreshToken;
    }

    public void signOut() {
        token = null;
        refreshToken = null;
        profile = null;
        workspaceId = null;
        organizations = List.of();
        orgId = null;
        projects = List.of();
        projectId = null;
        envId = null;
    }

    public String token() { return token; }
    public String refreshToken() { return refreshToken; }
    public Profile profile() { return profile; }
    public void profile(Profile profile) { this.profile = profile; }
    public String workspaceId() { return workspaceId; }
    public void workspaceId(String workspaceId) { this.workspaceId = workspaceId; }
    public List<Organization> organizations() { return organizations; }
    public void organizations(List<Organization> organizations) { this.organizations = List.copyOf(organizations); }
    public String orgId() { return orgId; }
    public void orgId(String orgId) { this.orgId = orgId; }
    public List<Project> projects() { return projects; }
    public String projectId() { return projectId; }
    public String envId() { return envId; }

    public Optional<Organization> organization() {
        return organizations.stream().filter(o -> o.id().equals(orgId)).findFirst();
    }

    public Optional<Project> project() {
        return projects.stream().filter(p -> p.id().equals(projectId)).findFirst();
    }

    public Optional<Environment> environment() {
        return project().flatMap(p -> p.environments().stream().filter(e -> e.id().equals(envId)).findFirst());
    }

    /** Replaces the project list and keeps the current project/environment when they still exist. */
    public void projects(List<Project> projects) {
        this.projects = List.copyOf(projects);
        if (project().isEmpty()) {
            projectId = projects.isEmpty() ? null : projects.getFirst().id();
        }
        if (environment().isEmpty()) {
            envId = project().map(p -> p.environments().isEmpty() ? null : p.environments().getFirst().id()).orElse(null);
        }
    }

    /** Switches to an environment (and its project); false when it is not one the user can see. */
    public boolean selectEnvironment(String envId) {
        for (Project p : projects) {
            for (Environment e : p.environments()) {
                if (e.id().equals(envId)) {
                    this.projectId = p.id();
                    this.envId = e.id();
                    return true;
                }
            }
        }
        return false;
    }
}
