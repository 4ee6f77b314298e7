package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code version}, {@code completion}, {@code --quiet}, the config file and the order of precedence of settings. */
class CliSettingsTest {
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void versionNamesScannerAnalyzersAndDatabase() throws IOException {
        CliRun text = CliRun.of("version");
        JsonNode json = JSON.readTree(CliRun.of("version", "--format", "json").out());

        assertThat(text.status()).isZero();
        assertThat(text.out()).startsWith("imagescan ").contains("Analyzers: ").contains("dpkg ")
                .contains("(the bundled snapshot)");
        assertThat(json.get("name").asText()).isEqualTo("imagescan");
        assertThat(json.get("analyzers")).isNotEmpty();
        assertThat(json.at("/database/version").asText()).startsWith("sha256:");
        assertThat(json.at("/database/bundled").asBoolean()).isTrue();
        assertThat(json.at("/database/ageDays").asInt()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void completionScriptsNameEveryCommandsOptions() {
        CliRun bash = CliRun.of("completion", "bash");
        CliRun zsh = CliRun.of("completion", "zsh");

        assertThat(bash.status()).isZero();
        assertThat(bash.out()).contains("complete -o filenames -F _imagescan imagescan")
                .contains("\"scan\"*)").contains("--vex").contains("--show-suppressed").contains("--ignorefile")
                .contains("\"db update\"*)").contains("--db-url");
        assertThat(zsh.out()).startsWith("#compdef imagescan\nautoload -U +X bashcompinit && bashcompinit\n")
                .endsWith(bash.out());
        assertThat(CliRun.of("completion", "fish").status()).isEqualTo(ImageScanCli.USAGE);
    }

    @Test
    void quietLeavesOutNotesNotWarnings() {
        CliRun loud = CliRun.of("scan", "--format", "json", ALPINE);
        CliRun quiet = CliRun.of("scan", "--format", "json", "--quiet", ALPINE);

        assertThat(loud.err()).contains("imagescan: note: ");
        assertThat(quiet.err()).doesNotContain("imagescan: note: ").contains("imagescan: warning: ");
        assertThat(quiet.out()).isEqualTo(loud.out().replaceAll("\"generatedAt\" : \"[^\"]+\"",
                quiet.out().replaceAll("(?s).*(\"generatedAt\" : \"[^\"]+\").*", "$1")));
    }

    @Test
    void configFileSetsDefaultsAndRefusesUnknownKeys() throws IOException {
        Path config = Files.writeString(dir.resolve("imagescan.yaml"), """
                # defaults for every scan
                severity: [High]
                quiet: true
                """);
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "severty: High\n");

        CliRun run = CliRun.of("--config", config.toString(), "scan", ALPINE);
        CliRun bad = CliRun.of("scan", ALPINE, "--config", typo.toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("High (").doesNotContain("Medium (").doesNotContain("Unknown (");
        assertThat(bad.status()).isEqualTo(ImageScanCli.USAGE);
        assertThat(bad.err()).startsWith("imagescan: error: " + typo + ": unknown key 'severty'");
    }

    @Test
    void commandLineBeatsEnvironmentBeatsConfigFile() throws ParseException {
        Options options = ScanCommand.OPTIONS;
        CommandLine given = new DefaultParser().parse(options, new String[] {"--severity", "Low", "x"});
        CommandLine none = new DefaultParser().parse(options, new String[] {"x"});
        Defaults both = new Defaults(Map.of("IMAGESCAN_SEVERITY", "Medium", "IMAGESCAN_OFFLINE", "yes"),
                Map.of("severity", "High", "offline", "false"));
        Defaults configOnly = new Defaults(Map.of(), Map.of("severity", "High"));
        Option severity = options.getOption("severity");
        Option offline = options.getOption("offline");

        assertThat(both.value(given, severity)).isEqualTo("Low");
        assertThat(both.value(none, severity)).isEqualTo("Medium");
        assertThat(configOnly.value(none, severity)).isEqualTo("High");
        assertThat(Defaults.NONE.value(none, severity)).isNull();
        assertThat(both.flag(none, offline)).isTrue();
        assertThat(Defaults.variable(options.getOption("db-url"))).isEqualTo("IMAGESCAN_DB_URL");
        assertThatThrownBy(() -> new Defaults(Map.of("IMAGESCAN_OFFLINE", "maybe"), Map.of()).flag(none, offline))
                .hasMessageContaining("'maybe' is not true or false");
    }

    @Test
    void repeatableOptionsTakeTheirValuesFromOneLevelOnly() throws ParseException {
        Options options = ScanCommand.OPTIONS;
        Option vex = options.getOption("vex");
        CommandLine given = new DefaultParser().parse(options, new String[] {"--vex", "a.json", "--vex", "b,c.json",
            "x"});
        CommandLine none = new DefaultParser().parse(options, new String[] {"x"});
        Defaults both = new Defaults(Map.of("IMAGESCAN_VEX", " env1.json, env2.json ,"),
                Map.of("vex", "config.json"));
        Defaults configOnly = new Defaults(Map.of("IMAGESCAN_VEX", ""), Map.of("vex", "c1.json,c2.json"));

        assertThat(both.values(given, vex)).containsExactly("a.json", "b,c.json");
        assertThat(both.values(none, vex)).containsExactly("env1.json", "env2.json");
        assertThat(configOnly.values(none, vex)).containsExactly("c1.json", "c2.json");
        assertThat(Defaults.NONE.values(none, vex)).isEmpty();
        assertThat(Defaults.variable(vex)).isEqualTo("IMAGESCAN_VEX");
    }

    @Test
    void configFileMaySetEveryRepeatableOption() throws IOException {
        Path config = Files.writeString(dir.resolve("lists.yaml"), """
                vex: [a.openvex.json, b.cdx.json]
                insecure-registry: [registry.lan:5000]
                from-feeds: [all.zip]
                """);

        Map<String, String> settings = ConfigFile.read(config, "lists.yaml", Set.of("vex", "insecure-registry",
                "from-feeds"));
        CliRun output = CliRun.of("--config", Files.writeString(dir.resolve("bad.yaml"), "output: x\n").toString(),
                "scan", ALPINE);
        CliRun accepted = CliRun.of("--config", config.toString(), "db", "update", "--help");

        assertThat(settings).containsEntry("vex", "a.openvex.json,b.cdx.json").containsEntry("from-feeds", "all.zip");
        assertThat(accepted.status()).as(accepted.err()).isZero();
        assertThat(output.status()).isEqualTo(ImageScanCli.USAGE);
        assertThat(output.err()).contains("unknown key 'output'");
    }

    @Test
    void ofDatabaseUrlAndRepositoryTheOneSetHigherApplies() throws ParseException {
        Options options = ScanCommand.OPTIONS;
        CommandLine none = new DefaultParser().parse(options, new String[] {"x"});
        CommandLine url = new DefaultParser().parse(options, new String[] {"--db-url", "https://h/vulndb/current",
            "x"});
        Map<String, String> configRepository = Map.of("db-repository", "registry.example/imagescan/db:1");
        Map<String, String> envUrl = Map.of("IMAGESCAN_DB_URL", "https://env/vulndb/current");

        var fromConfig = DatabaseOptions.settings(none, new Defaults(Map.of(), configRepository));
        var commandLineUrl = DatabaseOptions.settings(url, new Defaults(Map.of(), configRepository));
        var environmentUrl = DatabaseOptions.settings(none, new Defaults(envUrl, configRepository));
        var environmentRepository = DatabaseOptions.settings(url, new Defaults(
                Map.of("IMAGESCAN_DB_REPOSITORY", "other.example/db@sha256:" + "a".repeat(64)), Map.of()));

        assertThat(fromConfig.url()).isNull();
        assertThat(fromConfig.repository().toString()).isEqualTo("registry.example/imagescan/db:1");
        assertThat(commandLineUrl.repository()).isNull();
        assertThat(commandLineUrl.url()).hasToString("https://h/vulndb/current");
        assertThat(environmentUrl.repository()).isNull();
        assertThat(environmentUrl.url()).hasToString("https://env/vulndb/current");
        assertThat(environmentRepository.repository()).isNull();
        assertThatThrownBy(() -> DatabaseOptions.settings(none, new Defaults(Map.of(), Map.of("db-url",
                "https://h/vulndb/current", "db-repository", "registry.example/imagescan/db:1"))))
                .hasMessage("--db-url and --db-repository name two sources; set one");
        assertThatThrownBy(() -> DatabaseOptions.settings(none, new Defaults(Map.of(), Map.of("db-repository",
                "Not A Reference!")))).hasMessageStartingWith("--db-repository: ");
    }
}
