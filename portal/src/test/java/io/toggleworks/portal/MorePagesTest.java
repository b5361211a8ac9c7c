package io.toggleworks.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.toggleworks.portal.apiclient.InMemoryPortalApi;
import io.toggleworks.portal.apiclient.Segment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** Segments, end users, projects, IAM and access tokens against the in-memory API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@Import(FakeApiConfig.class)
class MorePagesTest {
    @Autowired MockMvc mvc;
    @Autowired InMemoryPortalApi api;
    MockHttpSession session;

    @BeforeEach
    void signIn() throws Exception {
        api.reset(true);
        session = new MockHttpSession();
        mvc.perform(post("/login").session(session).param("email", InMemoryPortalApi.EMAIL).param("password", InMemoryPortalApi.PASSWORD))
                .andExpect(redirectedUrl("/feature-flags"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/get-started", "/feature-flags", "/segments", "/users", "/users/import", "/audit-logs", "/organization",
            "/organization/projects", "/organization/profile", "/iam/team", "/iam/groups", "/iam/policies", "/integrations/access-tokens"})
    void everyPageRendersInTheLayout(String path) throws Exception {
        mvc.perform(get(path).session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"sidenav\"")))
                .andExpect(content().string(containsString("Web shop / Dev")));
    }

    @Test
    void segmentCreateFailsInlineThenTargetingRoundTrip() throws Exception {
        mvc.perform(post("/segments").session(session).param("name", "Beta").param("key", "bad key!"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Use letters, digits")))
                .andExpect(content().string(containsString("value=\"Beta\"")));
        var result = mvc.perform(post("/segments").session(session).param("name", "Beta").param("key", "beta")).andReturn();
        String location = result.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/segments/");
        String id = location.substring("/segments/".length());

        mvc.perform(post(location + "/targeting").session(session).param("action", "save").param("included", "u1, u2").param("excluded", "u3")
                        .param("rule.0.id", "r").param("rule.0.name", "Staff")
                        .param("rule.0.cond.0.property", "email").param("rule.0.cond.0.op", "EndsWith").param("rule.0.cond.0.value", "@acme.test"))
                .andExpect(redirectedUrl(location));
        Segment saved = api.seedRead(() -> api.segment(api.firstEnvId(), id));
        assertThat(saved.included()).containsExactly("u1", "u2");
        assertThat(saved.excluded()).containsExactly("u3");
        assertThat(saved.rules().getFirst().conditions().getFirst().op()).isEqualTo("EndsWith");

        // A user both included and excluded is refused and the form is kept.
        mvc.perform(post(location + "/targeting").session(session).param("action", "save").param("included", "u1").param("excluded", "u1, u9"))
                .andExpect(content().string(containsString("both included and excluded")))
                .andExpect(content().string(containsString("<input type=\"hidden\" name=\"excluded\" value=\"u9\">")));
        mvc.perform(get(location).session(session)).andExpect(content().string(containsString("Used by 0 feature flags")));
    }

    @Test
    void endUserImportShowsProgressAndTheCount() throws Exception {
        StringBuilder json = new StringBuilder("{\"users\":[");
        for (int i = 0; i < 2500; i++) json.append(i == 0 ? "" : ",").append("{\"keyId\":\"k").append(i).append("\",\"name\":\"U").append(i).append("\"}");
        json.append("],\"userProperties\":[\"plan\"]}");
        String page = mvc.perform(multipart("/users/import").file(new MockMultipartFile("file", "users.json", "application/json", json.toString().getBytes(StandardCharsets.UTF_8)))
                        .session(session))
                .andExpect(status().isOk()).andExpect(content().string(containsString("import-progress"))).andReturn().getResponse().getContentAsString();
        String jobId = page.replaceAll("(?s).*/users/import/([0-9a-f-]{36}).*", "$1");
        String progress = "";
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until) && !progress.contains("Imported")) {
            progress = mvc.perform(get("/users/import/" + jobId).session(session)).andReturn().getResponse().getContentAsString();
            Thread.sleep(50);
        }
        assertThat(progress).contains("Imported 2500 end users");
        mvc.perform(get("/users").param("q", "k2499").session(session)).andExpect(content().string(containsString("k2499")));
    }

    @Test
    void endUserImportRejectsABadFile() throws Exception {
        mvc.perform(multipart("/users/import").file(new MockMultipartFile("file", "x.json", "application/json", "not json".getBytes())).session(session))
                .andExpect(content().string(containsString("This file is not JSON")));
    }

    @Test
    void addEndUserKeepsTypedValuesOnError() throws Exception {
        mvc.perform(post("/users").session(session).param("action", "save").param("keyId", "").param("name", "Zoe")
                        .param("prop.0.name", "country").param("prop.0.value", "FR"))
                .andExpect(content().string(containsString("Enter the user's key.")))
                .andExpect(content().string(containsString("value=\"Zoe\"")))
                .andExpect(content().string(containsString("value=\"FR\"")));
    }

    @Test
    void projectsCreateEnvironmentAndRegenerateASecret() throws Exception {
        String projectId = api.seedRead(() -> api.projects().getFirst().id());
        mvc.perform(post("/organization/projects/" + projectId + "/envs").session(session).param("name", "Staging").param("key", "dev"))
                .andExpect(content().string(containsString("This key is already used.")))
                .andExpect(content().string(containsString("value=\"Staging\"")));
        mvc.perform(post("/organization/projects/" + projectId + "/envs").session(session).param("name", "Staging").param("key", "staging"))
                .andExpect(redirectedUrl("/organization/projects"));
        var env = api.seedRead(() -> api.projects().getFirst().environments().getFirst());
        var server = env.secrets().getFirst();
        mvc.perform(post("/envs/" + env.id() + "/secrets/" + server.id() + "/regenerate").session(session)).andExpect(redirectedUrl("/organization/projects"));
        var after = api.seedRead(() -> api.projects().getFirst().environments().getFirst().secrets());
        assertThat(after).noneMatch(s -> s.value().equals(server.value()));
        assertThat(after).anyMatch(s -> s.name().equals(server.name()) && s.type().equals("server"));
        mvc.perform(get("/organization/projects").session(session)).andExpect(content().string(containsString("Staging")));
        mvc.perform(post("/organization/projects/" + projectId + "/envs/" + env.id()).session(session).param("name", "").param("description", "typed"))
                .andExpect(content().string(containsString("Enter a name.")))
                .andExpect(content().string(containsString("value=\"typed\"")));
        mvc.perform(post("/organization/projects/" + projectId + "/envs/" + env.id()).session(session).param("name", "Development").param("description", "for devs"))
                .andExpect(redirectedUrl("/organization/projects"));
        assertThat(api.seedRead(() -> api.projects().getFirst().environments().getFirst().name())).isEqualTo("Development");
    }

    @Test
    void policyStatementsAreEditedAndSystemPoliciesAreReadOnly() throws Exception {
        var created = mvc.perform(post("/iam/policies").session(session).param("name", "Flag editors").param("key", "flag-editors")).andReturn();
        String location = created.getResponse().getRedirectedUrl();
        mvc.perform(post(location + "/statements").session(session).param("action", "addSt"))
                .andExpect(content().string(containsString("name=\"st.0.resourceType\"")));
        mvc.perform(post(location + "/statements").session(session).param("action", "save")
                        .param("st.0.id", "s1").param("st.0.resourceType", "flag").param("st.0.effect", "allow").param("st.0.actions", "").param("st.0.resources", "project/*:env/*:flag/*"))
                .andExpect(content().string(containsString("Add at least one action")));
        mvc.perform(post(location + "/statements").session(session).param("action", "save")
                        .param("st.0.id", "s1").param("st.0.resourceType", "flag").param("st.0.effect", "deny").param("st.0.actions", "ToggleFlag, ArchiveFlag")
                        .param("st.0.resources", "project/*:env/prod:flag/*"))
                .andExpect(redirectedUrl(location));
        var policy = api.seedRead(() -> api.policy(location.substring("/iam/policies/".length())));
        assertThat(policy.statements().getFirst().actions()).containsExactly("ToggleFlag", "ArchiveFlag");
        assertThat(policy.statements().getFirst().effect()).isEqualTo("deny");
        mvc.perform(get("/iam/policies/98881f6a-5c6c-4277-bcf7-fda94c538785").session(session))
                .andExpect(content().string(containsString("read-only")))
                .andExpect(content().string(not(containsString("Save permissions"))));
    }

    @Test
    void accessTokenIsShownOnceAfterCreation() throws Exception {
        mvc.perform(post("/integrations/access-tokens").session(session).param("action", "save").param("name", "CI").param("type", "Personal"))
                .andExpect(content().string(containsString("Copy it now")))
                .andExpect(content().string(containsString("api-")));
        mvc.perform(get("/integrations/access-tokens").session(session))
                .andExpect(content().string(not(containsString("Copy it now"))))
                .andExpect(content().string(containsString("**********")));
        mvc.perform(post("/integrations/access-tokens").session(session).param("action", "save").param("name", "CI").param("type", "Personal"))
                .andExpect(content().string(containsString("This name is already used.")));
    }

    @Test
    void teamAddMemberAndGroups() throws Exception {
        mvc.perform(post("/iam/team").session(session).param("email", "not-an-email"))
                .andExpect(content().string(containsString("Email is invalid.")))
                .andExpect(content().string(containsString("value=\"not-an-email\"")));
        mvc.perform(post("/iam/team").session(session).param("email", "dev@acme.test")).andExpect(redirectedUrl("/iam/team"));
        mvc.perform(get("/iam/team").session(session)).andExpect(content().string(containsString("dev@acme.test")))
                .andExpect(content().string(containsString("init-pass-12")));
        String location = mvc.perform(post("/iam/groups").session(session).param("name", "Developers")).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(location).session(session)).andExpect(content().string(containsString("Developers")))
                .andExpect(content().string(containsString("dev@acme.test")));
    }

    @Test
    void switchingEnvironmentKeepsTheSection() throws Exception {
        String prod = api.seedRead(() -> api.projects().getFirst().environments().get(1).id());
        mvc.perform(post("/switch/env").session(session).param("envId", prod).param("section", "segments")).andExpect(redirectedUrl("/segments"));
        mvc.perform(get("/segments").session(session)).andExpect(content().string(containsString("Web shop / Prod")));
    }

    @Test
    void unknownPagesGetAFriendlyNotFound() throws Exception {
        mvc.perform(get("/no-such-page").session(session)).andExpect(status().isNotFound());
        mvc.perform(get("/feature-flags/does-not-exist").session(session)).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Not found")));
    }

    @Test
    void profileAndPasswordErrorsInline() throws Exception {
        mvc.perform(post("/organization/profile/password").session(session).param("currentPassword", "wrong").param("newPassword", "abcdef").param("confirmPassword", "abcdef"))
                .andExpect(content().string(containsString("This is not your current password.")));
        mvc.perform(post("/organization/profile/password").session(session).param("currentPassword", "123456").param("newPassword", "abc").param("confirmPassword", "abc"))
                .andExpect(content().string(containsString("at least 6 characters")));
    }
}
