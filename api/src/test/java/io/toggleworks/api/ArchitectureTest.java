package io.toggleworks.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Package rules of the api module, enforced rather than remembered (DEVELOPERS.md). */
class ArchitectureTest {
    static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.toggleworks.api");

    @Test
    void envelopeAndPersistenceHelpersDependOnNoConcept() {
        // web may use security's marker annotations (the /error route is anonymous), nothing else.
        noClasses().that().resideInAnyPackage("io.toggleworks.api.web..", "io.toggleworks.api.db..")
                .should().dependOnClassesThat().resideInAnyPackage("io.toggleworks.api.iam..",
                        "io.toggleworks.api.tenancy..", "io.toggleworks.api.identity..", "io.toggleworks.api.accesstokens..",
                        "io.toggleworks.api.flags..", "io.toggleworks.api.segments..", "io.toggleworks.api.endusers..")
                .check(API);
        noClasses().that().resideInAnyPackage("io.toggleworks.api.db..")
                .should().dependOnClassesThat().resideInAnyPackage("io.toggleworks.api.security..", "io.toggleworks.api.web..")
                .check(API);
    }

    @Test
    void rnMatchingAndPermissionEvaluationArePure() {
        noClasses().that().haveSimpleNameStartingWith("ResourceNameMatcher").or().haveSimpleNameStartingWith("PermissionEvaluator")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..")
                .check(API);
    }

    @Test
    void controllersDoNotTalkSqlDirectlyToAnotherConceptsTables() {
        noClasses().that().resideInAnyPackage("io.toggleworks.api.iam..", "io.toggleworks.api.tenancy..",
                        "io.toggleworks.api.identity..", "io.toggleworks.api.accesstokens..", "io.toggleworks.api.security..")
                .should().dependOnClassesThat().resideInAnyPackage("io.toggleworks.api.flags..", "io.toggleworks.api.segments..",
                        "io.toggleworks.api.endusers..", "io.toggleworks.api.auditlog..", "io.toggleworks.api.jobs..")
                .check(API);
    }

    /** ADR 0052: each main database lives behind a store interface, in classes named for it. */
    @Test
    void onlyPostgresClassesTalkSqlAndOnlyMongoClassesTalkMongo() {
        noClasses().that(outsideClassesNamed("Postgres"))
                .and().resideOutsideOfPackages("io.toggleworks.api.db..", "io.toggleworks.api.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
                .because("SQL belongs in a Postgres* store implementation")
                .check(API);
        noClasses().that(outsideClassesNamed("Mongo"))
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..")
                .because("MongoDB access belongs in a Mongo* store implementation")
                .check(API);
    }

    /** Classes whose top-level class (inner and anonymous classes included) is not named {@code prefix...}. */
    private static DescribedPredicate<JavaClass> outsideClassesNamed(String prefix) {
        return DescribedPredicate.describe("are not in a " + prefix + "* class", c -> {
            String binary = c.getName().substring(c.getPackageName().length() + 1);
            int inner = binary.indexOf('$');
            return !(inner < 0 ? binary : binary.substring(0, inner)).startsWith(prefix);
        });
    }
}
