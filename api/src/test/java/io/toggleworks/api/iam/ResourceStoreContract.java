package io.toggleworks.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.iam.ResourceStore.EnvRef;
import io.toggleworks.api.iam.ResourceStore.OrganizationRef;
import io.toggleworks.api.iam.ResourceStore.ProjectRef;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ResourceStore} does, on PostgreSQL and on MongoDB. */
abstract class ResourceStoreContract {
    protected abstract StoreFixtures fx();

    private ResourceStore store() {
        return fx().resources();
    }

    private ProjectRef project(UUID org, String name, String key) {
        ProjectRef p = new ProjectRef(UUID.randomUUID(), name, key);
        fx().project(p.id(), org, name, key);
        return p;
    }

    private EnvRef env(ProjectRef p, String name, String key) {
        EnvRef e = new EnvRef(UUID.randomUUID(), name, key, p.name(), p.key());
        fx().env(e.id(), p.id(), name, key);
        return e;
    }

    @Test
    void listsProjectsByNameFiltered() {
        UUID org = UUID.randomUUID();
        ProjectRef web = project(org, "Web", "web");
        ProjectRef api = project(org, "Api_1", "api");
        project(UUID.randomUUID(), "Api_1", "api");
        assertThat(store().projects(org, null)).containsExactly(api, web);
        assertThat(store().projects(org, "")).containsExactly(api, web);
        assertThat(store().projects(org, "WE")).containsExactly(web);
        assertThat(store().projects(org, "i_")).containsExactly(api);
        assertThat(store().projects(org, "b_")).isEmpty();
        assertThat(store().projects(UUID.randomUUID(), null)).isEmpty();
    }

    @Test
    void listsEnvironmentsByProjectThenNameFilteredOnEitherName() {
        UUID org = UUID.randomUUID();
        ProjectRef web = project(org, "Web", "web");
        ProjectRef api = project(org, "Api", "api");
        EnvRef webProd = env(web, "Prod", "prod");
        EnvRef webDev = env(web, "Dev", "dev");
        EnvRef apiProd = env(api, "Prod", "prod");
        env(project(UUID.randomUUID(), "Web", "web"), "Prod", "prod");

        assertThat(store().envs(org, null)).containsExactly(apiProd, webDev, webProd);
        assertThat(store().envs(org, "prod")).containsExactly(apiProd, webProd);
        assertThat(store().envs(org, "WEB")).containsExactly(webDev, webProd);
        assertThat(store().envs(org, "%")).isEmpty();
        assertThat(store().envsOfProject(web.id())).containsExactly(webDev, webProd);
        assertThat(store().envsOfProject(UUID.randomUUID())).isEmpty();
        assertThat(store().envs(UUID.randomUUID(), null)).isEmpty();
    }

    @Test
    void readsOrganizationsAndTheUsersOnesInTheSameWorkspace() {
        UUID ws = UUID.randomUUID();
        UUID o1 = UUID.randomUUID();
        UUID o2 = UUID.randomUUID();
        UUID o3 = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        fx().organization(o1, ws, "One", "one");
        fx().organization(o2, ws, "Two", "two");
        fx().organization(o3, ws, "Three", "three");
        fx().organization(elsewhere, UUID.randomUUID(), "Else", "else");
        UUID user = UUID.randomUUID();
        fx().organizationUser(o1, user, null, MemberStoreContract.T0);
        fx().organizationUser(o2, user, null, MemberStoreContract.T0);
        fx().organizationUser(elsewhere, user, null, MemberStoreContract.T0);

        assertThat(store().organization(o1)).contains(new OrganizationRef(o1, "One", "one"));
        assertThat(store().organization(UUID.randomUUID())).isEmpty();
        assertThat(store().organizationsOfUserInWorkspaceOf(o3, user)).containsExactlyInAnyOrder(o1, o2);
        assertThat(store().organizationsOfUserInWorkspaceOf(elsewhere, user)).containsExactly(elsewhere);
        assertThat(store().organizationsOfUserInWorkspaceOf(UUID.randomUUID(), user)).isEmpty();
    }
}
