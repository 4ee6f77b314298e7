package dev.imagescan.vulndb.amazon;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.fetch.HardenedXml;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a yum repository's {@code updateinfo.xml} as Amazon Linux publishes its ALAS in it, with StAX, one
 * {@code <update>} at a time, into OSV records, as Trivy's and Clair's Amazon importers read it.
 *
 * <p>A record: id the ALAS ({@code ALAS2-2018-939}), aliases the {@code <reference type="cve">} ids, summary the
 * title, published the issued date and modified the updated one (the issued one when there is none; both UTC), rating
 * Amazon's severity lowercased ({@code critical}, {@code important}, {@code medium}, {@code low}), reference the ALAS
 * page. The release comes from the id: {@code ALAS-} is Amazon Linux 1, {@code ALAS2-} 2, {@code ALAS2022-} 2022 and
 * {@code ALAS2023-} 2023 (kernel live patches, {@code ALAS2LIVEPATCH-}, are core packages too); updates of the
 * Amazon Linux 2 Extras topics ({@code ALAS2KERNEL-5.10-…},
 * {@code ALAS2GOLANG1.19-…}: packages of another stream than the core one) and updates that are not of type
 * {@code security} are skipped (counted in {@link Counts}). One affected entry per binary package (source rpms are
 * left out) in ecosystem {@code Amazon Linux:<release>} with the range {@code introduced 0, fixed
 * [epoch:]version-release} (the epoch written when not 0); a package whose fixed version differs between the
 * architectures listed gets one entry per architecture in {@code Amazon Linux:<release>:<arch>} instead.
 *
 * <p>Bounded: at most {@value #MAX_PACKAGES} packages and {@value #MAX_REFERENCES} references per update. XML is read
 * by {@link HardenedXml} (no DTD, no entity, tight limits); anything not of this shape is a
 * {@link FeedFormatException} naming the document and the line.
 */
public final class UpdateInfoParser {
    /** The most packages one update may list (the largest ALAS list a few hundred). */
    static final int MAX_PACKAGES = 20_000;
    /** The most references one update may list. */
    static final int MAX_REFERENCES = 5_000;
    private static final Pattern ID = Pattern.compile("ALAS(2|2022|2023)?(LIVEPATCH)?-(\\d{4}-\\d+)");
    private static final Pattern EXTRAS = Pattern.compile("ALAS(2)?[A-Z][A-Z0-9._-]*-\\d{4}-\\d+");
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]", Locale.ROOT);

    private UpdateInfoParser() {}

    /** Receives each update's record. */
    @FunctionalInterface
    public interface Sink {
        void record(OsvRecord record) throws IOException;
    }

    /**
     * What one document held.
     *
     * @param records the updates turned into records
     * @param extras  Extras-topic updates left out
     * @param other   updates that are not security updates, or list no binary package, left out
     */
    public record Counts(long records, long extras, long other) {}

    /** Parses {@code in} (not closed) and hands each ALAS update's record to {@code sink}. */
    public static Counts parse(InputStream in, String name, Sink sink) throws IOException {
        long records = 0;
        long extras = 0;
        long other = 0;
        boolean root = false;
        try {
            XMLStreamReader x = HardenedXml.reader(in, name);
            try {
                while (x.hasNext()) {
                    if (x.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    if (!root) {
                        if (!x.getLocalName().equals("updates")) {
                            throw new FeedFormatException(name + ": not an updateinfo document (its root is <"
                                    + x.getLocalName() + ">, not <updates>)");
                        }
                        root = true;
                    } else if (x.getLocalName().equals("update")) {
                        Update u = update(x);
                        if (u.extras) {
                            extras++;
                        } else if (u.record == null) {
                            other++;
                        } else {
                            sink.record(u.record);
                            records++;
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
            throw new FeedFormatException(name + ": not an updateinfo document (no <updates>)");
        }
        return new Counts(records, extras, other);
    }

    /** One update read: its record, or why there is none. */
    private record Update(OsvRecord record, boolean extras) {}

    private static Update update(XMLStreamReader x) throws XMLStreamException {
        String type = x.getAttributeValue(null, "type");
        String id = null;
        String title = null;
        String severity = null;
        Instant issued = null;
        Instant updated = null;
        Set<String> cves = new LinkedHashSet<>();
        int references = 0;
        // name -> arch -> fixed version, in document order
        Map<String, Map<String, String>> packages = new LinkedHashMap<>();
        int listed = 0;
        int depth = 1;
        while (depth > 0) {
            int event = x.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                continue;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            depth++;
            switch (x.getLocalName()) {
                case "id" -> {
                    id = x.getElementText().strip();
                    depth--;
                }
                case "title" -> {
                    title = x.getElementText().strip();
                    depth--;
                }
                case "severity" -> {
                    severity = x.getElementText().strip().toLowerCase(Locale.ROOT);
                    depth--;
                }
                case "issued" -> issued = date(x, id);
                case "updated" -> updated = date(x, id);
                case "reference" -> {
                    if (++references > MAX_REFERENCES) {
                        throw new XMLStreamException("update " + id + ": more than " + MAX_REFERENCES
                                + " references", x.getLocation());
                    }
                    String refId = x.getAttributeValue(null, "id");
                    if ("cve".equalsIgnoreCase(x.getAttributeValue(null, "type")) && refId != null
                            && CVE.matcher(refId.strip()).matches()) {
                        cves.add(refId.strip());
                    }
                }
                case "package" -> {
                    if (++listed > MAX_PACKAGES) {
                        throw new XMLStreamException("update " + id + ": more than " + MAX_PACKAGES + " packages",
                                x.getLocation());
                    }
                    String pkg = x.getAttributeValue(null, "name");
                    String arch = x.getAttributeValue(null, "arch");
                    String version = x.getAttributeValue(null, "version");
                    String release = x.getAttributeValue(null, "release");
                    if (pkg == null || version == null || release == null || pkg.isBlank()) {
                        throw new XMLStreamException("update " + id + ": a package without a name, version or"
                                + " release", x.getLocation());
                    }
                    if ("src".equals(arch)) {
                        break; // a source rpm: the binary packages it builds are listed too
                    }
                    String epoch = x.getAttributeValue(null, "epoch");
                    String evr = (epoch == null || epoch.isBlank() || epoch.strip().equals("0") ? ""
                            : epoch.strip() + ":") + version.strip() + "-" + release.strip();
                    packages.computeIfAbsent(pkg.strip(), k -> new TreeMap<>())
                            .put(arch == null || arch.isBlank() ? "" : arch.strip(), evr);
                }
                default -> { }
            }
        }
        if (id == null) {
            throw new XMLStreamException("an update without an <id>", x.getLocation());
        }
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            if (EXTRAS.matcher(id).matches()) {
                return new Update(null, true);
            }
            throw new XMLStreamException("update id '" + id + "' is not an ALAS id", x.getLocation());
        }
        if (type != null && !type.equals("security") || packages.isEmpty()) {
            return new Update(null, false);
        }
        if (issued == null) {
            throw new XMLStreamException("update " + id + " has no issued date", x.getLocation());
        }
        String release = m.group(1) == null ? "1" : m.group(1);
        List<AffectedPackage> affected = new ArrayList<>();
        packages.forEach((pkg, byArch) -> {
            Set<String> versions = new LinkedHashSet<>(byArch.values());
            if (versions.size() == 1) {
                affected.add(entry("Amazon Linux:" + release, pkg, versions.iterator().next()));
            } else {
                byArch.forEach((arch, evr) -> affected.add(entry("Amazon Linux:" + release
                        + (arch.isEmpty() ? "" : ":" + arch), pkg, evr)));
            }
        });
        String summary = title == null ? "" : title.length() > 300 ? title.substring(0, 300) : title;
        Advisory advisory = new Advisory(id, List.copyOf(cves), summary, issued, updated == null ? issued : updated,
                List.of(), severity == null || severity.isEmpty() ? null : severity,
                List.of(page(release, m.group(2), m.group(3))));
        return new Update(new OsvRecord(advisory, null, affected), false);
    }

    private static AffectedPackage entry(String ecosystem, String name, String fixed) {
        return new AffectedPackage(ecosystem, name, List.of(new VersionRange(List.of(RangeEvent.introduced("0"),
                RangeEvent.fixed(fixed)))), List.of(), null);
    }

    /** The ALAS page: {@code https://alas.aws.amazon.com/AL2/ALAS-2018-939.html} for {@code ALAS2-2018-939}. */
    static String page(String release, String livepatch, String number) {
        return "https://alas.aws.amazon.com/" + (release.equals("1") ? "" : "AL" + release + "/") + "ALAS"
                + (livepatch == null ? "" : livepatch) + "-" + number + ".html";
    }

    private static Instant date(XMLStreamReader x, String id) throws XMLStreamException {
        String date = x.getAttributeValue(null, "date");
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(date.strip(), DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new XMLStreamException("update " + id + ": date '" + date + "' is not YYYY-MM-DD HH:MM[:SS]",
                    x.getLocation());
        }
    }
}
