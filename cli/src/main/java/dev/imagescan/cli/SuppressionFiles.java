package dev.imagescan.cli;

import dev.imagescan.report.FindingSuppressor;
import dev.imagescan.suppress.IgnoreFileParser;
import dev.imagescan.suppress.IgnoreRule;
import dev.imagescan.suppress.Suppressions;
import dev.imagescan.suppress.VexDocuments;
import dev.imagescan.suppress.VexStatement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The ignore file and VEX documents of one {@code scan}: {@code --ignorefile FILE}, else {@code .imagescanignore} in
 * the working directory when there is one, and every {@code --vex FILE}.
 */
final class SuppressionFiles {
    /** The ignore file read from the working directory when no {@code --ignorefile} is given. */
    static final String DEFAULT_IGNORE_FILE = ".imagescanignore";

    private SuppressionFiles() {}

    /**
     * Reads them; nothing given and no default file is {@link FindingSuppressor#NONE}.
     *
     * @param ignoreFile {@code --ignorefile}; null: the default file when it exists
     * @param vex        every {@code --vex}, in order (a later document wins a tie in time)
     */
    static FindingSuppressor load(String ignoreFile, List<String> vex, Clock clock) throws IOException {
        List<IgnoreRule> rules = List.of();
        if (ignoreFile != null) {
            rules = IgnoreFileParser.read(Path.of(ignoreFile), ignoreFile);
        } else if (Files.isRegularFile(Path.of(DEFAULT_IGNORE_FILE))) {
            rules = IgnoreFileParser.read(Path.of(DEFAULT_IGNORE_FILE), DEFAULT_IGNORE_FILE);
        }
        List<VexStatement> statements = new ArrayList<>();
        for (String file : vex) {
            statements.addAll(VexDocuments.read(Path.of(file), file, statements.size()));
        }
        if (rules.isEmpty() && statements.isEmpty()) {
            return FindingSuppressor.NONE;
        }
        return new Suppressions(rules, statements, clock);
    }
}
