package io.toggleworks.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionEvaluatorTest {
    static PolicyStatement st(String type, String effect, List<String> actions, List<String> resources) {
        return new PolicyStatement("s", type, effect, actions, resources);
    }

    @Test
    void noMatchingStatementDenies() {
        assertThat(PermissionEvaluator.isAllowed(List.of(), "project/a", "CanAccessProject")).isFalse();
        assertThat(PermissionEvaluator.isAllowed(
                List.of(st("project", "allow", List.of("CreateProject"), List.of("project/*"))),
                "project/a", "CanAccessProject")).isFalse();
    }

    @Test
    void resourceTypeStarMatchesEverything() {
        assertThat(PermissionEvaluator.isAllowed(List.of(st("*", "allow", List.of(), List.of())), "iam/*", "CanManageIAM")).isTrue();
    }

    @Test
    void actionStarAndExactActionMatch() {
        var flags = st("flag", "allow", List.of("*"), List.of("project/*:env/*:flag/*"));
        assertThat(PermissionEvaluator.isAllowed(List.of(flags), "project/a:env/b:flag/f", "ToggleFlag")).isTrue();
        var env = st("env", "allow", List.of("CanAccessEnv"), List.of("project/*:env/*"));
        assertThat(PermissionEvaluator.isAllowed(List.of(env), "project/a:env/b", "CanAccessEnv")).isTrue();
        assertThat(PermissionEvaluator.isAllowed(List.of(env), "project/a:env/b", "DeleteEnv")).isFalse();
    }

    @Test
    void explicitDenyWins() {
        var allow = st("flag", "allow", List.of("*"), List.of("project/*:env/*:flag/*"));
        var deny = st("flag", "deny", List.of("DeleteFlag"), List.of("project/*:env/prod:flag/*"));
        assertThat(PermissionEvaluator.isAllowed(List.of(allow, deny), "project/a:env/prod:flag/f", "DeleteFlag")).isFalse();
        assertThat(PermissionEvaluator.isAllowed(List.of(allow, deny), "project/a:env/dev:flag/f", "DeleteFlag")).isTrue();
    }
}
