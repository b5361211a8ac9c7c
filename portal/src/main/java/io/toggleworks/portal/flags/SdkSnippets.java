package io.toggleworks.portal.flags;

import io.toggleworks.portal.apiclient.Environment;
import io.toggleworks.portal.apiclient.FeatureFlag;
import io.toggleworks.portal.apiclient.Secret;
import java.util.List;

/** Copy-paste code that evaluates one flag with FeatBit's official SDKs, filled in with this environment's secrets. */
public final class SdkSnippets {
    public record Snippet(String id, String language, String install, String code) {}

    private SdkSnippets() {}

    public static String secret(Environment env, String type) {
        if (env == null || env.secrets() == null) return "<" + type + "-key>";
        return env.secrets().stream().filter(s -> type.equals(s.type())).map(Secret::value).findFirst().orElse("<" + type + "-key>");
    }

    public static List<Snippet> forFlag(FeatureFlag flag, Environment env, String evaluationUrl) {
        String ws = evaluationUrl.replaceFirst("^http", "ws");
        String fallback = switch (flag.variationType()) {
            case "boolean" -> "false";
            case "number" -> "0";
            case "json" -> "{}";
            default -> "\"\"";
        };
        String nodeMethod = switch (flag.variationType()) {
            case "boolean" -> "boolVariation";
            case "number" -> "numberVariation";
            case "json" -> "jsonVariation";
            default -> "stringVariation";
        };
        String node = """
                import { FbClientBuilder, UserBuilder } from '@featbit/node-server-sdk';

                const client = new FbClientBuilder()
                  .sdkKey('%s')
                  .streamingUri('%s')
                  .eventsUri('%s')
                  .build();
                await client.waitForInitialization();

                const user = new UserBuilder('a-user-key').name('Alice').build();
                const value = await client.%s('%s', user, %s);
                console.log('%s =', value);
                """.formatted(secret(env, "server"), ws, evaluationUrl, nodeMethod, flag.key(), fallback, flag.key());
        String browser = """
                import { FbClientBuilder, UserBuilder } from '@featbit/js-client-sdk';

                const user = new UserBuilder('a-user-key').name('Alice').build();
                const client = new FbClientBuilder()
                  .sdkKey('%s')
                  .streamingUri('%s')
                  .eventsUri('%s')
                  .user(user)
                  .build();
                await client.waitForInitialization();

                const value = client.variation('%s', %s);
                client.on('ff_update:%s', () => console.log('%s changed'));
                """.formatted(secret(env, "client"), ws, evaluationUrl, flag.key(), fallback, flag.key(), flag.key());
        String curl = """
                # What the flag looks like in the Management API (access token from Integrations › Access tokens)
                curl -H 'Authorization: <access-token>' \\
                  %s/api/v1/envs/%s/feature-flags/%s
                """.formatted("http://localhost:5000", env == null ? "<env-id>" : env.id(), flag.key());
        return List.of(
                new Snippet("node", "Node.js (server)", "npm install @featbit/node-server-sdk", node),
                new Snippet("browser", "JavaScript (browser)", "npm install @featbit/js-client-sdk", browser),
                new Snippet("rest", "REST API", "", curl));
    }
}
