package io.toggleworks.infra.kafka.mq;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageKeysTest {
    private static final String ENV = "2b4d0c4e-6e6f-4bd4-9a3c-0a7d4b7f8e11";

    @Test
    void findsTheEnvironmentOfEachFeatBitPayload() {
        assertThat(MessageKeys.envId("{\"id\":\"f\",\"variations\":[{\"envId\":\"no\"}],\"envId\":\"" + ENV + "\"}")).hasValue(ENV);
        assertThat(MessageKeys.envId("{\"segment\":{\"id\":\"s\",\"envId\":\"" + ENV + "\"},\"affectedFlagIds\":[]}")).hasValue(ENV);
        assertThat(MessageKeys.envId("{\"uuid\":\"u\",\"distinct_id\":\"d\",\"env_id\":\"" + ENV + "\",\"properties\":\"{}\"}")).hasValue(ENV);
        assertThat(MessageKeys.envId("{\"envId\":\"" + ENV + "\",\"type\":\"insight\"}")).hasValue(ENV);
    }

    @Test
    void noKeyForMessagesWithoutAnEnvironmentOrMalformedJson() {
        assertThat(MessageKeys.envId("{\"nested\":{\"envId\":\"x\"}}")).isEmpty();
        assertThat(MessageKeys.envId("{\"envId\":\"\"}")).isEmpty();
        assertThat(MessageKeys.envId("{this is not json")).isEmpty();
        assertThat(MessageKeys.envId("[1,2]")).isEmpty();
    }
}
