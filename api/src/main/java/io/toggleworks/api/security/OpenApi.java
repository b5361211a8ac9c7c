package io.toggleworks.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler reachable with an access token ({@code Authorization: api-...}), FeatBit's {@code [OpenApi]}
 * (api.md §4.4). Handlers without it answer token calls with 403.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface OpenApi {
}
