package io.toggleworks.api.iam;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.toggleworks.api.db.OnMongoDb;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;

/** {@link MemberPolicyStore} on MongoDB: FeatBit's {@code MemberPolicies} and {@code GroupMembers}. */
@Repository
@OnMongoDb
public class MongoMemberPolicyStore implements MemberPolicyStore {
    private final MongoCollection<Document> memberPolicies;
    private final MongoCollection<Document> groupMembers;

    public MongoMemberPolicyStore(MongoDatabase db) {
        this.memberPolicies = db.getCollection("MemberPolicies");
        this.groupMembers = db.getCollection("GroupMembers");
    }

    @Override
    public void grant(UUID organizationId, UUID memberId, UUID policyId) {
        link(memberPolicies, and(eq("organizationId", organizationId), eq("memberId", memberId), eq("policyId", policyId)));
    }

    @Override
    public void revoke(UUID organizationId, UUID memberId, UUID policyId) {
        memberPolicies.deleteMany(and(eq("organizationId", organizationId), eq("memberId", memberId), eq("policyId", policyId)));
    }

    @Override
    public void addToGroup(UUID organizationId, UUID groupId, UUID memberId) {
        link(groupMembers, and(eq("groupId", groupId), eq("organizationId", organizationId), eq("memberId", memberId)));
    }

    @Override
    public void removeFromGroup(UUID organizationId, UUID groupId, UUID memberId) {
        groupMembers.deleteMany(and(eq("organizationId", organizationId), eq("groupId", groupId), eq("memberId", memberId)));
    }

    @Override
    public void removeMember(UUID organizationId, UUID memberId) {
        memberPolicies.deleteMany(and(eq("organizationId", organizationId), eq("memberId", memberId)));
        groupMembers.deleteMany(and(eq("organizationId", organizationId), eq("memberId", memberId)));
    }

    /** An upsert on the link's fields (copied into the new document): linking twice leaves one document. */
    private static void link(MongoCollection<Document> links, Bson fields) {
        Date now = Date.from(Instant.now());
        links.updateOne(fields, Updates.combine(Updates.setOnInsert("_id", UUID.randomUUID()),
                Updates.setOnInsert("createdAt", now), Updates.setOnInsert("updatedAt", now)), new UpdateOptions().upsert(true));
    }
}
