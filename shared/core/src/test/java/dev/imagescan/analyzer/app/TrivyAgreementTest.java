package dev.imagescan.analyzer.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agreement with Trivy, package by package, on the inputs Trivy's own analyzer and parser tests keep (and a real
 * cargo-auditable binary of osv-scalibr's), copied to shared/testing's {@code apps/trivy/} with their sources. Every
 * input is placed in one image layer under {@code srv/trivy/GROUP/} and the image is scanned as any other; for each
 * group, what we report is compared with what Trivy's test expects ({@code agreement.txt}). A difference is allowed
 * only where that file lists it with its reason (the table "where we differ from Trivy and why" in
 * docs/languages.md); a new difference, or a listed one that went away, fails the test.
 */
class TrivyAgreementTest {
    private static final String ROOT = "srv/trivy/";

    @TempDir
    static Path dir;
    static List<Group> groups;
    static Inventory inventory;

    /** One of Trivy's test cases: its inputs and the expected lines. */
    record Group(String name, String source, Map<String, String> files, List<String> expected) {}

    @BeforeAll
    static void scan() throws IOException {
        groups = parse(new String(AppImages.resource("/apps/trivy/agreement.txt"), StandardCharsets.UTF_8));
        LayerBuilder layer = LayerBuilder.layer();
        for (Group g : groups) {
            g.files().forEach((path, resource) -> {
                String[] parts = resource.split(" ");
                byte[] data = AppImages.resource("/apps/trivy/" + parts[0]);
                if (parts[0].endsWith(".gz")) {
                    data = gunzip(data);
                }
                layer.file(ROOT + g.name() + "/" + path, data, parts.length > 1 ? Integer.parseInt(parts[1], 8)
                        : 0644);
            });
        }
        Path image = ImageBuilder.image().layer(layer, "COPY trivy testdata").writeOciArchive(dir.resolve("t.tar"));
        inventory = new ImageScanner(ScanOptions.defaults()).scan(image);
    }

    @Test
    void everyGroupAgreesWithTrivyOrSaysWhyNot() {
        List<String> wrong = new ArrayList<>();
        for (Group g : groups) {
            TreeSet<String> ours = ours(g.name());
            TreeSet<String> wanted = new TreeSet<>();
            for (String line : g.expected()) {
                String pkg = key(line.substring(2).split(" \\| ")[0]);
                if (line.startsWith("=") || line.startsWith("+")) {
                    wanted.add(pkg);
                }
            }
            if (!ours.equals(wanted)) {
                wrong.add(g.name() + " (" + g.source() + "): expected " + wanted + " but we report " + ours
                        + "; warnings " + inventory.warnings().stream().filter(w -> w.contains(ROOT + g.name()))
                        .toList());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyDifferenceHasAReasonExplainedInTheDocs() throws IOException {
        String docs = Files.readString(docs());
        int differences = 0;
        for (Group g : groups) {
            for (String line : g.expected()) {
                if (line.startsWith("-") || line.startsWith("+")) {
                    differences++;
                    assertThat(line).as(g.name()).matches("[-+] \\S+ \\S+ \\S+ \\| .{10,} \\([a-z0-9-]+\\)");
                    String key = line.substring(line.lastIndexOf('(') + 1, line.length() - 1);
                    assertThat(docs).as("the row for " + key + " in docs/languages.md").contains("| `" + key + "` |");
                }
            }
        }
        assertThat(groups).hasSizeGreaterThanOrEqualTo(40);
        assertThat(differences).isLessThan(30);
    }

    /** docs/languages.md, found from the module's directory up. */
    private static Path docs() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path doc = d.resolve("docs/languages.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException("docs/languages.md not found above " + Path.of("").toAbsolutePath());
    }

    /** What we report for one group: {@code type name version}, PyPI names normalised as both sides compare them. */
    private static TreeSet<String> ours(String group) {
        TreeSet<String> out = new TreeSet<>();
        for (Package p : inventory.packages()) {
            if (p.app() != null && p.app().path().startsWith(ROOT + group + "/")) {
                out.add(key(p.type().purlType() + " " + p.name().replace(" ", "%20") + " " + p.version()));
            }
        }
        return out;
    }

    private static String key(String typeNameVersion) {
        String[] t = typeNameVersion.trim().split(" ");
        String name = t[0].equals("pypi") ? t[1].toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-") : t[1];
        return t[0] + " " + name + " " + t[2];
    }

    static List<Group> parse(String text) {
        List<Group> out = new ArrayList<>();
        Group current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("group ")) {
                String[] p = line.split(" ", 3);
                current = new Group(p[1], p[2], new LinkedHashMap<>(), new ArrayList<>());
                out.add(current);
            } else if (line.startsWith("file ")) {
                String[] p = line.split(" ");
                current.files().put(p[2], p[1] + (p.length > 3 ? " " + p[3] : ""));
            } else if (line.matches("[-=+] .*")) {
                current.expected().add(line);
            } else {
                throw new IllegalArgumentException("agreement.txt: " + line);
            }
        }
        return out;
    }

    private static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
