package io.toggleworks.portal.auth;

import io.toggleworks.portal.apiclient.Organization;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.apiclient.Workspace;
import java.util.List;
import org.springframework.stereotype.Service;

/** Loads who the user is and where they work (workspace, organization, projects) into the session. */
@Service
public class Tenancy {
    private final PortalApi api;
    private final PortalSession session;

    public Tenancy(PortalApi api, PortalSession session) {
        this.api = api;
        this.session = session;
    }

    public void load() {
        session.profile(api.profile());
        List<Workspace> workspaces = api.workspaces();
        if (session.workspaceId() == null || workspaces.stream().noneMatch(w -> w.id().equals(session.workspaceId()))) {
            session.workspaceId(workspaces.isEmpty() ? null : workspaces.getFirst().id());
        }
        reloadOrganizations();
    }

    public void reloadOrganizations() {
        List<Organization> orgs = api.organizations();
        session.organizations(orgs);
        if (session.organization().isEmpty()) {
            session.orgId(orgs.isEmpty() ? null : orgs.getFirst().id());
        }
        reloadProjects();
    }

    public void reloadProjects() {
        boolean initialized = session.organization().map(Organization::initialized).orElse(false);
        session.projects(initialized ? api.projects() : List.of());
    }

    /** True when the user still has to run onboarding before any environment page makes sense. */
    public boolean needsOnboarding() {
        return session.organization().map(o -> !o.initialized()).orElse(true) || session.environment().isEmpty();
    }

    public void switchOrganization(String orgId) {
        if (session.organizations().stream().anyMatch(o -> o.id().equals(orgId))) {
            session.orgId(orgId);
            reloadProjects();
        }
    }
}
