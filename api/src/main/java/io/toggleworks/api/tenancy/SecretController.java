package io.toggleworks.api.tenancy;

import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Environment secrets (api.md §4.5.4). Regenerating a key is adding a new secret and deleting the old one, as in
 * FeatBit's portal.
 */
@RestController
@RequestMapping("/api/v1/envs/{envId}/secrets")
public class SecretController {
    private final Guard guard;
    private final EnvironmentStore environments;
    private final ApplicationEventPublisher events;

    public SecretController(Guard guard, EnvironmentStore environments, ApplicationEventPublisher events) {
        this.guard = guard;
        this.environments = environments;
        this.events = events;
    }

    public record AddSecret(String name, String type) {
    }

    public record UpdateSecret(String name) {
    }

    @PostMapping
    @Transactional
    public ApiResponse<Secret> add(Caller caller, @PathVariable UUID envId, @RequestBody AddSecret body) {
        EnvScope scope = guard.env(caller, envId, Permission.CREATE_ENV_SECRET);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).required("type", body.type())
                .that(body.type() == null || Secret.SERVER.equals(body.type()) || Secret.CLIENT.equals(body.type()),
                        ErrorCodes.invalid("type"))
                .check();
        Environment env = environments.find(envId).orElseThrow(ApiException::notFound);
        Secret secret = new Secret(UUID.randomUUID().toString(), body.name().trim(), body.type(), SecretValues.newSecret(envId));
        List<Secret> secrets = new ArrayList<>(env.secrets());
        secrets.add(secret);
        save(scope, secrets);
        return ApiResponse.ok(secret);
    }

    @PutMapping("/{id}")
    @Transactional
    public ApiResponse<Boolean> update(Caller caller, @PathVariable UUID envId, @PathVariable String id,
                                       @RequestBody UpdateSecret body) {
        EnvScope scope = guard.env(caller, envId, Permission.UPDATE_ENV_SECRET);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).check();
        Environment env = environments.find(envId).orElseThrow(ApiException::notFound);
        requireSecret(env, id);
        save(scope, env.secrets().stream()
                .map(s -> s.id().equals(id) ? new Secret(s.id(), body.name().trim(), s.type(), s.value()) : s).toList());
        return ApiResponse.ok(true);
    }

    @DeleteMapping("/{id}")
    @Transactional
    public ApiResponse<Boolean> delete(Caller caller, @PathVariable UUID envId, @PathVariable String id) {
        EnvScope scope = guard.env(caller, envId, Permission.DELETE_ENV_SECRET);
        Environment env = environments.find(envId).orElseThrow(ApiException::notFound);
        requireSecret(env, id);
        save(scope, env.secrets().stream().filter(s -> !s.id().equals(id)).toList());
        return ApiResponse.ok(true);
    }

    private static void requireSecret(Environment env, String id) {
        if (env.secrets().stream().noneMatch(s -> s.id().equals(id))) {
            throw ApiException.notFound();
        }
    }

    private void save(EnvScope scope, List<Secret> secrets) {
        environments.updateSecrets(scope.envId(), secrets);
        events.publishEvent(new TenancyEvents.SecretsChanged(scope, secrets));
    }
}
