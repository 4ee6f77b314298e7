package dev.imagescan.cli;

import dev.imagescan.common.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The config file ({@code imagescan.yaml} in the working directory, or {@code --config FILE}): a YAML mapping whose
 * keys are option long names and whose values are what the option would be given ({@code severity: High,Medium},
 * {@code db-url: https://…}, {@code offline: true}); a list stands for a comma-separated value. A key that is no
 * option of any command is an error, so a typo never silently does nothing. At most 64 KiB.
 */
final class ConfigFile {
    /** The file read from the working directory when no {@code --config} is given. */
    static final String DEFAULT_NAME = "imagescan.yaml";
    private static final int MAX_BYTES = 64 * 1024;

    /** A config file that cannot be used. */
    static final class ConfigException extends BadInputException {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }

    private ConfigFile() {}

    /** The settings of {@code file}, named {@code name} in messages; {@code known} are the option names allowed. */
    static Map<String, String> read(Path file, String name, Set<String> known) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new ConfigException(name + ": larger than " + MAX_BYTES + " bytes");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(5);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(new String(bytes, StandardCharsets.UTF_8));
        } catch (YAMLException e) {
            throw new ConfigException(name + ": not valid YAML: " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse("?"));
        }
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException(name + ": expected a mapping of option names to values");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!known.contains(key)) {
                throw new ConfigException(name + ": unknown key '" + key + "' (keys are option names without --,"
                        + " e.g. severity, db-url, ignorefile)");
            }
            Object v = e.getValue();
            if (v instanceof Map<?, ?>) {
                throw new ConfigException(name + ": " + key + ": expected a value or a list, not a mapping");
            }
            settings.put(key, v instanceof List<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(v));
        }
        return settings;
    }
}
