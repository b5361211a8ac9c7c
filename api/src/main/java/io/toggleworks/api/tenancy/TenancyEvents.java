package io.toggleworks.api.tenancy;

import java.util.List;

/**
 * Application events other packages listen to ({@code @EventListener}); published inside the transaction that
 * makes the change, before the change is committed.
 */
public final class TenancyEvents {
    private TenancyEvents() {
    }

    /** An environment was created (also for each environment of a new project and of onboarding). */
    public record EnvironmentAdded(EnvScope env, List<Secret> secrets) {
    }

    /**
     * An environment is about to be deleted (also for each one of a deleted project or organization). Listeners
     * still see its flags, segments and end users; after them, the tenancy code deletes those rows.
     */
    public record EnvironmentDeleting(EnvScope env) {
    }

    /** The secrets of an environment changed (added, renamed, removed). */
    public record SecretsChanged(EnvScope env, List<Secret> secrets) {
    }
}
