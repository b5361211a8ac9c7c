package io.toggleworks.api.endusers;

import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.Validation;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** End-user properties of an environment (api.md §4.5.3); the built-ins {@code keyId} and {@code name} are read-only. */
@RestController
@RequestMapping("/api/v1/envs/{envId}/end-user-properties")
public class EndUserPropertyController {
    private final Guard guard;
    private final EndUserPropertyStore properties;

    public EndUserPropertyController(Guard guard, EndUserPropertyStore properties) {
        this.guard = guard;
        this.properties = properties;
    }

    public record UpsertProperty(String name, List<EndUserProperty.PresetValue> presetValues, Boolean usePresetValuesOnly,
                                 Boolean isDigestField, String remark) {
    }

    @GetMapping
    public ApiResponse<List<EndUserProperty>> list(Caller caller, @PathVariable UUID envId) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        return ApiResponse.ok(properties.list(envId));
    }

    /** The client chooses the id of a new property (FeatBit's portal does); an id of another environment is refused. */
    @PutMapping("/{propertyId}/upsert")
    public ApiResponse<EndUserProperty> upsert(Caller caller, @PathVariable UUID envId, @PathVariable UUID propertyId,
                                               @RequestBody UpsertProperty body) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        List<EndUserProperty.PresetValue> presets = body.presetValues() == null ? List.of() : body.presetValues();
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128)
                .maxLength("remark", body.remark(), 512)
                .that(presets.size() <= 1000 && presets.stream().allMatch(p -> p != null && p.value() != null
                        && p.value().length() <= 1000 && (p.description() == null || p.description().length() <= 512)),
                        ErrorCodes.invalid("presetValues"))
                .check();
        Optional<EndUserProperty> existing = properties.findById(propertyId);
        if (existing.isPresent() && !existing.get().envId().equals(envId)) {
            throw ApiException.notFound();
        }
        if (existing.isPresent() && existing.get().isBuiltIn()) {
            throw ApiException.rule(ErrorCodes.CANNOT_MODIFY_BUILT_IN_PROPERTY);
        }
        String name = body.name().trim();
        if (name.equals("keyId") || name.equals("name")) {
            throw ApiException.rule(ErrorCodes.CANNOT_MODIFY_BUILT_IN_PROPERTY);
        }
        if (properties.nameUsed(envId, name, propertyId)) {
            throw ApiException.rule(ErrorCodes.NAME_HAS_BEEN_USED);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        properties.upsert(new EndUserProperty(propertyId, envId, name,
                presets.stream().map(p -> new EndUserProperty.PresetValue(p.id() == null ? UUID.randomUUID().toString() : p.id(),
                        p.value(), p.description() == null ? "" : p.description())).toList(),
                Boolean.TRUE.equals(body.usePresetValuesOnly()), false, Boolean.TRUE.equals(body.isDigestField()),
                body.remark() == null ? "" : body.remark(), existing.map(EndUserProperty::createdAt).orElse(now), now));
        return ApiResponse.ok(properties.find(envId, propertyId).orElseThrow(ApiException::notFound));
    }

    @DeleteMapping("/{id}")
    public ApiResponse<Boolean> delete(Caller caller, @PathVariable UUID envId, @PathVariable UUID id) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        EndUserProperty p = properties.find(envId, id).orElseThrow(ApiException::notFound);
        if (p.isBuiltIn()) {
            throw ApiException.rule(ErrorCodes.CANNOT_MODIFY_BUILT_IN_PROPERTY);
        }
        properties.delete(id);
        return ApiResponse.ok(true);
    }
}
