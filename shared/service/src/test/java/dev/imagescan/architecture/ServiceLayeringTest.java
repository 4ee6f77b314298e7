package dev.imagescan.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of shared/service that docs/ARCHITECTURE.md states: the ports and the services know no AWS SDK or
 * Lambda type (the adapters in shared/aws implement the ports), the ports know nothing of the services, and nothing
 * here forms a cycle with core.
 */
class ServiceLayeringTest {
    private static JavaClasses service;

    @BeforeAll
    static void importService() {
        service = new ClassFileImporter().importPath(Path.of("target/classes")); // this module's own main classes
    }

    @Test
    void theImportHoldsThisModulesClasses() {
        assertThat(service.contain("dev.imagescan.service.ScanService")).as("service imported from target/classes")
                .isTrue();
    }

    @Test
    void portsAndServicesKnowNoAwsOrLambdaType() {
        noClasses().that().resideInAnyPackage("dev.imagescan.store..", "dev.imagescan.service..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..",
                        "dev.imagescan.store.aws..", "dev.imagescan.functions..")
                .because("the AWS adapters (shared/aws) implement the ports; the functions call the services")
                .check(service);
    }

    @Test
    void thePortsKnowNothingOfTheServices() {
        noClasses().that().resideInAPackage("dev.imagescan.store..").should().dependOnClassesThat()
                .resideInAPackage("dev.imagescan.service..").check(service);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.imagescan.(*)..").should().beFreeOfCycles().check(service);
    }
}
