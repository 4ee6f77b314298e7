package dev.imagescan.analyzer.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.layer.MapFileView;
import org.junit.jupiter.api.Test;

/** Node's rules beyond the image test: what counts as an installed package.json, and broken files. */
class NodeAnalyzerTest {
    private final NodeAnalyzer node = new NodeAnalyzer();

    @Test
    void onlyPackageRootsUnderNodeModulesAreInstalledPackages() {
        assertThat(NodeAnalyzer.PACKAGE_JSON).accepts("app/node_modules/a/package.json",
                "node_modules/@scope/b/package.json", "app/node_modules/a/node_modules/c/package.json");
        assertThat(NodeAnalyzer.PACKAGE_JSON).rejects("app/package.json", "app/node_modules/a/lib/package.json",
                "app/node_modules/@scope/package.json", "app/node_modules/.bin/package.json".replace(".bin", "@x"));
        assertThat(NodeAnalyzer.application("app/node_modules/a/node_modules/c/package.json")).isEqualTo("app");
        assertThat(NodeAnalyzer.application("node_modules/a/package.json")).isEmpty();
    }

    @Test
    void brokenJsonIsAProblemAndOtherPackagesStillCount() {
        PackageAnalysis a = node.analyze(new MapFileView()
                .with("w/node_modules/ok/package.json", "{\"name\":\"ok\",\"version\":\"1.0.0\"}")
                .with("w/node_modules/bad/package.json", "{\"name\":")
                .with("w/node_modules/noversion/package.json", "{\"name\":\"noversion\"}"), null);
        assertThat(a.packages()).extracting(p -> p.name() + "@" + p.version()).containsExactly("ok@1.0.0");
        assertThat(a.problems()).singleElement().asString().startsWith("/w/node_modules/bad/package.json: not valid");
    }

    @Test
    void aLockfileWithoutPackagesOrDependenciesSaysSoAndNodeModulesBeatsTheLock() {
        PackageAnalysis a = node.analyze(new MapFileView()
                .with("old/package-lock.json", "{\"lockfileVersion\": 1}")
                .with("w/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/x\": "
                        + "{\"version\": \"9.9.9\"}}}")
                .with("w/node_modules/x/package.json", "{\"name\":\"x\",\"version\":\"1.0.0\"}"), null);
        assertThat(a.packages()).extracting(p -> p.name() + "@" + p.version()).containsExactly("x@1.0.0");
        assertThat(a.problems()).singleElement().asString()
                .contains("lockfile version 1 has neither \"packages\" nor \"dependencies\"");
    }

    @Test
    void aVersionOneLockfileGivesItsNestedTreeWithoutDevelopmentOrNonRegistryEntries() {
        PackageAnalysis a = node.analyze(new MapFileView().with("srv/app/package-lock.json", """
                {"lockfileVersion": 1, "dependencies": {
                  "express": {"version": "4.16.4", "dependencies": {"debug": {"version": "2.6.9"}}},
                  "mocha": {"version": "10.0.0", "dev": true},
                  "mine": {"version": "file:../mine"},
                  "fork": {"version": "github:someone/fork#abc"}}}"""), null);
        assertThat(a.packages()).extracting(p -> p.name() + "@" + p.version() + " " + p.app().application())
                .containsExactly("express@4.16.4 srv/app", "debug@2.6.9 srv/app");
        assertThat(a.problems()).isEmpty();
    }
}
