package dev.imagescan.vulndb.oracle;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.fetch.HardenedXml;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads Oracle's ELSA OVAL ({@code com.oracle.elsa-all.xml}, or a per-year or per-release file) with StAX, one
 * {@code <definition>} at a time, into OSV records, reading the criteria by their comments as Trivy's and Grype's
 * Oracle importers do: {@code Oracle Linux 8 is installed} gives the release, {@code Oracle Linux arch is x86_64} the
 * architecture of the criteria it is in, {@code <name> is earlier than <epoch:version-release>} a package and the
 * version that fixes it ({@code is signed with the Oracle Linux 8 key} and {@code is ksplice-based} add nothing).
 *
 * <p>A record: id the ELSA ({@code ELSA-2021-9151}), aliases its CVEs, summary its title, published and modified its
 * issue date, rating Oracle's severity ({@code IMPORTANT}, {@code MODERATE}, …), reference the errata page; one
 * affected entry per (release, flavor, package, fixed version) in ecosystem {@code Oracle Linux:<release>} — or
 * {@code Oracle Linux:<release>:ksplice} / {@code :fips} for the ksplice and FIPS package flavors (a fixed version
 * with {@code .ksplice} or {@code _fips} in it), so that only packages of the same flavor are compared with it, as
 * Trivy does; a package under an {@code Oracle Linux arch is …} criterion gets {@code :<arch>} appended
 * ({@code Oracle Linux:7:x86_64}, {@code Oracle Linux:8:ksplice:aarch64}), and is compared only with installed
 * packages of that architecture (per-arch respins fix at different revisions). XML is read by {@link HardenedXml} (no
 * DTD, no entity, tight limits); anything not of this shape is a {@link FeedFormatException} naming the document and
 * the line.
 */
public final class ElsaOvalParser {
    private static final Pattern INSTALLED = Pattern.compile("Oracle Linux (\\d+) is installed");
    private static final Pattern EARLIER = Pattern.compile("(\\S+) is earlier than (\\S+)");
    private static final Pattern ELSA = Pattern.compile("ELSA-\\d{4}-\\d{4,}");
    private static final Pattern TITLE_SEVERITY = Pattern.compile("\\((\\w+)\\)\\s*$");

    private ElsaOvalParser() {}

    /** Receives each definition's record. */
    @FunctionalInterface
    public interface Sink {
        void record(OsvRecord record) throws IOException;
    }

