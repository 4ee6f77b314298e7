package dev.imagescan.report;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Coverage;
import dev.imagescan.vulndb.BundledDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The report for people at a terminal: a summary, the findings grouped by level, and the fix plan. */
public final class TableReportWriter implements ReportWriter {
    private static final String[] HEADER = {"ID", "PACKAGE", "INSTALLED", "FIXED", "RATED BY", "LAYER"};
    private static final String[] APP_HEADER = {"ID", "SEVERITY", "PACKAGE", "INSTALLED", "FIXED", "RATED BY",
        "FOUND AT"};
    private static final String[] SUPPRESSED_HEADER = {"ID", "PACKAGE", "INSTALLED", "LEVEL", "WHY"};
    private static final String RESET = "\u001b[0m";

    private final boolean showSuppressed;
    private final boolean colour;

    /** The table without colours, with suppressed findings counted but not listed. */
    public TableReportWriter() {
        this(false, false);
    }

    /**
     * @param showSuppressed list the suppressed findings and why, after the findings
     * @param colour         colour the level headings and counts with ANSI escapes (for a terminal)
     */
    public TableReportWriter(boolean showSuppressed, boolean colour) {
        this.showSuppressed = showSuppressed;
        this.colour = colour;
    }

    @Override
    public void write(VulnerabilityReport report, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        Inventory inv = report.inventory();
        ImageSummary image = inv.image();
        w.printf("Image:     %s (%s%s)%n", image.name(), image.format(),
                image.platform() == null ? "" : ", " + image.platform());
        if (image.configDigest() != null) {
            w.printf("ID:        %s%n", image.configDigest());
        }
        w.printf("OS:        %s%s%n", inv.os().isKnown() ? inv.os().describe() : "unknown",
                inv.os().name() == null ? "" : " (" + inv.os().name() + ")");
        w.printf("Packages:  %d%n", inv.packages().size());
        w.printf("Database:  %s, newest advisory %d days old, %d advisories%s%n",
                shortDigest(report.database().digest()), report.databaseAgeDays(), report.database().advisories(),
                BundledDatabase.isBundled(report.database()) ? " (the BUNDLED SNAPSHOT, for the test images only:"
                        + " run 'imagescan db update')" : "");
        Coverage c = report.coverage();
        if (c.message() != null) {
            w.printf("%s%s%n", c.status() == Coverage.Status.COVERED ? "Note:      " : "WARNING:   ", capitalize(c.message()));
        }
        SeverityCounts n = report.counts();
        w.printf("Findings:  %d (%s %d, %s %d, %s %d, %s %d)%s%s%n", n.total(), paint(Severity.HIGH, "High"),
                n.high(), paint(Severity.MEDIUM, "Medium"), n.medium(), paint(Severity.LOW, "Low"), n.low(),
                paint(Severity.UNKNOWN, "Unknown"), n.unknown(), report.hidden().total() == 0 ? ""
                        : "; " + report.hidden().total() + " more hidden by the filter",
                report.suppressed().findings().isEmpty() ? ""
                        : "; " + report.suppressed().findings().size() + " suppressed"
                        + (showSuppressed ? "" : " (--show-suppressed lists them)"));
        List<Finding> osFindings = report.findings().stream().filter(f -> f.pkg().app() == null && !f.malicious())
                .toList();
        for (Severity level : Severity.values()) {
            List<Finding> at = osFindings.stream().filter(f -> f.level() == level).toList();
            if (at.isEmpty()) {
                continue;
            }
            w.println();
            w.printf("%s (%d)%n", paint(level, level.label()), at.size());
            boolean exploitation = report.findings().stream().anyMatch(f -> f.kev() != null || f.epss() != null);
            List<String[]> rows = new ArrayList<>();
            rows.add(exploitation ? withExploitation(HEADER, "EXPLOITATION") : HEADER);
            for (Finding f : at) {
                String[] row = {f.id(), packageName(f), f.pkg().version(),
                    f.fixedVersionOrStatus(), ratedBy(f), layer(f)};
                rows.add(exploitation ? withExploitation(row, exploitation(f)) : row);
            }
            printAligned(w, rows);
        }
        applications(w, report.findings());
        malicious(w, report.findings());
        if (showSuppressed && !report.suppressed().findings().isEmpty()) {
            w.println();
            w.printf("Suppressed (%d)%n", report.suppressed().findings().size());
            List<String[]> rows = new ArrayList<>();
            rows.add(SUPPRESSED_HEADER);
            for (SuppressedFinding sf : report.suppressed().findings()) {
                Finding f = sf.finding();
                rows.add(new String[] {f.id(), packageName(f), f.pkg().version(), f.level().label(),
                        sf.suppression().describe()});
            }
            printAligned(w, rows);
        }
        if (!report.suppressed().notices().isEmpty()) {
            w.println();
            report.suppressed().notices().forEach(notice -> w.println("Note: " + notice));
        }
        FixPlan plan = report.fixPlan();
        if (!plan.upgrades().isEmpty()) {
            w.println();
            w.printf("Fix plan: %d upgrade%s clear%s %d of %d findings (High %d→%d, Medium %d→%d, Low %d→%d,"
                    + " Unknown %d→%d)%n", plan.upgrades().size(), plan.upgrades().size() == 1 ? "" : "s",
                    plan.upgrades().size() == 1 ? "s" : "", plan.before().total() - plan.after().total(),
                    plan.before().total(), plan.before().high(), plan.after().high(), plan.before().medium(),
                    plan.after().medium(), plan.before().low(), plan.after().low(), plan.before().unknown(),
                    plan.after().unknown());
            for (String command : plan.commands()) {
                w.println("  " + command);
            }
        }
        if (!plan.unfixed().isEmpty()) {
            w.println();
            w.println("No fix: " + FixPlan.describe(plan.unfixed()));
        }
        if (!inv.warnings().isEmpty()) {
            w.println();
            w.println("Warnings:");
            inv.warnings().forEach(warning -> w.println("  - " + warning));
        }
        w.flush();
    }

