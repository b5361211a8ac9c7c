package io.toggleworks.portal.shell;

import io.toggleworks.portal.apiclient.Environment;
import io.toggleworks.portal.apiclient.Organization;
import io.toggleworks.portal.apiclient.Profile;
import io.toggleworks.portal.apiclient.Project;
import java.util.List;

/**
 * What the layout needs around every page: the page title, which navigation entry is current, who is signed in and
 * the organization / project / environment switcher. Null org/project/env mean "none yet" (before onboarding).
 */
public record Shell(String title, String section, Profile profile, List<Organization> organizations, Organization organization,
                    List<Project> projects, Project project, Environment environment) {

    public boolean signedIn() {
        return profile != null;
    }

    public String userInitials() {
        if (profile == null) return "?";
        String n = profile.name() == null || profile.name().isBlank() ? profile.email() : profile.name();
        return n.substring(0, 1).toUpperCase();
    }

    public boolean current(String s) {
        return s.equals(section);
    }

    public String envLabel() {
        return project == null || environment == null ? "No environment" : project.name() + " / " + environment.name();
    }
}
