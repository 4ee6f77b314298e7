package dev.imagescan.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.imagescan.functions.api.ApiHandler;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.dbupdate.DbUpdateHandler;
import dev.imagescan.functions.enumerate.EnumerateHandler;
import dev.imagescan.functions.harbor.HarborHandler;
import dev.imagescan.functions.publish.PublishHandler;
import dev.imagescan.functions.scan.ScanHandler;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.service.ScanService;
import dev.imagescan.store.aws.S3ObjectStore;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/ARCHITECTURE.md over the whole deployed code (core, service, aws and the six functions, as the
 * modules' jars): no package cycles; the handlers reach the scanning domain through the services, not into it; no
 * function uses another (only {@code functions.common}).
 */
class FunctionsLayeringTest {
    private static JavaClasses all;

    @BeforeAll
    static void importAll() throws URISyntaxException {
        Set<Location> jars = new LinkedHashSet<>();
        for (Class<?> inModule : List.of(ImageScanner.class, ScanService.class, S3ObjectStore.class,
                FunctionContext.class, ScanHandler.class, EnumerateHandler.class, PublishHandler.class,
                ApiHandler.class, DbUpdateHandler.class, HarborHandler.class)) {
            jars.add(Location.of(inModule.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        all = new ClassFileImporter().importLocations(jars); // the shipped modules' own jars, nothing else
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.imagescan.(*)..").should().beFreeOfCycles().check(all);
    }

    @Test
    void handlersCallServicesAndDoNotReachIntoTheScanningDomain() {
        noClasses().that().resideInAPackage("dev.imagescan.functions..").and().haveSimpleNameEndingWith("Handler")
                .should().dependOnClassesThat().resideInAnyPackage("dev.imagescan.image..", "dev.imagescan.layer..",
                        "dev.imagescan.analyzer..", "dev.imagescan.inventory..", "dev.imagescan.version..",
                        "dev.imagescan.match..", "dev.imagescan.assess..", "dev.imagescan.policy..",
                        "dev.imagescan.sbom..", "dev.imagescan.cache..", "dev.imagescan.distro..")
                .because("a handler parses its event, calls a service and answers: what a scan does lives in the"
                        + " services (shared/service), which the CLI's core use case shares")
                .check(all);
    }

    @Test
    void noFunctionUsesAnother() {
        slices().matching("dev.imagescan.functions.(*)..").should().notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAPackage("dev.imagescan.functions.common.."))
                .check(all);
    }

    @Test
    void theImportSawEveryModule() {
        for (String pkg : new String[] {"dev.imagescan.scan", "dev.imagescan.service", "dev.imagescan.store.aws",
                "dev.imagescan.functions.scan", "dev.imagescan.functions.enumerate", "dev.imagescan.functions.publish",
                "dev.imagescan.functions.api", "dev.imagescan.functions.dbupdate",
                "dev.imagescan.functions.harbor"}) {
            assertThat(all.containPackage(pkg)).as(pkg).isTrue();
        }
    }
}