    /**
     * Parses {@code in} (not closed) and hands each ELSA definition's record to {@code sink}.
     *
     * @return how many definitions were read
     */
    public static long parse(InputStream in, String name, Sink sink) throws IOException {
        long definitions = 0;
        boolean root = false;
        try {
            XMLStreamReader x = HardenedXml.reader(in, name);
            try {
                while (x.hasNext()) {
                    if (x.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    if (x.getLocalName().equals("oval_definitions")) {
                        root = true;
                    } else if (x.getLocalName().equals("definition") && root) {
                        OsvRecord r = definition(x, name);
                        definitions++;
                        if (r != null) {
                            sink.record(r);
                        }
                    }
                }
            } finally {
                x.close();
            }
        } catch (XMLStreamException e) {
            throw HardenedXml.failure(name, e);
        }
        if (!root) {
            throw new FeedFormatException(name + ": not an OVAL document (no oval_definitions)");
        }
        return definitions;
    }

    /** One criteria element being read: the architecture its criteria are for, inherited. */
    private static final class Frame {
        String arch;

        Frame(String arch) {
            this.arch = arch;
        }
    }

    private static OsvRecord definition(XMLStreamReader x, String name) throws XMLStreamException {
        String defId = x.getAttributeValue(null, "id");
        String title = null;
        String elsa = null;
        String severity = null;
        LocalDate issued = null;
        Set<String> cves = new LinkedHashSet<>();
        String release = null;
        Set<String> entries = new LinkedHashSet<>(); // flavor-ecosystem \0 package \0 version
        Deque<Frame> frames = new ArrayDeque<>();
        int depth = 1;
        while (depth > 0) {
            int event = x.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (x.getLocalName().equals("criteria") && !frames.isEmpty()) {
                    frames.pop();
                }
                continue;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            depth++;
            switch (x.getLocalName()) {
                case "title" -> {
                    title = x.getElementText().strip();
                    depth--;
                }
                case "reference" -> {
                    String source = x.getAttributeValue(null, "source");
                    String ref = x.getAttributeValue(null, "ref_id");
                    if (ref != null && "elsa".equalsIgnoreCase(source)) {
                        elsa = ref.strip();
                    } else if (ref != null && "CVE".equalsIgnoreCase(source)) {
                        cves.add(ref.strip());
                    }
                }
                case "severity" -> {
                    severity = x.getElementText().strip();
                    depth--;
                }
                case "issued" -> {
                    String date = x.getAttributeValue(null, "date");
                    try {
                        issued = date == null ? null : LocalDate.parse(date.strip());
                    } catch (DateTimeParseException e) {
                        throw new XMLStreamException("definition " + defId + ": issued date '" + date
                                + "' is not YYYY-MM-DD", x.getLocation());
                    }
                }
                case "criteria" -> frames.push(new Frame(frames.isEmpty() ? null : frames.peek().arch));
                case "criterion" -> {
                    String comment = x.getAttributeValue(null, "comment");
                    if (comment == null) {
                        break;
                    }
                    Matcher installed = INSTALLED.matcher(comment);
                    Matcher earlier = EARLIER.matcher(comment);
                    if (installed.matches()) {
                        release = installed.group(1);
                    } else if (comment.startsWith("Oracle Linux arch is ") && !frames.isEmpty()) {
                        frames.peek().arch = comment.substring("Oracle Linux arch is ".length()).strip();
                    } else if (earlier.matches()) {
                        if (release == null) {
                            throw new XMLStreamException("definition " + defId + ": a package before the release"
                                    + " it is for", x.getLocation());
                        }
                        String version = earlier.group(2);
                        String arch = frames.isEmpty() ? null : frames.peek().arch;
                        entries.add("Oracle Linux:" + release + flavor(version) + (arch == null ? "" : ":" + arch)
                                + "\u0000" + earlier.group(1) + "\u0000" + version);
                    }
                }
                default -> { }
            }
        }
        if (elsa == null && title != null) {
            Matcher m = ELSA.matcher(title);
            elsa = m.find() ? m.group() : null;
        }
        if (elsa == null || entries.isEmpty()) {
            return null; // not an erratum for packages (or not an ELSA): nothing to match
        }
        if (issued == null) {
            throw new FeedFormatException(name + ": " + elsa + " has no issued date");
        }
        if (severity == null && title != null) {
            Matcher m = TITLE_SEVERITY.matcher(title);
            severity = m.find() ? m.group(1) : null;
        }
        List<AffectedPackage> affected = new ArrayList<>();
        for (String e : entries) {
            String[] p = e.split("\u0000", 3);
            affected.add(new AffectedPackage(p[0], p[1], List.of(new VersionRange(List.of(RangeEvent.introduced("0"),
                    RangeEvent.fixed(p[2])))), List.of(), null));
        }
        String summary = title == null ? "" : title.length() > 300 ? title.substring(0, 300) : title;
        var when = issued.atStartOfDay().toInstant(ZoneOffset.UTC);
        Advisory advisory = new Advisory(elsa, List.copyOf(cves), summary, when, when, List.of(),
                severity == null ? null : severity.toLowerCase(Locale.ROOT),
                List.of("https://linux.oracle.com/errata/" + elsa + ".html"));
        return new OsvRecord(advisory, null, affected);
    }

    /** {@code :ksplice}, {@code :fips} or nothing, from the fixed version, as Trivy tells the flavors apart. */
    static String flavor(String version) {
        String v = version.toLowerCase(Locale.ROOT);
        if (v.contains(".ksplice")) {
            return ":ksplice";
        }
        if (v.contains("_fips")) {
            return ":fips";
        }
        return "";
    }
}