    /** {@code text} in the colour of {@code level} when colours are on: High red, Medium yellow, Low cyan. */
    private String paint(Severity level, String text) {
        if (!colour) {
            return text;
        }
        String code = switch (level) {
            case HIGH -> "\u001b[1;31m";
            case MEDIUM -> "\u001b[33m";
            case LOW -> "\u001b[36m";
            default -> "\u001b[2m";
        };
        return code + text + RESET;
    }

    /** The row with the exploitation column after the rating (only when some finding has KEV or EPSS data). */
    private static String[] withExploitation(String[] row, String cell) {
        String[] wide = new String[row.length + 1];
        System.arraycopy(row, 0, wide, 0, 5);
        wide[5] = cell;
        System.arraycopy(row, 5, wide, 6, row.length - 5);
        return wide;
    }

    /** {@code KEV}, {@code EPSS 94.1%}, both, or {@code -}. */
    static String exploitation(Finding f) {
        String epss = f.epss() == null ? null
                : String.format(Locale.ROOT, "EPSS %.1f%%", f.epss().score() * 100);
        if (f.kev() != null) {
            return epss == null ? "KEV" : "KEV, " + epss;
        }
        return epss == null ? "-" : epss;
    }

    /** The application packages' findings, one table per application (the jar, node_modules, site-packages, binary). */
    private static void applications(PrintWriter w, List<Finding> findings) {
        Map<String, List<Finding>> byApp = new TreeMap<>();
        for (Finding f : findings) {
            if (f.pkg().app() != null && !f.malicious()) {
                byApp.computeIfAbsent(f.pkg().type().purlType() + " /" + f.pkg().app().application(),
                        k -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<String, List<Finding>> e : byApp.entrySet()) {
            w.println();
            w.printf("Application %s (%d)%n", e.getKey(), e.getValue().size());
            List<String[]> rows = new ArrayList<>();
            rows.add(APP_HEADER);
            for (Finding f : e.getValue()) {
                rows.add(new String[] {f.id(), f.level().label(), f.pkg().name(), f.pkg().version(),
                        f.fixedVersionOrStatus(), ratedBy(f), "/" + f.pkg().app().path()});
            }
            printAligned(w, rows);
        }
    }

    /** Malicious-package reports: the package itself is malware, to remove, whatever its version. */
    private static void malicious(PrintWriter w, List<Finding> findings) {
        List<Finding> bad = findings.stream().filter(Finding::malicious).toList();
        if (bad.isEmpty()) {
            return;
        }
        w.println();
        w.printf("MALICIOUS PACKAGES (%d): remove them and rotate any secret the image held%n", bad.size());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PACKAGE", "VERSION", "FOUND AT"});
        for (Finding f : bad) {
            rows.add(new String[] {f.id(), f.pkg().name(), f.pkg().version(),
                    f.pkg().app() == null ? "-" : "/" + f.pkg().app().path()});
        }
        printAligned(w, rows);
    }

    private static String packageName(Finding f) {
        return f.matchedName().equals(f.pkg().name()) ? f.pkg().name()
                : f.pkg().name() + " (" + f.matchedName() + ")";
    }

    private static String ratedBy(Finding f) {
        SeverityAssessment s = f.severity();
        return switch (s.source()) {
            case "cvss" -> String.format(Locale.ROOT, "CVSS %s %.1f", s.cvss().version(), s.cvss().baseScore());
            case "nvd" -> String.format(Locale.ROOT, "NVD CVSS %s %.1f", s.cvss().version(), s.cvss().baseScore());
            case "none" -> "-";
            default -> s.source() + ": " + s.rating();
        };
    }

    private static String layer(Finding f) {
        if (f.pkg().layer() == null) {
            return "-";
        }
        String diffId = Objects.toString(f.pkg().layer().diffId(), "");
        int colon = diffId.indexOf(':');
        String id = diffId.substring(0, Math.min(diffId.length(), colon + 13));
        String position = f.baseLayer() ? "base " : f.pkg().layer().hasIndex() ? (f.pkg().layer().index() + 1) + " " : "? ";
        return position + id;
    }

    private static String shortDigest(String digest) {
        return digest == null ? "(unknown)" : digest.substring(0, Math.min(digest.length(), 19));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void printAligned(PrintWriter w, List<String[]> rows) {
        int[] widths = new int[rows.stream().mapToInt(r -> r.length).max().orElse(0)];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            w.println(line.toString().stripTrailing());
        }
    }
}
