package io.toggleworks.api.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The served OpenAPI document's header: the two ways to authenticate (api.md §4.2). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    @Bean
    OpenAPI toggleworksOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Toggleworks management API").version("v1")
                        .description("FeatBit-compatible management API. Responses use the envelope "
                                + "{\"success\":bool,\"errors\":[codes],\"data\":...}."))
                .components(new Components()
                        .addSecuritySchemes("Bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT"))
                        .addSecuritySchemes("AccessToken", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("Authorization")))
                .addSecurityItem(new SecurityRequirement().addList("Bearer"))
                .addSecurityItem(new SecurityRequirement().addList("AccessToken"));
    }
}
