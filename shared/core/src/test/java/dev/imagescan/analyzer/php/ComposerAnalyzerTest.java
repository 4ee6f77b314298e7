package dev.imagescan.analyzer.php;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.layer.MapFileView;
import org.junit.jupiter.api.Test;

/** installed.json in Composer 2's layout and Composer 1's, and what is not one. */
class ComposerAnalyzerTest {

    @Test
    void bothLayouts() {
        PackageAnalysis a = new ComposerAnalyzer().analyze(new MapFileView()
                .with("var/www/vendor/composer/installed.json",
                        AppImages.resource("/apps/php/installed-composer2.json"))
                .with("vendor/composer/installed.json", AppImages.resource("/apps/php/installed-composer1.json"))
                .with("var/www/vendor/composer/installed.php", "<?php return array();"), null);
        assertThat(a.packages()).filteredOn(p -> p.app().application().equals("var/www"))
                .extracting(p -> p.name() + " " + p.version()).containsExactly(
                        "guzzlehttp/psr7 1.8.3", "psr/http-message 1.1", "ralouphie/getallheaders 3.0.3");
        assertThat(a.packages()).filteredOn(p -> p.app().application().isEmpty()).hasSize(23)
                .extracting(p -> p.name() + " " + p.version())
                .contains("zendframework/zend-stdlib 3.1.0", "zendframework/zend-validator dev-master");
        assertThat(a.problems()).isEmpty();
    }

    @Test
    void whatIsNoListOfPackagesIsAProblem() {
        PackageAnalysis a = new ComposerAnalyzer().analyze(new MapFileView()
                .with("a/vendor/composer/installed.json", "{\"packages\": {}}")
                .with("b/vendor/composer/installed.json", "[{\"name\": \"x/y\"}]")
                .with("c/vendor/composer/installed.json", "{"), null);
        assertThat(a.packages()).isEmpty();
        assertThat(a.problems()).hasSize(3).contains(
                "/a/vendor/composer/installed.json: neither a list of packages nor an object with \"packages\";"
                        + " skipped",
                "/b/vendor/composer/installed.json: a package without a name and version; skipped");
    }
}
