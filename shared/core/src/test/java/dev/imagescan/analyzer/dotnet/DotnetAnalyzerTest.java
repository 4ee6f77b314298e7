package dev.imagescan.analyzer.dotnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.PackageAnalysis;
import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.layer.MapFileView;
import org.junit.jupiter.api.Test;

/** deps.json files as the .NET SDK writes them: packages only, the application being the file. */
class DotnetAnalyzerTest {

    @Test
    void packageLibrariesOfAPublishedApplication() {
        PackageAnalysis a = new DotnetAnalyzer().analyze(new MapFileView()
                .with("app/ExampleApp1.deps.json", AppImages.resource("/apps/dotnet/ExampleApp1.deps.json"))
                .with("app/datacollector.deps.json", AppImages.resource("/apps/dotnet/datacollector.deps.json")),
                null);
        // the project entries (ExampleApp1, the test platform) are the applications' own assemblies
        assertThat(a.packages()).extracting(p -> p.name() + " " + p.version() + " " + p.app().application() + " "
                + p.app().purl()).containsExactlyInAnyOrder(
                        "Newtonsoft.Json 13.0.1 app/ExampleApp1.deps.json pkg:nuget/Newtonsoft.Json@13.0.1",
                        "Newtonsoft.Json 9.0.1 app/datacollector.deps.json pkg:nuget/Newtonsoft.Json@9.0.1");
        assertThat(a.problems()).isEmpty();
    }

    @Test
    void brokenFilesAreProblemsNotFailures() {
        PackageAnalysis a = new DotnetAnalyzer().analyze(new MapFileView()
                .with("a/x.deps.json", "{\"libraries\": ")
                .with("b/y.deps.json", "{\"runtimeTarget\": {}}")
                .with("c/z.deps.json", "{\"libraries\": {\"NoVersion\": {\"type\": \"package\"}}}")
                .with("d/.deps.json", "{}"), null);
        assertThat(a.packages()).isEmpty();
        assertThat(a.problems()).hasSize(3).anySatisfy(p -> assertThat(p).startsWith("/a/x.deps.json: not valid JSON"))
                .contains("/b/y.deps.json: no \"libraries\" object; skipped",
                        "/c/z.deps.json: library \"NoVersion\" is not Name/Version; skipped");
    }
}
