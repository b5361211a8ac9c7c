package io.toggleworks.portal;

import io.toggleworks.portal.apiclient.Condition;
import io.toggleworks.portal.apiclient.CreateFlag;
import io.toggleworks.portal.apiclient.Fallthrough;
import io.toggleworks.portal.apiclient.FeatureFlag;
import io.toggleworks.portal.apiclient.FlagTargeting;
import io.toggleworks.portal.apiclient.InMemoryPortalApi;
import io.toggleworks.portal.apiclient.MatchRule;
import io.toggleworks.portal.apiclient.PolicyStatement;
import io.toggleworks.portal.apiclient.RolloutVariation;
import io.toggleworks.portal.apiclient.Segment;
import io.toggleworks.portal.apiclient.TargetRule;
import io.toggleworks.portal.apiclient.TargetUser;
import io.toggleworks.portal.apiclient.UserProperty;
import io.toggleworks.portal.apiclient.Variation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Not a test: runs the portal on port 18081 against the in-memory API with demo data, for looking at pages in a
 * browser (and taking screenshots). {@code ./mvnw -pl portal test -Dtest=PortalDemoRun -Dportal.demo=true}
 */
@EnabledIfSystemProperty(named = "portal.demo", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "server.port=${portal.demo.port:18081}")
@Import(FakeApiConfig.class)
class PortalDemoRun {
    @Autowired InMemoryPortalApi api;

    @Test
    void serve() throws InterruptedException {
        api.seed(this::demoData);
        Thread.sleep(Long.getLong("portal.demo.minutes", 30) * 60_000);
    }

    private void demoData() {
        String env = api.firstEnvId();
        var bool = List.of(new Variation("t", "On", "true"), new Variation("f", "Off", "false"));
        Segment beta = api.createSegment(env, "Beta testers", "beta-testers", "People who asked for early access");
        api.updateSegmentTargeting(env, beta.id(), List.of("u-1001", "u-1002"), List.of("u-2000"),
                List.of(new MatchRule("m1", "Staff", List.of(new Condition("c1", "email", "EndsWith", "@acme.test")))), "");
        api.createSegment(env, "Enterprise customers", "enterprise", "Accounts on the enterprise plan");
        FeatureFlag checkout = api.createFlag(env, new CreateFlag("New checkout", "new-checkout", true, "The redesigned checkout flow", "boolean", bool, "t", "f", List.of("checkout", "web")));
        api.updateTargeting(env, "new-checkout", checkout.revision(), new FlagTargeting(List.of(new TargetUser(List.of("u-1001", "u-1002"), "t"), new TargetUser(List.of(), "f")),
                List.of(new TargetRule("r1", "Europe", "country", false, List.of(new Condition("c1", "country", "IsOneOf", "[\"FR\",\"DE\",\"NL\"]"),
                        new Condition("c2", "User is in segment", "", "[\"" + beta.id() + "\"]")),
                        List.of(new RolloutVariation("t", List.of(0.0, 0.5), 1), new RolloutVariation("f", List.of(0.5, 1.0), 1)))),
                new Fallthrough(null, true, List.of(new RolloutVariation("f", List.of(0.0, 1.0), 1))), true), "Roll out to Europe");
        api.createFlag(env, new CreateFlag("Dark mode", "dark-mode", false, "", "boolean", bool, "t", "f", List.of("ui")));
        api.createFlag(env, new CreateFlag("Button colour", "button-colour", true, "", "string",
                List.of(new Variation("r", "Red", "red"), new Variation("b", "Blue", "blue"), new Variation("g", "Green", "green")), "b", "r", List.of("ui", "experiment")));
        api.createFlag(env, new CreateFlag("Search page size", "search-page-size", true, "", "number",
                List.of(new Variation("a", "Small", "10"), new Variation("c", "Large", "50")), "a", "a", List.of("search")));
        api.createFlag(env, new CreateFlag("Pricing config", "pricing-config", false, "", "json",
                List.of(new Variation("j1", "Default", "{\"plan\":\"basic\"}"), new Variation("j2", "Promo", "{\"plan\":\"promo\"}")), "j2", "j1", List.of()));
        for (int i = 0; i < 8; i++) {
            api.upsertEndUser(env, "u-100" + i, "User " + i, List.of(new UserProperty("country", i % 2 == 0 ? "FR" : "US"), new UserProperty("plan", "pro")));
        }
        // A week of evaluations for the Insights tab: more traffic by day, a 50/50 split in Europe.
        java.util.Random random = new java.util.Random(7);
        java.time.Instant now = java.time.Instant.now();
        for (int h = 0; h < 24 * 7; h++) {
            int hourOfDay = now.minus(java.time.Duration.ofHours(h)).atZone(java.time.ZoneOffset.UTC).getHour();
            int n = 6 + (hourOfDay >= 8 && hourOfDay <= 20 ? 14 : 0) + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                int user = random.nextInt(60);
                api.recordEvaluation(new InMemoryPortalApi.Evaluation(env, "new-checkout", random.nextInt(100) < 35 ? "t" : "f", "u-" + (1000 + user), "User " + user,
                        now.minus(java.time.Duration.ofHours(h)).minusSeconds(60 + random.nextInt(3000))));
            }
        }
        api.createGroup("Developers", "Everyone who ships code");
        api.createAccessToken("CI pipeline", "Service", List.of(new PolicyStatement("s1", "flag", "allow", List.of("*"), List.of("project/*:env/*:flag/*"))));
        api.createPolicy("Flag editors", "flag-editors", "Can change flags in every environment");
    }
}
