package io.toggleworks.api.iam;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.toggleworks.api.db.OnMongoDb;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/**
 * {@link MemberStore} on MongoDB: FeatBit's {@code OrganizationUsers} joined in memory with {@code Users} (an
 * organization's members are few), and the links in {@code MemberPolicies} and {@code GroupMembers}.
 */
@Repository
@OnMongoDb
public class MongoMemberStore implements MemberStore {
    private static final Comparator<Member> NEWEST_THEN_EMAIL = Comparator
            .comparing(Member::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Member::email, Comparator.nullsLast(Comparator.naturalOrder()));
    private static final Comparator<Member> BY_EMAIL = Comparator.comparing(Member::email, Comparator.nullsLast(Comparator.naturalOrder()));

    private final MongoCollection<Document> users;
    private final MongoCollection<Document> organizationUsers;
    private final MongoCollection<Document> organizations;
    private final MongoCollection<Document> workspaceUsers;
    private final MongoCollection<Document> refreshTokens;
    private final MongoCollection<Document> memberPolicies;
    private final MongoCollection<Document> groupMembers;

    public MongoMemberStore(MongoDatabase db) {
        this.users = db.getCollection("Users");
        this.organizationUsers = db.getCollection("OrganizationUsers");
        this.organizations = db.getCollection("Organizations");
        this.workspaceUsers = db.getCollection("WorkspaceUsers");
        this.refreshTokens = db.getCollection("RefreshTokens");
        this.memberPolicies = db.getCollection("MemberPolicies");
        this.groupMembers = db.getCollection("GroupMembers");
    }

    @Override
    public Optional<Member> find(UUID organizationId, UUID memberId) {
        Document membership = organizationUsers.find(and(eq("organizationId", organizationId), eq("userId", memberId))).first();
        if (membership == null) {
            return Optional.empty();
        }
        Document user = users.find(eq("_id", memberId)).first();
        return user == null ? Optional.empty() : Optional.of(member(user, membership));
    }

    @Override
    public PagedResult<Member> list(UUID organizationId, String searchText, Paging paging) {
        List<Member> all = members(organizationId, searchText);
        all.sort(NEWEST_THEN_EMAIL);
        return PagedResult.page(all, paging);
    }

    @Override
    public List<Member> all(UUID organizationId, String searchText) {
        List<Member> all = members(organizationId, searchText);
        all.sort(BY_EMAIL);
        return all;
    }

    @Override
    public List<UUID> memberIdsWithPolicy(UUID organizationId, UUID policyId) {
        return MongoGroupStore.ids(memberPolicies, and(eq("organizationId", organizationId), eq("policyId", policyId)), "memberId");
    }

    @Override
    public List<UUID> directPolicyIds(UUID organizationId, UUID memberId) {
        return MongoGroupStore.ids(memberPolicies, and(eq("organizationId", organizationId), eq("memberId", memberId)), "policyId");
    }

    @Override
    public void removeFromOrganization(UUID organizationId, UUID memberId) {
        memberPolicies.deleteMany(and(eq("organizationId", organizationId), eq("memberId", memberId)));
        groupMembers.deleteMany(and(eq("organizationId", organizationId), eq("memberId", memberId)));
        organizationUsers.deleteMany(and(eq("organizationId", organizationId), eq("userId", memberId)));
    }

    @Override
    public long organizationsInWorkspace(UUID workspaceId, UUID userId) {
        return organizationIdsInWorkspace(workspaceId, userId).size();
    }

    @Override
    public List<UUID> organizationIdsInWorkspace(UUID workspaceId, UUID userId) {
        List<UUID> ofUser = MongoGroupStore.ids(organizationUsers, eq("userId", userId), "organizationId");
        if (ofUser.isEmpty()) {
            return List.of();
        }
        Set<UUID> inWorkspace = new LinkedHashSet<>(
                MongoGroupStore.ids(organizations, and(in("_id", ofUser), eq("workspaceId", workspaceId)), "_id"));
        // One id per membership, as the SQL join gives.
        return ofUser.stream().filter(inWorkspace::contains).toList();
    }

    @Override
    public void removeFromWorkspace(UUID workspaceId, UUID userId) {
        workspaceUsers.deleteMany(and(eq("workspaceId", workspaceId), eq("userId", userId)));
        if (workspaceUsers.countDocuments(eq("userId", userId)) == 0) {
            refreshTokens.deleteMany(eq("userId", userId));
            users.deleteOne(eq("_id", userId));
        }
    }

    private List<Member> members(UUID organizationId, String searchText) {
        Map<UUID, Document> memberships = new HashMap<>();
        organizationUsers.find(eq("organizationId", organizationId)).forEach(d -> {
            UUID user = MongoDocs.uuid(d, "userId");
            if (user != null) {
                memberships.putIfAbsent(user, d);
            }
        });
        if (memberships.isEmpty()) {
            return new ArrayList<>();
        }
        String q = searchText == null || searchText.isBlank() ? null : searchText.trim().toLowerCase(Locale.ROOT);
        List<Member> out = new ArrayList<>();
        users.find(in("_id", memberships.keySet())).forEach(u -> {
            Member m = member(u, memberships.get(MongoDocs.uuid(u, "_id")));
            if (q == null || contains(m.email(), q) || contains(m.name(), q)) {
                out.add(m);
            }
        });
        return out;
    }

    private static boolean contains(String text, String lowerQuery) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(lowerQuery);
    }

    private static Member member(Document user, Document membership) {
        Instant createdAt = MongoDocs.instant(membership, "createdAt");
        return new Member(MongoDocs.uuid(user, "_id"), MongoDocs.nullableString(user, "email"), MongoDocs.nullableString(user, "name"),
                MongoDocs.uuid(membership, "invitorId"), MongoDocs.nullableString(user, "initialPassword"), createdAt);
    }
}
