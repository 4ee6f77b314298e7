package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriterTest {
    private static final String IMAGE = "alpine-3.9.6.docker.tar.gz";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern BAR = Pattern.compile("<rect\\b[^>]*\\bdata-level=\"(\\w+)\"[^>]*>");

    @Test
    void everyTextIsEscapedAndNothingIsLoadedFromOutside() throws IOException {
        VulnerabilityReport report = SampleReports.withHostileSummary(SampleReports.of(IMAGE));
        String html = SampleReports.render(new HtmlReportWriter(), report);

        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("</td></table> ")
                .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &quot;text&quot;"
                        + " &lt;/td&gt;&lt;/table&gt;");
        assertThat(html).doesNotContainIgnoringCase("<link").doesNotContainIgnoringCase(" src=")
                .doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(")
                .doesNotContainIgnoringCase("<iframe").doesNotContainIgnoringCase("<img");
        assertThat(HtmlReportWriter.esc("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
    }

    @Test
    void pageHoldsHeaderSummaryChartFixPlanAndFindingsByPackage() throws IOException {
        VulnerabilityReport report = SampleReports.of(IMAGE);
        String html = SampleReports.render(new HtmlReportWriter(), report);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">")
                .contains(report.inventory().image().configDigest()).contains("alpine 3.9")
                .contains("<th scope=\"col\">");
        for (Severity level : Severity.values()) {
            assertThat(html).contains("<td class=\"num\" data-level=\"" + level.label() + "\">"
                    + report.counts().get(level) + "</td>");
        }
        assertThat(bars(html)).hasSize(4);
        for (String command : report.fixPlan().commands()) {
            assertThat(html).contains(HtmlReportWriter.esc(command));
        }
        Set<String> packages = new HashSet<>();
        report.findings().forEach(f -> packages.add(f.pkg().name() + "\u0000" + f.pkg().version()));
        assertThat(count(html, "<section class=\"package\">")).isEqualTo(packages.size());
        Finding linked = report.findings().stream().filter(f -> !f.references().isEmpty()).findFirst().orElseThrow();
        assertThat(html).contains("<a href=\"" + HtmlReportWriter.esc(linked.references().get(0)) + "\"");
    }

    @Test
    void barHeightsAreProportionalToTheLargestCount() {
        assertThat(HtmlReportWriter.barHeight(10, 10)).isEqualTo(HtmlReportWriter.CHART_BAR_MAX_HEIGHT);
        assertThat(HtmlReportWriter.barHeight(5, 10)).isEqualTo(HtmlReportWriter.CHART_BAR_MAX_HEIGHT / 2);
        assertThat(HtmlReportWriter.barHeight(0, 10)).isZero();
        assertThat(HtmlReportWriter.barHeight(0, 0)).isZero();
    }

    @Test
    void chromiumRendersTheSummaryAndChart(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + " (apt-get install chromium); .ci/run installs it");
        VulnerabilityReport report = SampleReports.withMixedLevels(SampleReports.of(IMAGE));
        assertThat(report.counts().high()).isNotEqualTo(report.counts().low());
        Path page = dir.resolve("report.html");
        Files.writeString(page, SampleReports.render(new HtmlReportWriter(), report), StandardCharsets.UTF_8);

        String dom = chromium(dir, "dom", "--dump-dom", page.toUri().toString());
        SeverityCounts counts = report.counts();
        int max = Math.max(Math.max(counts.high(), counts.medium()), Math.max(counts.low(), counts.unknown()));
        assertThat(max).isPositive();
        for (Severity level : Severity.values()) {
            assertThat(dom).contains("data-level=\"" + level.label() + "\">" + counts.get(level) + "</td>");
        }
        List<String> bars = bars(dom);
        assertThat(bars).hasSize(4);
        for (int i = 0; i < bars.size(); i++) {
            Severity level = Severity.values()[i];
            String bar = bars.get(i);
            assertThat(bar).contains("data-level=\"" + level.label() + "\"")
                    .contains("data-count=\"" + counts.get(level) + "\"")
                    .contains("height=\"" + HtmlReportWriter.barHeight(counts.get(level), max) + "\"");
        }
        assertThat(dom).contains(">" + level(Severity.HIGH) + "</text>").contains("<svg id=\"chart\"");

        Path png = dir.resolve("report.png");
        chromium(dir, "shot", "--screenshot=" + png, "--window-size=1280,1600", page.toUri().toString());
        assertThat(png).exists();
        // kept for people to look at: target/html-report/report.{html,png}
        Path kept = Files.createDirectories(Path.of("target", "html-report"));
        Files.copy(png, kept.resolve("report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(page, kept.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isBetween(1000, 3000);
        assertThat(image.getHeight()).isBetween(1200, 4000);
        Set<Integer> colours = new HashSet<>();
        boolean highBarColour = false;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                highBarColour |= rgb == 0xCF222E;
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(20);
        assertThat(highBarColour).as("the High bar or badge is painted").isTrue();
    }

    private static String level(Severity s) {
        return s.label();
    }

    /** Runs headless Chromium on its own profile directory and returns what it printed on stdout. */
    static String chromium(Path dir, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile-" + name)));
        command.addAll(List.of(args));
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(stderr));
        }
        assertThat(p.exitValue()).as("chromium exit status; stderr: %s", Files.readString(stderr)).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static List<String> bars(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = BAR.matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
