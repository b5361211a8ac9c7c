package io.toggleworks.portal;

import io.toggleworks.portal.apiclient.InMemoryPortalApi;
import io.toggleworks.portal.auth.PortalSession;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Page tests run against the in-memory API instead of a real one on port 5000. */
@TestConfiguration
public class FakeApiConfig {
    @Bean
    @Primary
    InMemoryPortalApi inMemoryPortalApi(PortalSession session) {
        return new InMemoryPortalApi(session);
    }
}
