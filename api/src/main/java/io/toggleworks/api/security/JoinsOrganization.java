package io.toggleworks.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one handler a user may call for an organization they do not belong to yet ({@code user/join-organization});
 * the authentication step then only checks that the organization is in a workspace the user belongs to.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface JoinsOrganization {
}
