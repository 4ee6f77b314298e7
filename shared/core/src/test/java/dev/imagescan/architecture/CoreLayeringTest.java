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
 * The layering of shared/core that docs/ARCHITECTURE.md states ("Rules the build enforces"), checked on core's own
 * classes: no storage, service, AWS or Lambda type; no cycle between its packages; {@code common} depends on nothing;
 * the pipeline's later steps are not reached from its earlier ones.
 */
class CoreLayeringTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().importPath(Path.of("target/classes")); // this module's own main classes
    }

    @Test
    void theImportHoldsThisModulesClasses() {
        assertThat(core.contain("dev.imagescan.scan.ImageScanner")).as("core imported from target/classes").isTrue();
    }

    @Test
    void coreKnowsNoStorageServiceAwsOrLambdaType() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.imagescan.store..",
                "dev.imagescan.service..", "dev.imagescan.functions..", "dev.imagescan.cli..", "software.amazon..",
                "com.amazonaws..")
                .because("core is the scanning domain; storage ports and services sit above it (shared/service)")
                .check(core);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("dev.imagescan.(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void commonDependsOnNothingOfTheProject() {
        noClasses().that().resideInAPackage("dev.imagescan.common..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.imagescan.image..", "dev.imagescan.layer..", "dev.imagescan.analyzer..",
                        "dev.imagescan.inventory..", "dev.imagescan.version..", "dev.imagescan.vulndb..",
                        "dev.imagescan.match..", "dev.imagescan.report..", "dev.imagescan.policy..",
                        "dev.imagescan.sbom..", "dev.imagescan.scan..", "dev.imagescan.cache..",
                        "dev.imagescan.assess..", "dev.imagescan.distro..")
                .check(core);
    }

    @Test
    void readingImagesAndLayersKnowsNothingOfPackagesOrVulnerabilities() {
        noClasses().that().resideInAnyPackage("dev.imagescan.image..", "dev.imagescan.layer..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.imagescan.analyzer..",
                        "dev.imagescan.inventory..", "dev.imagescan.vulndb..", "dev.imagescan.match..",
                        "dev.imagescan.report..", "dev.imagescan.policy..", "dev.imagescan.scan..")
                .check(core);
    }

    @Test
    void theInventoryAndTheDatabaseKnowNothingOfMatchingOrReports() {
        noClasses().that().resideInAnyPackage("dev.imagescan.inventory..", "dev.imagescan.vulndb..",
                        "dev.imagescan.version..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.imagescan.analyzer..",
                        "dev.imagescan.match..", "dev.imagescan.report..", "dev.imagescan.policy..",
                        "dev.imagescan.scan..", "dev.imagescan.assess..")
                .check(core);
    }

    @Test
    void matchingKnowsNothingOfReportsOrPolicies() {
        noClasses().that().resideInAPackage("dev.imagescan.match..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.imagescan.report..",
                        "dev.imagescan.policy..", "dev.imagescan.scan..", "dev.imagescan.assess..")
                .check(core);
    }
}
