package io.toggleworks.infra.redis.connection;

import io.lettuce.core.RedisURI;
import io.toggleworks.spi.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisConnectionStringTest {

    @Test
    void featbitComposeString() {
        RedisConnectionString c = RedisConnectionString.parse("redis:6379,password=s3cret,ssl=true,abortConnect=false");
        assertThat(c.endpoints()).containsExactly(new RedisConnectionString.Endpoint("redis", 6379));
        assertThat(c.password()).contains("s3cret");
        assertThat(c.ssl()).isTrue();
        assertThat(c.database()).isZero();

        RedisURI uri = c.toRedisUri();
        assertThat(uri.getHost()).isEqualTo("redis");
        assertThat(uri.getPort()).isEqualTo(6379);
        assertThat(uri.isSsl()).isTrue();
        assertThat(new String(uri.getPassword())).isEqualTo("s3cret");
        assertThat(uri.getUsername()).isNull();
    }

    @Test
    void hostListUserDatabaseNameAndTimeouts() {
        RedisConnectionString c = RedisConnectionString.parse(
                " primary:7000 , replica , User=alice,Password=p=w,defaultDatabase=3,name=api-1,connectTimeout=2500,syncTimeout=8000,keepAlive=60,allowAdmin=true");
        assertThat(c.endpoints()).containsExactly(new RedisConnectionString.Endpoint("primary", 7000),
                new RedisConnectionString.Endpoint("replica", 6379));
        assertThat(c.user()).contains("alice");
        assertThat(c.password()).contains("p=w");
        assertThat(c.database()).isEqualTo(3);
        assertThat(c.clientName()).contains("api-1");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.commandTimeout()).isEqualTo(Duration.ofMillis(8000));

        RedisURI uri = c.toRedisUri();
        assertThat(uri.getHost()).isEqualTo("primary");
        assertThat(uri.getUsername()).isEqualTo("alice");
        assertThat(new String(uri.getPassword())).isEqualTo("p=w");
        assertThat(uri.getDatabase()).isEqualTo(3);
        assertThat(uri.getClientName()).isEqualTo("api-1");
        assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(8000));
        assertThat(c.toRedisUris()).extracting(RedisURI::getHost).containsExactly("primary", "replica");
    }

    @Test
    void defaultPortsFollowSsl() {
        assertThat(RedisConnectionString.parse("localhost").endpoints().getFirst().port()).isEqualTo(6379);
        assertThat(RedisConnectionString.parse("localhost,ssl=True").endpoints().getFirst().port()).isEqualTo(6380);
        assertThat(RedisConnectionString.parse("ssl=true,localhost").endpoints().getFirst().port()).isEqualTo(6380);
    }

    @Test
    void ipv6Endpoints() {
        assertThat(RedisConnectionString.parse("[::1]:6390").endpoints())
                .containsExactly(new RedisConnectionString.Endpoint("::1", 6390));
        assertThat(RedisConnectionString.parse("[::1]").endpoints().getFirst().port()).isEqualTo(6379);
    }

    @Test
    void channelPrefixAndCommandRenamesAreUnderstood() {
        RedisConnectionString c = RedisConnectionString.parse("redis,channelPrefix=prod:,$CLIENT=,$INFO=info2");
        assertThat(c.channelPrefix()).isEqualTo("prod:");
    }

    @Test
    void redisUris() {
        RedisConnectionString c = RedisConnectionString.parse("redis://bob:pw@cache.example:6400/5");
        assertThat(c.endpoints()).containsExactly(new RedisConnectionString.Endpoint("cache.example", 6400));
        assertThat(c.user()).contains("bob");
        assertThat(c.password()).contains("pw");
        assertThat(c.database()).isEqualTo(5);
        assertThat(c.ssl()).isFalse();

        RedisConnectionString tls = RedisConnectionString.parse("rediss://:only-password@secure.example");
        assertThat(tls.ssl()).isTrue();
        assertThat(tls.password()).contains("only-password");
        assertThat(tls.user()).isEmpty();
    }

    @Test
    void redisPasswordSettingOverrides() {
        ProviderConfig config = ProviderConfig.of(Map.of(
                "Redis__ConnectionString", "redis:6379,password=old",
                "Redis__Password", "new"));
        assertThat(RedisConnectionString.from(config).password()).contains("new");
        assertThat(RedisConnectionString.from(ProviderConfig.of(Map.of("Redis:Password", "x"))).endpoints())
                .containsExactly(new RedisConnectionString.Endpoint("localhost", 6379));
        assertThat(RedisConnectionString.from(ProviderConfig.of(Map.of("Redis__ConnectionString", "h:1,password=kept")))
                .password()).contains("kept");
    }

    @Test
    void emptyPasswordMeansNone() {
        assertThat(RedisConnectionString.parse("h,password=").password()).isEqualTo(Optional.empty());
        assertThat(RedisConnectionString.parse("h").toRedisUri().getPassword()).isNull();
    }

    @Test
    void badStringsAreClearErrorsWithoutThePassword() {
        assertThatThrownBy(() -> RedisConnectionString.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> RedisConnectionString.parse("password=secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
        assertThatThrownBy(() -> RedisConnectionString.parse("h:notaport,password=secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad port")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisConnectionString.parse("h:70000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisConnectionString.parse("h,sslx=true,password=secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sslx' is not supported")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisConnectionString.parse("h,ssl=maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ssl");
        assertThatThrownBy(() -> RedisConnectionString.parse("h,defaultDatabase=-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultdatabase");
        assertThatThrownBy(() -> RedisConnectionString.parse("redis://u:secret@/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
    }

    @Test
    void toStringHidesThePassword() {
        String text = RedisConnectionString.parse("redis:6379,user=u,password=s3cret,ssl=true,defaultDatabase=2").toString();
        assertThat(text).doesNotContain("s3cret").contains("password=***").contains("redis:6379").contains("defaultDatabase=2");
    }
}
