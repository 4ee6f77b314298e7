package dev.imagescan.report;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.match.Coverage;
import dev.imagescan.vulndb.FixStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the report as one self-contained HTML page (docs/report-format.md#html): inline CSS, an inline SVG bar chart,
 * no scripts and no external resources. It shows the image, OS, database and coverage; the counts per level as a table
 * and a chart; the fix plan; and the findings grouped by package with their remediation. Every piece of text from the
 * report is escaped; only http(s) references become links. Levels are told by their names as well as their colours.
 */
public final class HtmlReportWriter implements ReportWriter {
    /** The height in pixels of the chart's tallest bar (the level with the most findings). */
    public static final int CHART_BAR_MAX_HEIGHT = 160;
    private static final int CHART_TOP = 24;
    private static final int BAR_WIDTH = 72;
    private static final int BAR_GAP = 40;
    private static final String CSS = """
            :root { color-scheme: light; }
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
                   margin: 0 auto; max-width: 1180px; padding: 24px; color: #1b1f24; background: #fff; }
            h1 { font-size: 1.6em; margin: 0 0 .4em; word-break: break-all; }
            h2 { font-size: 1.25em; border-bottom: 2px solid #d0d7de; padding-bottom: .2em; margin-top: 1.6em; }
            h3 { font-size: 1.05em; margin: 1.2em 0 .3em; }
            h3.target { font-size: 1.15em; margin-top: 1.8em; padding-bottom: .2em; border-bottom: 2px solid #d0d7de; }
            h4 { font-size: 1em; margin: 1em 0 .3em; }
            dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
            dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; word-break: break-all; }
            .note { padding: 8px 12px; border-left: 4px solid #0969da; background: #ddf4ff; margin: 12px 0; }
            .warning { border-left-color: #bf8700; background: #fff8c5; }
            table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
            th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
            th { background: #f6f8fa; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            .summary { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
            .summary table { width: auto; min-width: 260px; }
            code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
            pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: 8px; white-space: pre-wrap;
                  word-break: break-all; }
            .badge { display: inline-block; min-width: 5.5em; text-align: center; border-radius: 4px; padding: 0 6px;
                     font-weight: 600; font-size: .85em; border: 1px solid transparent; }
            .sev-high { background: #cf222e; color: #fff; } .sev-medium { background: #f0a30a; color: #1b1f24; }
            .sev-low { background: #ddf4ff; color: #0a3069; border-color: #54aeff; }
            .sev-unknown { background: #eaeef2; color: #1b1f24; border-color: #8c959f; }
            svg .bar-high { fill: #cf222e; } svg .bar-medium { fill: #f0a30a; } svg .bar-low { fill: #54aeff; }
            svg .bar-unknown { fill: #8c959f; } svg text { font: 13px system-ui, sans-serif; fill: #1b1f24; }
            svg .axis { stroke: #57606a; stroke-width: 1; }
            .muted { color: #57606a; }
            footer { margin-top: 2em; font-size: .85em; color: #57606a; }
            @media print {
              body { max-width: none; padding: 0; font-size: 11px; }
              a { color: inherit; text-decoration: none; }
              section.package { break-inside: avoid; }
              .badge, svg rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            }
            """;

    @Override
    public void write(VulnerabilityReport report, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        Inventory inv = report.inventory();
        String imageName = imageName(inv.image());
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.write("<title>Vulnerability report: " + esc(imageName) + "</title>\n");
        w.write("<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        header(w, report, imageName);
        summary(w, report);
        fixPlan(w, report.fixPlan());
        findings(w, report);
        suppressed(w, report.suppressed());
        if (!inv.warnings().isEmpty()) {
            w.write("<section id=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n");
            for (String warning : inv.warnings()) {
                w.write("<li>" + esc(warning) + "</li>\n");
            }
            w.write("</ul>\n</section>\n");
        }
        w.write("<footer>Generated by imagescan at " + esc(report.generatedAt().toString()) + ".</footer>\n");
        w.write("</body>\n</html>\n");
        w.flush();
    }

    /** The findings an ignore file or VEX statement suppressed, with the statement; and expired ignore entries. */
    private static void suppressed(Writer w, Suppressed suppressed) throws IOException {
        if (suppressed.findings().isEmpty() && suppressed.notices().isEmpty()) {
            return;
        }
        w.write("<section id=\"suppressed\">\n<h2>Suppressed (" + suppressed.findings().size() + ")</h2>\n");
        if (!suppressed.findings().isEmpty()) {
            w.write("<table>\n<thead><tr><th scope=\"col\">Vulnerability</th><th scope=\"col\">Package</th>"
                    + "<th scope=\"col\">Level</th><th scope=\"col\">Why it does not apply</th></tr></thead>\n"
                    + "<tbody>\n");
            for (SuppressedFinding s : suppressed.findings()) {
                Finding f = s.finding();
                w.write("<tr><td>" + esc(f.id()) + "</td><td>" + esc(f.pkg().name()) + " <code>"
                        + esc(f.pkg().version()) + "</code></td><td>" + esc(f.level().label()) + "</td><td>"
                        + esc(s.suppression().describe()) + "</td></tr>\n");
            }
            w.write("</tbody>\n</table>\n");
        }
        for (String notice : suppressed.notices()) {
            w.write("<p class=\"note warning\">" + esc(notice) + "</p>\n");
        }
        w.write("</section>\n");
    }

    private static void header(Writer w, VulnerabilityReport report, String imageName) throws IOException {
        Inventory inv = report.inventory();
        ImageSummary image = inv.image();
        w.write("<header>\n<h1>Vulnerability report: " + esc(imageName) + "</h1>\n<dl class=\"meta\">\n");
        meta(w, "Image", imageName + " (" + image.format() + (image.platform() == null ? "" : ", " + image.platform())
                + ")");
        if (image.configDigest() != null) {
            meta(w, "Image ID", image.configDigest());
        }
        if (image.manifestDigest() != null) {
            meta(w, "Manifest digest", image.manifestDigest());
        }
        meta(w, "Operating system", (inv.os().isKnown() ? inv.os().describe() : "unknown")
                + (inv.os().name() == null ? "" : " (" + inv.os().name() + ")"));
        meta(w, "Packages", Integer.toString(inv.packages().size()));
        meta(w, "Database", (report.database().digest() == null ? "(unknown)" : report.database().digest())
                + ", " + report.database().advisories() + " advisories");
        long age = report.databaseAgeDays();
        meta(w, "Newest advisory", age < 0 ? "unknown" : age + (age == 1 ? " day" : " days") + " old");
        meta(w, "Generated", report.generatedAt().toString());
        w.write("</dl>\n");
        Coverage c = report.coverage();
        if (c.message() != null) {
            boolean covered = c.status() == Coverage.Status.COVERED;
            w.write("<p class=\"note" + (covered ? "" : " warning") + "\" id=\"coverage\"><strong>"
                    + (covered ? "Note" : "Warning") + ":</strong> " + esc(capitalize(c.message())) + "</p>\n");
        }
        w.write("</header>\n");
    }

    private static void summary(Writer w, VulnerabilityReport report) throws IOException {
        SeverityCounts n = report.counts();
        w.write("<section id=\"summary\">\n<h2>Summary</h2>\n");
        w.write("<p>" + n.total() + (n.total() == 1 ? " finding" : " findings")
                + (report.hidden().total() == 0 ? "" : "; " + report.hidden().total() + " more hidden by the filter")
                + ".</p>\n");
        if (n.total() == 0 && report.coverage().status() != Coverage.Status.COVERED) {
            w.write("<p class=\"note warning\">No findings does not mean the image is clean: the database does not"
                    + " cover it.</p>\n");
        }
        w.write("<div class=\"summary\">\n<table id=\"counts\">\n<caption class=\"muted\">Findings per level</caption>\n"
                + "<thead><tr><th scope=\"col\">Level</th><th scope=\"col\" class=\"num\">Findings</th></tr></thead>\n"
                + "<tbody>\n");
        for (Severity level : Severity.values()) {
            w.write("<tr><th scope=\"row\">" + badge(level) + "</th><td class=\"num\" data-level=\"" + level.label()
                    + "\">" + n.get(level) + "</td></tr>\n");
        }
        w.write("<tr><th scope=\"row\">Total</th><td class=\"num\" data-level=\"total\">" + n.total()
                + "</td></tr>\n</tbody>\n</table>\n");
        chart(w, n);
        w.write("</div>\n</section>\n");
    }

    /** The bar height of {@code count} when the largest count is {@code max}: proportional, at most the maximum. */
    public static int barHeight(int count, int max) {
        return max == 0 ? 0 : (int) Math.round((double) CHART_BAR_MAX_HEIGHT * count / max);
    }

    private static void chart(Writer w, SeverityCounts n) throws IOException {
        int max = 0;
        for (Severity level : Severity.values()) {
            max = Math.max(max, n.get(level));
        }
        int levels = Severity.values().length;
        int width = BAR_GAP + levels * (BAR_WIDTH + BAR_GAP);
        int baseline = CHART_TOP + CHART_BAR_MAX_HEIGHT;
        int height = baseline + 28;
        w.write("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\" aria-labelledby=\"chart-title\">\n");
        w.write("<title id=\"chart-title\">Findings per level: " + summaryText(n) + "</title>\n");
        int x = BAR_GAP;
        for (Severity level : Severity.values()) {
            int count = n.get(level);
            int h = barHeight(count, max);
            String cls = "bar-" + level.label().toLowerCase(Locale.ROOT);
            w.write("<g>\n<rect class=\"bar " + cls + "\" data-level=\"" + level.label() + "\" data-count=\"" + count
                    + "\" x=\"" + x + "\" y=\"" + (baseline - h) + "\" width=\"" + BAR_WIDTH + "\" height=\"" + h
                    + "\"><title>" + level.label() + ": " + count + "</title></rect>\n");
            w.write("<text class=\"count\" x=\"" + (x + BAR_WIDTH / 2) + "\" y=\"" + (baseline - h - 6)
                    + "\" text-anchor=\"middle\">" + count + "</text>\n");
            w.write("<text class=\"label\" x=\"" + (x + BAR_WIDTH / 2) + "\" y=\"" + (baseline + 18)
                    + "\" text-anchor=\"middle\">" + level.label() + "</text>\n</g>\n");
            x += BAR_WIDTH + BAR_GAP;
        }
        w.write("<line class=\"axis\" x1=\"" + (BAR_GAP / 2) + "\" y1=\"" + baseline + "\" x2=\"" + (width - BAR_GAP / 2)
                + "\" y2=\"" + baseline + "\"/>\n</svg>\n");
    }

    private static void fixPlan(Writer w, FixPlan plan) throws IOException {
        w.write("<section id=\"fix-plan\">\n<h2>Fix plan</h2>\n");
        String noFix = plan.unfixed().isEmpty() ? ""
                : "<p id=\"no-fix\">No fix: " + esc(FixPlan.describe(plan.unfixed())) + ".</p>\n";
        if (plan.upgrades().isEmpty()) {
            w.write("<p>No upgrade is available for any finding shown.</p>\n" + noFix + "</section>\n");
            return;
        }
        int cleared = plan.before().total() - plan.after().total();
        w.write("<p>" + plan.upgrades().size() + (plan.upgrades().size() == 1 ? " upgrade clears " : " upgrades clear ")
                + cleared + " of " + plan.before().total() + " findings.</p>\n");
        w.write("<table id=\"before-after\">\n<thead><tr><th scope=\"col\">Level</th>"
                + "<th scope=\"col\" class=\"num\">Now</th><th scope=\"col\" class=\"num\">After the plan</th></tr>"
                + "</thead>\n<tbody>\n");
        for (Severity level : Severity.values()) {
            w.write("<tr><th scope=\"row\">" + badge(level) + "</th><td class=\"num\">" + plan.before().get(level)
                    + "</td><td class=\"num\">" + plan.after().get(level) + "</td></tr>\n");
        }
        w.write("<tr><th scope=\"row\">Total</th><td class=\"num\">" + plan.before().total() + "</td><td class=\"num\">"
                + plan.after().total() + "</td></tr>\n</tbody>\n</table>\n" + noFix);
        w.write("<h3>Commands</h3>\n");
        for (String command : plan.commands()) {
            w.write("<pre><code>" + esc(command) + "</code></pre>\n");
        }
        w.write("<h3>Upgrades</h3>\n<table id=\"upgrades\">\n<thead><tr><th scope=\"col\">Package</th>"
                + "<th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Clears</th></tr></thead>\n"
                + "<tbody>\n");
        for (FixPlan.Upgrade u : plan.upgrades()) {
            w.write("<tr><td>" + esc(u.pkg().name()) + (u.pkg().arch() == null ? "" : " <span class=\"muted\">("
                    + esc(u.pkg().arch()) + ")</span>") + "</td><td><code>" + esc(u.fromVersion()) + "</code></td><td>"
                    + "<code>" + esc(u.toVersion()) + "</code></td><td>" + esc(clears(u.clears())) + "</td></tr>\n");
        }
        w.write("</tbody>\n</table>\n</section>\n");
    }

    /**
     * The findings grouped by target, as the table groups them: the OS packages, then each application (its
     * ecosystem and path: the jar, the {@code node_modules} root, {@code site-packages}, the binary), then the
     * malicious packages; an index of the targets first when there is more than one. Within a target, one section
     * per package.
     */
    private static void findings(Writer w, VulnerabilityReport report) throws IOException {
        w.write("<section id=\"findings\">\n<h2>Findings by target</h2>\n");
        if (report.findings().isEmpty()) {
            w.write("<p>No findings" + (report.coverage().status() == Coverage.Status.COVERED ? "."
                    : " — but the database does not cover this image (see above).") + "</p>\n");
        }
        Map<Package, FixPlan.Upgrade> upgrades = new LinkedHashMap<>();
        report.fixPlan().upgrades().forEach(u -> upgrades.putIfAbsent(u.pkg(), u));
        Map<String, Map<Package, List<Finding>>> byTarget = new TreeMap<>();
        for (Finding f : report.findings()) {
            byTarget.computeIfAbsent(targetKey(f), k -> new LinkedHashMap<>())
                    .computeIfAbsent(f.pkg(), p -> new ArrayList<>()).add(f);
        }
        if (byTarget.size() > 1) {
            w.write("<ul id=\"targets\">\n");
            int n = 0;
            for (Map.Entry<String, Map<Package, List<Finding>>> t : byTarget.entrySet()) {
                int count = t.getValue().values().stream().mapToInt(List::size).sum();
                w.write("<li><a href=\"#target-" + n++ + "\">" + esc(targetLabel(t.getKey())) + "</a> ("
                        + count + (count == 1 ? " finding" : " findings") + ")</li>\n");
            }
            w.write("</ul>\n");
        }
        int n = 0;
        for (Map.Entry<String, Map<Package, List<Finding>>> t : byTarget.entrySet()) {
            w.write("<section class=\"target\" id=\"target-" + n++ + "\">\n<h3 class=\"target\">"
                    + esc(targetLabel(t.getKey())) + "</h3>\n");
            packages(w, t.getValue(), upgrades);
            w.write("</section>\n");
        }
        w.write("</section>\n");
    }

    /** Sorts the OS packages first, the applications by ecosystem and path, the malicious packages last. */
    private static String targetKey(Finding f) {
        if (f.malicious()) {
            return "2";
        }
        return f.pkg().app() == null ? "0" : "1" + f.pkg().type().purlType() + " /" + f.pkg().app().application();
    }

    private static String targetLabel(String key) {
        return switch (key.charAt(0)) {
            case '0' -> "Operating system packages";
            case '1' -> "Application " + key.substring(1);
            default -> "Malicious packages: remove them and rotate any secret the image held";
        };
    }

    private static void packages(Writer w, Map<Package, List<Finding>> byPackage,
            Map<Package, FixPlan.Upgrade> upgrades) throws IOException {
        for (Map.Entry<Package, List<Finding>> e : byPackage.entrySet()) {
            Package p = e.getKey();
            List<Finding> list = e.getValue();
            Finding first = list.get(0);
            w.write("<section class=\"package\">\n<h4>" + esc(p.name()) + " <code>" + esc(p.version()) + "</code>"
                    + (p.arch() == null ? "" : " <span class=\"muted\">" + esc(p.arch()) + "</span>")
                    + (first.matchedName().equals(p.name()) ? ""
                            : " <span class=\"muted\">(advisories name " + esc(first.matchedName()) + ")</span>")
                    + (first.malicious() ? " <strong>MALICIOUS: remove it</strong>" : "")
                    + (p.app() == null ? "" : " <span class=\"muted\">" + esc(p.type().purlType()) + " in /"
                            + esc(p.app().application()) + ", found at /" + esc(p.app().path()) + "</span>")
                    + "</h4>\n");
            w.write("<p>" + list.size() + (list.size() == 1 ? " finding" : " findings") + "; "
                    + esc(layerText(first)) + ". " + remediation(list, upgrades.get(p)) + "</p>\n");
            w.write("<table>\n<thead><tr><th scope=\"col\">ID</th><th scope=\"col\">Level</th>"
                    + "<th scope=\"col\">Installed → fixed</th><th scope=\"col\">Layer</th>"
                    + "<th scope=\"col\">Summary</th></tr></thead>\n<tbody>\n");
            for (Finding f : list) {
                w.write("<tr><td>" + idCell(f) + "</td><td>" + badge(f.level()) + ratedBy(f) + "</td><td><code>"
                        + esc(f.pkg().version()) + "</code> → " + (f.fixable() ? "<code>" + esc(f.fixedVersion())
                                + "</code>" : "<em>" + esc(f.status().label()) + "</em>") + "</td><td>"
                        + esc(layerText(f)) + "</td><td>"
                        + esc(f.summary() == null ? "" : f.summary()) + "</td></tr>\n");
            }
            w.write("</tbody>\n</table>\n</section>\n");
        }
    }

    private static String remediation(List<Finding> findings, FixPlan.Upgrade upgrade) {
        String command = upgrade == null ? null : upgrade.command();
        String fixed = upgrade == null ? null : upgrade.toVersion();
        Map<FixStatus, Integer> unfixed = new EnumMap<>(FixStatus.class);
        for (Finding f : findings) {
            if (f.fixable()) {
                if (command == null) {
                    command = f.command();
                    fixed = f.fixedVersion();
                }
            } else {
                unfixed.merge(f.status(), 1, Integer::sum);
            }
        }
        StringBuilder s = new StringBuilder();
        if (fixed != null) {
            s.append("Upgrade to <code>").append(esc(fixed)).append("</code>");
            s.append(command == null ? "." : ": <code>" + esc(command) + "</code>");
        }
        if (!unfixed.isEmpty()) {
            s.append(s.length() == 0 ? "" : " ").append("No fix: ").append(esc(FixPlan.describe(unfixed)))
                    .append('.');
        }
        return s.toString();
    }

    private static String idCell(Finding f) {
        String href = null;
        for (String ref : f.references()) {
            if (isWebLink(ref)) {
                href = ref;
                break;
            }
        }
        String id = esc(f.id());
        String cell = href == null ? id : "<a href=\"" + esc(href) + "\" rel=\"noreferrer\">" + id + "</a>";
        List<String> others = new ArrayList<>();
        for (String a : f.advisoryIds()) {
            if (!a.equals(f.id())) {
                others.add(a);
            }
        }
        return others.isEmpty() ? cell : cell + "<br><span class=\"muted\">" + esc(String.join(", ", others)) + "</span>";
    }

    private static String ratedBy(Finding f) {
        SeverityAssessment s = f.severity();
        String text = switch (s.source()) {
            case "cvss" -> String.format(Locale.ROOT, "CVSS %s %.1f", s.cvss().version(), s.cvss().baseScore());
            case "nvd" -> String.format(Locale.ROOT, "NVD CVSS %s %.1f", s.cvss().version(), s.cvss().baseScore());
            case "none" -> null;
            default -> s.source() + ": " + s.rating();
        };
        String exploitation = TableReportWriter.exploitation(f);
        if (!exploitation.equals("-")) {
            text = text == null ? exploitation : text + "; " + exploitation;
        }
        return text == null ? "" : "<br><span class=\"muted\">" + esc(text) + "</span>";
    }

    private static String layerText(Finding f) {
        if (f.pkg().layer() == null) {
            return "layer unknown";
        }
        if (f.baseLayer()) {
            return "base image layer (rebuild on a newer base)";
        }
        return f.pkg().layer().hasIndex() ? "layer " + (f.pkg().layer().index() + 1) + " (fix it in that build step)"
                : "a later layer (fix it in that build step)";
    }

    private static String clears(SeverityCounts c) {
        List<String> parts = new ArrayList<>();
        for (Severity level : Severity.values()) {
            if (c.get(level) > 0) {
                parts.add(c.get(level) + " " + level.label());
            }
        }
        return parts.isEmpty() ? "—" : String.join(", ", parts);
    }

    private static String summaryText(SeverityCounts n) {
        return "High " + n.high() + ", Medium " + n.medium() + ", Low " + n.low() + ", Unknown " + n.unknown();
    }

    private static String badge(Severity level) {
        return "<span class=\"badge sev-" + level.label().toLowerCase(Locale.ROOT) + "\">" + level.label() + "</span>";
    }

    private static void meta(Writer w, String name, String value) throws IOException {
        w.write("<dt>" + esc(name) + "</dt><dd>" + esc(value) + "</dd>\n");
    }

    private static boolean isWebLink(String ref) {
        try {
            String scheme = new URI(ref).getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String imageName(ImageSummary image) {
        return !image.tags().isEmpty() ? image.tags().get(0) : image.name() == null ? "image" : image.name();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code s} as HTML text or attribute value: {@code & < > " '} escaped. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
