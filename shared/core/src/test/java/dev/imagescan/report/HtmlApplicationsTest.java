package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Matcher;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.osv.OsvParser;
import dev.imagescan.vulndb.testing.Advisories;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of the image of real application packages ({@link AppImages}) against real GHSA, Go and OpenSSF
 * records: its findings grouped by target as the table groups them (each application with its ecosystem and path,
 * the malicious package last), an index linking to each, and the page as headless Chromium renders it.
 */
class HtmlApplicationsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    static final Pattern TARGET = Pattern.compile("<h3 class=\"target\">([^<]*)</h3>");

    @TempDir
    static Path dir;
    static VulnerabilityReport report;
    static String html;

    @BeforeAll
    static void scanMatchAndRender() throws IOException {
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(AppImages.image()
                .writeOciArchive(dir.resolve("apps.tar")));
        List<OsvRecord> records = new ArrayList<>();
        for (String name : List.of("GHSA-jfh8-c2jp-5v3q.json", "GHSA-xvch-5gv4-984h.json", "GHSA-35jh-r3h4-6jhm.json",
                "GHSA-v845-jxx5-vc9f.json", "GO-2023-1840.json", "MAL-2025-25502.json")) {
            try (InputStream in = HtmlApplicationsTest.class.getResourceAsStream("/vulndb/lang/" + name)) {
                records.add(new OsvParser().parse(in.readAllBytes(), name));
            }
        }
        InMemoryVulnDatabase db = Advisories.db(records.toArray(OsvRecord[]::new));
        report = new ReportBuilder(CLOCK).build(inventory, new Matcher(CLOCK).match(inventory, db), db.info(),
                ReportFilter.ALL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlReportWriter().write(report, out);
        html = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void findingsAreGroupedByTargetWithAnIndex() {
        assertThat(targets(html)).containsExactly("Application golang /usr/local/bin/hello",
                "Application maven /" + AppImages.LOG4J, "Application npm /opt/tool", "Application npm /srv/web",
                "Application pypi /usr/local/lib/python3.11/dist-packages",
                "Malicious packages: remove them and rotate any secret the image held");
        assertThat(html).contains("<ul id=\"targets\">", "<a href=\"#target-3\">Application npm /srv/web</a>"
                + " (2 findings)</li>", "<section class=\"target\" id=\"target-3\">");
        // within the npm application: lodash and minimist, each once, with the command where it is declared
        String web = html.substring(html.indexOf("id=\"target-3\""), html.indexOf("id=\"target-4\""));
        assertThat(web).contains("<h4>lodash <code>4.17.15</code>", "<h4>minimist <code>1.2.0</code>",
                HtmlReportWriter.esc("cd /srv/web && npm install lodash@4.17.21"),
                HtmlReportWriter.esc("cd /srv/web && npm install minimist@1.2.6"))
                .doesNotContain("lodahs");
    }

    @Test
    void chromiumRendersTheTargets() throws Exception {
        assumeTrue(Files.isExecutable(HtmlReportWriterTest.CHROMIUM), "no chromium; .ci/run installs it");
        Path page = dir.resolve("applications.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        String dom = HtmlReportWriterTest.chromium(dir, "dom", "--dump-dom", page.toUri().toString());
        assertThat(targets(dom)).hasSize(6).last().asString().startsWith("Malicious packages");
        Path png = dir.resolve("applications.png");
        HtmlReportWriterTest.chromium(dir, "shot", "--screenshot=" + png, "--window-size=1280,2400",
                page.toUri().toString());
        // kept for people to look at: target/html-report/applications.{html,png}
        Path kept = Files.createDirectories(Path.of("target", "html-report"));
        Files.copy(png, kept.resolve("applications.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(page, kept.resolve("applications.html"), StandardCopyOption.REPLACE_EXISTING);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        boolean highBadge = false;
        int rows = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            boolean ink = false;
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                highBadge |= rgb == 0xCF222E;
                ink |= rgb != 0xFFFFFF;
            }
            rows += ink ? 1 : 0;
        }
        assertThat(highBadge).as("a High badge is painted").isTrue();
        assertThat(rows).as("rows with something drawn").isGreaterThan(300);
    }

    private static List<String> targets(String page) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = TARGET.matcher(page);
        while (m.find()) {
            out.add(m.group(1).replace("&amp;", "&"));
        }
        return out;
    }
}
