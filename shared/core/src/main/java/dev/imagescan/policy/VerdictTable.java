package dev.imagescan.policy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Writes a {@link Verdict} for people: the decision, each reason with its findings, waivers, expired entries. */
public final class VerdictTable {

    public void write(Verdict v, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        write(v, w);
        w.flush();
        if (w.checkError()) {
            throw new IOException("could not write the verdict");
        }
    }

    public void write(Verdict v, PrintWriter w) {
        w.println("Policy verdict: " + v.decision() + " (policy version " + v.policyVersion() + ", evaluated "
                + v.evaluatedAt() + ")");
        for (Verdict.Reason r : v.reasons()) {
            w.println("  " + r.message());
            for (Verdict.FindingRef f : r.findings()) {
                w.println("    " + finding(f));
            }
        }
        if (!v.waived().isEmpty()) {
            w.println("  Waived by the allow-list (" + v.waived().size() + "):");
            for (Verdict.Waiver x : v.waived()) {
                w.println("    " + finding(x.finding()) + "  until " + x.entry().expires() + ": " + x.entry().reason());
            }
        }
        if (!v.expired().isEmpty()) {
            w.println("  Expired allow-list entries (no longer waive):");
            for (Verdict.ExpiredEntry e : v.expired()) {
                w.println("    " + e.entry().id() + (e.entry().pkg() == null ? "" : " (" + e.entry().pkg() + ")") + " "
                        + e.message() + ": " + e.entry().reason() + " [" + e.findings().size() + " finding"
                        + (e.findings().size() == 1 ? "" : "s") + "]");
            }
        }
        for (String warning : v.warnings()) {
            w.println("  warning: " + warning);
        }
    }

    private static String finding(Verdict.FindingRef f) {
        return String.format("%-18s %-24s %-24s %-8s %s", f.id(), f.packageName(), f.installedVersion(),
                f.severity().label(), f.fixedVersion() == null ? "no fix" : "fixed in " + f.fixedVersion());
    }
}
