package io.toggleworks.core.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** core is framework-free (ADR 0002): the JDK, Jackson 3 and its annotations, nothing else. */
class CoreDependenciesTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.toggleworks.core");

    @Test
    void coreDependsOnlyOnTheJdkAndJackson() {
        classes().that().resideInAPackage("io.toggleworks.core..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "tools.jackson..", "com.fasterxml.jackson.annotation..", "io.toggleworks.core..")
                .check(CORE);
    }

    @Test
    void domainPackagesDoNotDependOnWireOrEvaluation() {
        classes().that().resideInAnyPackage("io.toggleworks.core.flag..", "io.toggleworks.core.segment..",
                        "io.toggleworks.core.enduser..", "io.toggleworks.core.secret..", "io.toggleworks.core.json..")
                .should().onlyDependOnClassesThat()
                .resideOutsideOfPackages("io.toggleworks.core.wire..", "io.toggleworks.core.evaluation..")
                .check(CORE);
    }
}
