package dev.imagescan.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The CI pipelines of docs/ci.md (docs/ci/github-actions.yml, docs/ci/gitlab-ci.yml): valid YAML, shaped as each CI
 * reads them (the SARIF uploaded even when the gate fails, the gate failing the job on the policy's exit code, the
 * SBOM declared as GitLab's CycloneDX report and the findings as its container-scanning report), and every imagescan
 * option they use is one the CLI defines.
 */
class CiExamplesTest {
    private static final Path CI = Repository.root().resolve("docs/ci");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z-]+)");

    @Test
    @SuppressWarnings("unchecked")
    void theGitHubWorkflowUploadsTheSarifAlwaysAndFailsOnThePolicy() {
        Map<String, Object> workflow = yaml("github-actions.yml");
        assertThat((Map<String, Object>) workflow.get("permissions")).containsEntry("security-events", "write");
        Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) jobs.get("scan"))
                .get("steps");
        Map<String, Object> scan = step(steps, "Scan");
        String run = (String) scan.get("run");
        assertThat(run).contains("--format sarif --output imagescan.sarif").contains("--policy")
                .contains("--exit-code 3").contains("set +e");
        Map<String, Object> upload = step(steps, "Upload to code scanning");
        assertThat(upload.get("uses")).isEqualTo("github/codeql-action/upload-sarif@v3");
        assertThat(upload.get("if")).isEqualTo("always()");
        assertThat((Map<String, Object>) upload.get("with")).containsEntry("sarif_file", "imagescan.sarif");
        Map<String, Object> gate = step(steps, "Fail on the policy");
        assertThat(gate.get("if")).isEqualTo("steps.scan.outputs.exit != '0'");
        assertThat(steps.indexOf(gate)).isGreaterThan(steps.indexOf(upload));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGitLabJobKeepsItsReportsAndFailsOnThePolicy() {
        Map<String, Object> job = (Map<String, Object>) yaml("gitlab-ci.yml").get("imagescan");
        List<String> script = (List<String>) job.get("script");
        assertThat(String.join("\n", script)).contains("--format cyclonedx --output gl-sbom-imagescan.cdx.json")
                .contains("--format gitlab --output gl-container-scanning-report.json --exit-code 3")
                .contains("--password-stdin");
        Map<String, Object> artifacts = (Map<String, Object>) job.get("artifacts");
        assertThat(artifacts.get("when")).isEqualTo("always");
        assertThat((Map<String, Object>) artifacts.get("reports"))
                .containsEntry("cyclonedx", List.of("gl-sbom-imagescan.cdx.json"))
                .containsEntry("container_scanning", List.of("gl-container-scanning-report.json"));
    }

    @Test
    void everyOptionThePipelinesUseIsOneTheCliDefines() throws IOException {
        Set<String> defined = new LinkedHashSet<>();
        try (Stream<Path> sources = Files.walk(Repository.root().resolve("cli/src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("longOpt\\(\"([a-z-]+)\"\\)").matcher(Files.readString(source));
                while (m.find()) {
                    defined.add(m.group(1));
                }
            }
        }
        assertThat(defined).contains("format", "policy");
        for (String file : List.of("github-actions.yml", "gitlab-ci.yml")) {
            List<String> used = new ArrayList<>();
            for (String line : Files.readAllLines(CI.resolve(file))) {
                if (!line.stripLeading().startsWith("#")) {
                    Matcher m = OPTION.matcher(line);
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
            assertThat(used).as(file).isNotEmpty();
            assertThat(defined).as(file).containsAll(used);
        }
    }

    private static Map<String, Object> step(List<Map<String, Object>> steps, String name) {
        return steps.stream().filter(s -> name.equals(s.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name));
    }

    private static Map<String, Object> yaml(String file) {
        try {
            return new Yaml().load(Files.readString(CI.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
