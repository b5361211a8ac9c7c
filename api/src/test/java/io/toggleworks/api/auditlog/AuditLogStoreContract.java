package io.toggleworks.api.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.toggleworks.api.accesstokens.AccessToken;
import io.toggleworks.api.auditlog.AuditLogStore.Filter;
import io.toggleworks.api.auditlog.AuditLogStore.LastChange;
import io.toggleworks.api.auditlog.AuditLogStore.Operation;
import io.toggleworks.api.auditlog.AuditLogStore.Row;
import io.toggleworks.api.iam.StoreFixtures;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLogStore} does, on PostgreSQL and on MongoDB. */
abstract class AuditLogStoreContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected abstract StoreFixtures fx();

    private AuditLogStore store() {
        return fx().audit();
    }

    private static Filter env(UUID envId) {
        return new Filter(List.of(envId), null, null, null, null, null, null);
    }

    /** One entry for a new ref id, dated {@code at}; returns the ref id. */
    private String log(UUID envId, String refType, String keyword, Operation op, String comment, UUID creator, Instant at) {
        String refId = UUID.randomUUID().toString();
        store().insert(envId, refId, refType, keyword, op, new DataChange("", "{\"k\":1}"), comment, creator);
        fx().auditCreatedAt(refId, at);
        return refId;
    }

    @Test
    void writesAnEntryAndReadsItBack() {
        UUID envId = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        fx().user(user, "ann-" + user + "@example.com", "Ann", null);
        String flagId = UUID.randomUUID().toString();
        long before = store().count();
        Instant start = Instant.now().minusSeconds(1);
        store().insert(envId, flagId, AuditLogStore.FEATURE_FLAG, "key,Name", Operation.Update,
                new DataChange("{\"a\":1}", "{\"a\":2}"), null, user);
        assertThat(store().count()).isEqualTo(before + 1);

        PagedResult<Row> page = store().list(env(envId), new Paging(0, 10));
        assertThat(page.totalCount()).isEqualTo(1);
        Row r = page.items().getFirst();
        assertThat(r.id()).isNotNull();
        assertThat(r.envId()).isEqualTo(envId);
        assertThat(r.refId()).isEqualTo(flagId);
        assertThat(r.refType()).isEqualTo(AuditLogStore.FEATURE_FLAG);
        assertThat(r.keyword()).isEqualTo("key,Name");
        assertThat(r.operation()).isEqualTo("Update");
        assertThat(r.dataChange()).isEqualTo(new DataChange("{\"a\":1}", "{\"a\":2}"));
        assertThat(r.comment()).isEmpty();
        assertThat(r.creatorId()).isEqualTo(user);
        assertThat(r.creatorName()).isEqualTo("Ann");
        assertThat(r.creatorEmail()).isEqualTo("ann-" + user + "@example.com");
        assertThat(r.createdAt()).isAfter(start).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void cutsKeywordAndCommentTo512() {
        UUID envId = UUID.randomUUID();
        store().insert(envId, "r", AuditLogStore.SEGMENT, "k".repeat(600), Operation.Create, new DataChange(null, null),
                "c".repeat(600), UUID.randomUUID());
        Row r = store().list(env(envId), new Paging(0, 10)).items().getFirst();
        assertThat(r.keyword()).hasSize(512);
        assertThat(r.comment()).hasSize(512);
        assertThat(r.dataChange()).isEqualTo(new DataChange("", ""));
    }

    @Test
    void namesTheCreatorAfterAUserATokenTheSystemOrAGhost() {
        UUID envId = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        fx().user(user, "u-" + user + "@example.com", "Ulla", null);
        UUID token = UUID.randomUUID();
        fx().tokens().insert(new AccessToken(token, UUID.randomUUID(), "robot", AccessToken.SERVICE, AccessToken.ACTIVE, "api-xxxxxx",
                user, List.of(), Optional.empty(), T0, T0), io.toggleworks.api.accesstokens.TokenHashing.newToken());
        String byUser = log(envId, AuditLogStore.SEGMENT, "s", Operation.Update, "", user, T0.plusSeconds(4));
        String byToken = log(envId, AuditLogStore.SEGMENT, "s", Operation.Update, "", token, T0.plusSeconds(3));
        String bySystem = log(envId, AuditLogStore.SEGMENT, "s", Operation.Update, "", new UUID(0, 0), T0.plusSeconds(2));
        String byGhost = log(envId, AuditLogStore.SEGMENT, "s", Operation.Update, "", UUID.randomUUID(), T0.plusSeconds(1));

        List<Row> rows = store().list(env(envId), new Paging(0, 10)).items();
        assertThat(rows).extracting(Row::refId).containsExactly(byUser, byToken, bySystem, byGhost);
        assertThat(rows).extracting(Row::creatorName).containsExactly("Ulla", "robot", "System", "Ghost");
        assertThat(rows).extracting(Row::creatorEmail)
                .containsExactly("u-" + user + "@example.com", "Access token", "System", "Ghost");
    }

    @Test
    void filtersPagesAndOrdersNewestFirst() {
        UUID envId = UUID.randomUUID();
        UUID otherEnv = UUID.randomUUID();
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        String f1 = log(envId, AuditLogStore.FEATURE_FLAG, "checkout,Checkout 50%", Operation.Create, "first", ann, T0);
        String s1 = log(envId, AuditLogStore.SEGMENT, "beta_users", Operation.Update, "added Bob", bob, T0.plusSeconds(10));
        String f2 = log(envId, AuditLogStore.FEATURE_FLAG, "banner,Banner", Operation.Archive, "no longer used", bob, T0.plusSeconds(20));
        String other = log(otherEnv, AuditLogStore.FEATURE_FLAG, "checkout,Checkout", Operation.Update, "", ann, T0.plusSeconds(30));

        PagedResult<Row> all = store().list(env(envId), new Paging(0, 10));
        assertThat(all.totalCount()).isEqualTo(3);
        assertThat(all.items()).extracting(Row::refId).containsExactly(f2, s1, f1);
        PagedResult<Row> second = store().list(env(envId), new Paging(1, 2));
        assertThat(second.totalCount()).isEqualTo(3);
        assertThat(second.items()).extracting(Row::refId).containsExactly(f1);
        assertThat(store().list(new Filter(List.of(envId, otherEnv), null, null, null, null, null, null), new Paging(0, 10)).items())
                .extracting(Row::refId).containsExactly(other, f2, s1, f1);
        assertThat(store().list(new Filter(List.of(), null, null, null, null, null, null), new Paging(0, 10)).totalCount()).isZero();

        assertThat(refIds(new Filter(List.of(envId), "CHECKOUT", null, null, null, null, null))).containsExactly(f1);
        assertThat(refIds(new Filter(List.of(envId), " bob ", null, null, null, null, null))).as("comment, trimmed").containsExactly(s1);
        assertThat(refIds(new Filter(List.of(envId), "50%", null, null, null, null, null))).containsExactly(f1);
        assertThat(refIds(new Filter(List.of(envId), "a_u", null, null, null, null, null))).containsExactly(s1);
        assertThat(refIds(new Filter(List.of(envId), "t_u", null, null, null, null, null))).as("an underscore is not a wildcard").isEmpty();
        assertThat(refIds(new Filter(List.of(envId), null, bob, null, null, null, null))).containsExactly(f2, s1);
        assertThat(refIds(new Filter(List.of(envId), null, null, " " + s1 + " ", null, null, null))).containsExactly(s1);
        assertThat(refIds(new Filter(List.of(envId), null, null, null, AuditLogStore.FEATURE_FLAG, null, null))).containsExactly(f2, f1);
        assertThat(refIds(new Filter(List.of(envId), null, null, null, null, T0.plusSeconds(10), null))).containsExactly(f2, s1);
        assertThat(refIds(new Filter(List.of(envId), null, null, null, null, null, T0.plusSeconds(10)))).containsExactly(s1, f1);
        assertThat(refIds(new Filter(List.of(envId), "", null, "", "", T0.plusSeconds(5), T0.plusSeconds(15)))).containsExactly(s1);
    }

    @Test
    void entriesOfOneInstantAreOrderedByIdDescending() {
        UUID envId = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            store().insert(envId, "same", AuditLogStore.SEGMENT, "s", Operation.Update, new DataChange("", ""), "", UUID.randomUUID());
        }
        fx().auditCreatedAt("same", T0);
        List<Row> rows = store().list(env(envId), new Paging(0, 10)).items();
        List<UUID> ids = rows.stream().map(Row::id).toList();
        assertThat(ids).hasSize(3);
        assertThat(store().list(env(envId), new Paging(0, 1)).items()).extracting(Row::id).containsExactly(ids.get(0));
        assertThat(store().list(env(envId), new Paging(1, 1)).items()).extracting(Row::id).containsExactly(ids.get(1));
        assertThat(store().list(env(envId), new Paging(2, 1)).items()).extracting(Row::id).containsExactly(ids.get(2));
    }

    @Test
    void theLastChangeOfEachFlagIsItsNewestNonCreateEntry() {
        UUID envId = UUID.randomUUID();
        UUID ann = UUID.randomUUID();
        fx().user(ann, "ann-" + ann + "@example.com", "Ann", null);
        UUID ghost = UUID.randomUUID();
        UUID changed = UUID.randomUUID();
        UUID created = UUID.randomUUID();
        UUID byGhost = UUID.randomUUID();
        String flag = AuditLogStore.FEATURE_FLAG;
        entry(envId, changed, flag, Operation.Update, "older", ann, T0.plusSeconds(1));
        entry(envId, changed, flag, Operation.Archive, "newest", ann, T0.plusSeconds(2));
        entry(envId, changed, flag, Operation.Create, "created late", ann, T0.plusSeconds(7));
        entry(envId, changed, AuditLogStore.SEGMENT, Operation.Update, "a segment", ann, T0.plusSeconds(8));
        entry(UUID.randomUUID(), changed, flag, Operation.Update, "other env", ann, T0.plusSeconds(9));
        entry(envId, created, flag, Operation.Create, "", ann, T0);
        entry(envId, byGhost, flag, Operation.Update, "who?", ghost, T0.plusSeconds(5));

        Map<String, LastChange> last = store().lastChanges(envId, List.of(changed, created, byGhost, UUID.randomUUID()));
        assertThat(last).containsOnlyKeys(changed.toString(), byGhost.toString());
        LastChange c = last.get(changed.toString());
        assertThat(c.operator()).isEqualTo(new AuditLogStore.Operator(ann, "Ann", "ann-" + ann + "@example.com"));
        assertThat(c.happenedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(c.comment()).isEqualTo("newest");
        assertThat(last.get(byGhost.toString()).operator()).isEqualTo(new AuditLogStore.Operator(ghost, "Ghost", "Ghost"));
        assertThat(last.get(byGhost.toString()).comment()).isEqualTo("who?");
        assertThat(store().lastChanges(envId, List.of())).isEmpty();
    }

    @Test
    void listsTheEnvironmentsOfAnOrganization() {
        UUID org = UUID.randomUUID();
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        fx().project(p1, org, "P1", "p1");
        fx().project(p2, org, "P2", "p2");
        UUID e1 = UUID.randomUUID();
        UUID e2 = UUID.randomUUID();
        UUID e3 = UUID.randomUUID();
        fx().env(e1, p1, "Prod", "prod");
        fx().env(e2, p1, "Dev", "dev");
        fx().env(e3, p2, "Prod", "prod");
        UUID elsewhere = UUID.randomUUID();
        fx().project(elsewhere, UUID.randomUUID(), "P", "p");
        fx().env(UUID.randomUUID(), elsewhere, "Prod", "prod");
        assertThat(store().envIdsOfOrganization(org)).containsExactlyInAnyOrder(e1, e2, e3);
        assertThat(store().envIdsOfOrganization(UUID.randomUUID())).isEmpty();
    }

    /** An entry of {@code refId} dated {@code at} (written under a unique ref id, dated, then given its own). */
    private void entry(UUID envId, UUID refId, String refType, Operation op, String comment, UUID creator, Instant at) {
        String marker = UUID.randomUUID().toString();
        store().insert(envId, marker, refType, "k,K", op, new DataChange("", ""), comment, creator);
        fx().auditCreatedAt(marker, at);
        fx().auditRefId(marker, refId.toString());
    }

    private List<String> refIds(Filter f) {
        return store().list(f, new Paging(0, 10)).items().stream().map(Row::refId).toList();
    }
}
