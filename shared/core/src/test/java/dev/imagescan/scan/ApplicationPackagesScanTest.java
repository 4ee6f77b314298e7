package dev.imagescan.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.cache.InMemoryLayerCache;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language analyzers on one image of real application packages ({@link AppImages}): each package with its type,
 * version, path, application, layer, evidence and purl; the OS-installed Python metadata left to dpkg.
 */
class ApplicationPackagesScanTest {
    @TempDir
    static Path dir;
    static Path image;
    static Inventory inventory;

    @BeforeAll
    static void scan() throws IOException {
        image = AppImages.image().writeOciArchive(dir.resolve("apps.tar"));
        inventory = new ImageScanner(ScanOptions.defaults()).scan(image);
    }

    /** type name version | path | application | layer | evidence, confidence. */
    private static List<String> rows() {
        return inventory.packages().stream().filter(p -> !p.type().isOs())
                .map(p -> p.type().purlType() + " " + p.name() + " " + p.version() + " | " + p.app().path() + " | "
                        + p.app().application() + " | " + p.layer().index() + " | " + p.app().evidence() + ", "
                        + p.app().confidence())
                .sorted().toList();
    }

    @Test
    void findsEveryApplicationPackageWithItsPathApplicationAndLayer() {
        assertThat(rows()).containsExactly(
                "golang example.com/greet v1.2.3 | usr/local/bin/hello | usr/local/bin/hello | 1 | go buildinfo, high",
                "golang example.com/shout2 v1.1.0 | usr/local/bin/hello | usr/local/bin/hello | 1 | go buildinfo, high",
                "golang stdlib v1.19.8 | usr/local/bin/hello | usr/local/bin/hello | 1 | go buildinfo, high",
                "maven com.fasterxml.jackson.core:jackson-databind 2.9.10.8 | " + AppImages.JACKSON_IN_WAR + " | "
                        + AppImages.WAR + " | 1 | pom.properties, high",
                "maven org.apache.logging.log4j:log4j-core 2.14.1 | " + AppImages.LOG4J + " | " + AppImages.LOG4J
                        + " | 1 | pom.properties, high",
                "npm lodahs 1.0.0 | srv/web/node_modules/lodahs/package.json | srv/web | 2 | package.json, high",
                "npm lodash 4.17.15 | srv/web/node_modules/lodash/package.json | srv/web | 2 | package.json, high",
                "npm lodash 4.17.20 | opt/tool/package-lock.json | opt/tool | 2 | package-lock.json, high",
                "npm minimist 1.2.0 | srv/web/node_modules/minimist/package.json | srv/web | 2 | package.json, high",
                "pypi urllib3 1.26.12 | " + AppImages.PIP_METADATA
                        + " | usr/local/lib/python3.11/dist-packages | 2 | METADATA, high");
    }

    @Test
    void packageUrlsAndArchiveHashes() {
        Package log4j = app("org.apache.logging.log4j:log4j-core");
        assertThat(log4j.purl()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(log4j.app().sha1()).isEqualTo(AppImages.sha1(AppImages.jar("log4j-core-2.14.1.jar")))
                .isEqualTo("9141212b8507ab50a45525b545b39d224614528b");
        Package jackson = app("com.fasterxml.jackson.core:jackson-databind");
        assertThat(jackson.app().sha1()).isEqualTo(AppImages.sha1(AppImages.jar("jackson-databind-2.9.10.8.jar")));
        assertThat(app("lodash").purl()).isEqualTo("pkg:npm/lodash@4.17.15");
        assertThat(app("urllib3").purl()).isEqualTo("pkg:pypi/urllib3@1.26.12");
        assertThat(app("example.com/greet").purl()).isEqualTo("pkg:golang/example.com/greet@v1.2.3");
    }

    @Test
    void pythonMetadataDpkgInstalledIsTheOsPackageOnly() {
        assertThat(inventory.packages().stream().filter(p -> p.name().contains("urllib3"))
                .map(p -> p.type() + " " + p.name() + " " + p.version()).sorted().toList())
                .containsExactly("DEB python3-urllib3 1.26.12-1+deb12u4", "PYPI urllib3 1.26.12");
        assertThat(inventory.os().describe()).isEqualTo("debian 12");
    }

    @Test
    void analyzerVersionsAreNamedAndInTheLayerCacheKey() {
        assertThat(inventory.analyzers()).contains("java/2", "node/2", "python/2", "go/3");
        String key = AnalyzerKey.canonical(1, dev.imagescan.analyzer.Analyzers.defaults(),
                dev.imagescan.analyzer.Analyzers.defaults().stream().flatMap(a -> a.requests().stream()).toList());
        assertThat(key).contains("analyzer java 2", "analyzer go 3", "reduced 4194304 **/*.{jar,war,ear,par}",
                "matching 1048576 **/node_modules/**/package.json");
    }

    @Test
    void aCachedRescanReadsNoLayerAndGivesTheSameInventory() {
        InMemoryLayerCache cache = new InMemoryLayerCache();
        ImageScanner scanner = new ImageScanner(ScanOptions.defaults().withLayerCache(cache));
        Inventory first = scanner.scan(image);
        Inventory again = scanner.scan(image);
        assertThat(again.packages()).isEqualTo(first.packages()).isEqualTo(inventory.packages());
    }

    private static Package app(String name) {
        return inventory.packages().stream().filter(p -> p.name().equals(name) && p.type() != PackageType.DEB)
                .findFirst().orElseThrow(() -> new AssertionError(name + " not found in " + inventory.packages()
                        .stream().map(Package::name).collect(Collectors.joining(", "))));
    }
}
