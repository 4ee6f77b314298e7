package dev.imagescan.vulndb.ubuntu;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.osv.CvssScores;
import dev.imagescan.vulndb.osv.OsvWarning;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one file of the Ubuntu CVE tracker ({@code active/CVE-2014-0160}, {@code retired/…}) into one record: id
 * {@code UCT-<CVE>} (a per-CVE record of its own, beside Canonical's OSV {@code UBUNTU-CVE-…}; the matcher files both
 * under the CVE), aliases the CVE and the USNs its references name, summary the start of {@code Description:},
 * published and modified its {@code PublicDate:} (the tracker keeps no modification time per file; else
 * {@code PublicDateAtUSN:}, else 1 January of the CVE's year), the CVSS vectors of its {@code CVSS:} lines, and one
 * entry per (release, source package) of its {@code <release>_<package>: <status> (<note>)} lines, in the release's
 * ecosystem ({@link TrackerReleases}) with the status's meaning ({@link TrackerStatus}): {@code introduced 0, fixed V},
 * or {@code introduced 0} with the reason there is no fix.
 *
 * <p>Each entry is rated with Ubuntu's priority: the package's {@code Priority_<package>:} (or
 * {@code Priority_<package>_<release>:}) when the file gives one, else the file's {@code Priority:}; the record
 * itself carries no rating, so that a package's lower priority is not outranked by the file's. An ESM pocket's own
 * line for a package wins over what a {@code released-esm} line of the release implies for it. Lines the tracker's
 * README does not define are skipped with a warning; a file that is not text, has a line over {@value #MAX_LINE}
 * characters, or has neither a {@code Candidate:} nor a status line is a {@link FeedFormatException} naming it.
 */
final class TrackerFileParser {
    static final int MAX_LINE = 65_536;
    /** The prefix of the records' ids. */
    static final String ID_PREFIX = "UCT-";
    private static final Pattern FIELD = Pattern.compile("([^\\s:]+):(.*)");
    private static final Pattern STATUS = Pattern.compile("\\s*(\\S+)\\s*(.*)");
    private static final Pattern USN = Pattern.compile("(?i)\\busn-(\\d{1,6}-\\d{1,3})\\b");
    private static final Pattern CVE_YEAR = Pattern.compile("CVE-(\\d{4})-\\d+");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int MAX_SUMMARY = 300;
    private static final int MAX_USN_REFERENCES = 4;

    private TrackerFileParser() {}

    /**
     * The record of one tracker file; empty when no line names an affected package of a release from 12.04 on.
     *
     * @param bytes    the file
     * @param name     how messages name it ({@code ubuntu-cve-tracker.tar.gz!retired/CVE-2014-0160})
     * @param cve      the CVE the file is for, from its file name
     * @param warnings receives what was skipped
     */
    static Optional<OsvRecord> parse(byte[] bytes, String name, String cve, Consumer<OsvWarning> warnings) {
        String id = ID_PREFIX + cve;
        File f = read(bytes, name, id, warnings);
        if (!f.sawCandidate && f.lines.isEmpty()) {
            throw new FeedFormatException(name + ": not an Ubuntu CVE tracker file (no Candidate: and no"
                    + " <release>_<package>: status line)");
        }
        Entries entries = new Entries();
        Set<String> unknownReleases = new LinkedHashSet<>();
        for (StatusLine line : f.lines) {
            TrackerReleases.Release release = TrackerReleases.of(line.release);
            if (release.kind() == TrackerReleases.Kind.SKIPPED) {
                continue;
            }
            if (release.kind() == TrackerReleases.Kind.UNKNOWN) {
                unknownReleases.add(line.release);
                continue;
            }
            TrackerStatus status = TrackerStatus.of(line.word, line.note);
            if (status.kind() == TrackerStatus.Kind.UNUSABLE) {
                warnings.accept(new OsvWarning(OsvWarning.Kind.SKIPPED_ENTRY, name, id, "line " + line.number
                        + ": '" + line.release + "_" + line.pkg + ": " + line.word + " " + line.note
                        + "' is no status with a usable version; entry left out"));
                continue;
            }
            String rating = f.rating(line.pkg, line.release);
            if (release.kind() == TrackerReleases.Kind.PRO) {
                entries.put(release.ecosystem(), line.pkg, status.kind() == TrackerStatus.Kind.FIXED_IN_ESM
                        ? new TrackerStatus(TrackerStatus.Kind.FIXED, status.fixed(), null) : status, rating, true);
            } else if (status.kind() == TrackerStatus.Kind.FIXED_IN_ESM) {
                entries.put(release.ecosystem(), line.pkg, new TrackerStatus(TrackerStatus.Kind.UNFIXED, null,
                        FixStatus.OUT_OF_SUPPORT), rating, true);
                entries.put(TrackerReleases.pro(release.version()), line.pkg,
                        new TrackerStatus(TrackerStatus.Kind.FIXED, status.fixed(), null), rating, false);
            } else {
                entries.put(release.ecosystem(), line.pkg, status, rating, true);
            }
        }
        if (!unknownReleases.isEmpty()) {
            warnings.accept(new OsvWarning(OsvWarning.Kind.SKIPPED_ENTRY, name, id, "unknown release "
                    + String.join(", ", unknownReleases) + " (not a release this version of imagescan knows);"
                    + " its lines left out"));
        }
        List<AffectedPackage> affected = entries.affected();
        if (affected.isEmpty()) {
            return Optional.empty();
        }
        Instant when = f.date(cve);
        List<String> aliases = new ArrayList<>();
        aliases.add(cve);
        List<String> references = new ArrayList<>();
        references.add("https://ubuntu.com/security/" + cve);
        for (String usn : f.usns) {
            aliases.add("USN-" + usn);
            if (references.size() <= MAX_USN_REFERENCES) {
                references.add("https://ubuntu.com/security/notices/USN-" + usn);
            }
        }
        return Optional.of(new OsvRecord(new Advisory(id, aliases, summary(f.description.toString()), when, when,
                f.cvss, null, references), null, affected));
    }

    /** The lines of a file, sorted into its fields. */
    private static File read(byte[] bytes, String name, String id, Consumer<OsvWarning> warnings) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new FeedFormatException(name + ": not an Ubuntu CVE tracker file (a NUL byte: not text)");
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        File f = new File();
        String field = null;
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            if (line.length() > MAX_LINE) {
                throw new FeedFormatException(name + " line " + number + ": longer than " + MAX_LINE + " characters");
            }
            if (line.isBlank()) {
                field = null;
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                f.continuation(field, line.strip(), name, id, warnings);
                continue;
            }
            Matcher m = FIELD.matcher(line);
            if (!m.matches()) {
                field = null;
                continue; // free text at the start of a line: not a field the tracker defines
            }
            field = m.group(1);
            f.field(field, m.group(2).strip(), number);
        }
        return f;
    }

    /** One {@code <release>_<package>: <status> (<note>)} line. */
    private record StatusLine(String release, String pkg, String word, String note, int number) {}

    /** What a file says, as read. */
    private static final class File {
        boolean sawCandidate;
        String priority;
        String publicDate;
        String publicDateAtUsn;
        final StringBuilder description = new StringBuilder();
        final Set<String> usns = new LinkedHashSet<>();
        final List<CvssScore> cvss = new ArrayList<>();
        final List<StatusLine> lines = new ArrayList<>();
        /** {@code Priority_<package>} and {@code Priority_<package>_<release>} by package or package NUL release. */
        final Map<String, String> priorities = new HashMap<>();

        void field(String key, String value, int number) {
            switch (key) {
                case "Candidate" -> sawCandidate = true;
                case "Priority" -> priority = value.isEmpty() ? null : value.split("\\s+", 2)[0];
                case "PublicDate" -> publicDate = value;
                case "PublicDateAtUSN" -> publicDateAtUsn = value;
                case "Description" -> description.append(value);
                default -> {
                    int underscore = key.indexOf('_');
                    if (underscore <= 0 || underscore == key.length() - 1) {
                        return; // References, Notes, Bugs, …: read on the lines that follow, or not at all
                    }
                    String head = key.substring(0, underscore);
                    String tail = key.substring(underscore + 1);
                    if (head.equals("Priority")) {
                        int second = tail.indexOf('_');
                        String word = value.isEmpty() ? null : value.split("\\s+", 2)[0];
                        if (word != null) {
                            priorities.put(second < 0 ? tail : tail.substring(0, second) + "\u0000"
                                    + tail.substring(second + 1), word);
                        }
                    } else if (!head.equals("Patches") && !head.equals("Tags")) {
                        Matcher s = STATUS.matcher(value);
                        if (s.matches()) {
                            lines.add(new StatusLine(head, tail, s.group(1), unparenthesized(s.group(2)), number));
                        }
                    }
                }
            }
        }

        void continuation(String field, String text, String name, String id, Consumer<OsvWarning> warnings) {
            if (field == null) {
                return;
            }
            switch (field) {
                case "Description" -> {
                    if (description.length() < 4 * MAX_SUMMARY) {
                        description.append(description.length() == 0 ? "" : " ").append(text);
                    }
                }
                case "References" -> {
                    Matcher u = USN.matcher(text);
                    while (u.find()) {
                        usns.add(u.group(1));
                    }
                }
                case "CVSS" -> vector(text, name, id, warnings);
                default -> {
                    // Notes, Bugs, Mitigation, a Patches_ section's URLs: not imported
                }
            }
        }

        private void vector(String text, String name, String id, Consumer<OsvWarning> warnings) {
            int at = text.indexOf("CVSS:");
            if (at < 0) {
                return;
            }
            String vector = text.substring(at).split("\\s+", 2)[0];
            String type = vector.startsWith("CVSS:4.") ? "CVSS_V4" : "CVSS_V3";
            try {
                CvssScore score = CvssScores.score(type, vector);
                if (cvss.stream().noneMatch(c -> c.vector().equals(vector))) {
                    cvss.add(score);
                }
            } catch (IllegalArgumentException e) {
                warnings.accept(new OsvWarning(OsvWarning.Kind.UNPARSEABLE_CVSS, name, id, "CVSS vector '" + vector
                        + "' left out: " + e.getMessage()));
            }
        }

        /** The priority of a package in a release: its own for the release, else its own, else the file's. */
        String rating(String pkg, String release) {
            String own = priorities.get(pkg + "\u0000" + release);
            if (own == null) {
                own = priorities.get(pkg);
            }
            return own != null ? own : priority;
        }

        Instant date(String cve) {
            for (String d : new String[] {publicDate, publicDateAtUsn}) {
                Instant t = d == null ? null : parseDate(d);
                if (t != null) {
                    return t;
                }
            }
            Matcher y = CVE_YEAR.matcher(cve);
            int year = y.matches() ? Integer.parseInt(y.group(1)) : 1970;
            return LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }

    /** {@code 2014-04-07 22:55:00 UTC}, {@code 2014-04-07}; null when neither. */
    private static Instant parseDate(String value) {
        String v = value.strip();
        try {
            if (v.length() >= 19) {
                return LocalDateTime.parse(v.substring(0, 19), DATE_TIME).toInstant(ZoneOffset.UTC);
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        return null;
    }

    private static String unparenthesized(String note) {
        String n = note.strip();
        return n.startsWith("(") && n.endsWith(")") ? n.substring(1, n.length() - 1).strip() : n;
    }

    private static String summary(String description) {
        String d = description.strip();
        if (d.length() <= MAX_SUMMARY) {
            return d;
        }
        int cut = d.lastIndexOf(' ', MAX_SUMMARY - 1);
        return d.substring(0, cut > MAX_SUMMARY / 2 ? cut : MAX_SUMMARY - 1) + "…";
    }

    /** The entries of one file by (ecosystem, package), in the order first named. */
    private static final class Entries {
        private record Entry(String ecosystem, String pkg, TrackerStatus status, String rating, boolean explicit) {}

        private final Map<String, Entry> byKey = new LinkedHashMap<>();

        /**
         * Keeps one entry per (ecosystem, package): a line of its own wins over one implied by another line
         * ({@code explicit}); of two lines of its own (an {@code esm-infra/} and an {@code esm-apps/} one), one with a
         * fix wins, else the first.
         */
        void put(String ecosystem, String pkg, TrackerStatus status, String rating, boolean explicit) {
            String key = ecosystem + "\u0000" + pkg;
            Entry known = byKey.get(key);
            Entry entry = new Entry(ecosystem, pkg, status, rating, explicit);
            if (known == null || explicit && !known.explicit()
                    || explicit && known.status().kind() != TrackerStatus.Kind.FIXED
                            && status.kind() == TrackerStatus.Kind.FIXED) {
                byKey.put(key, entry);
            }
        }

        List<AffectedPackage> affected() {
            List<AffectedPackage> affected = new ArrayList<>();
            for (Entry e : byKey.values()) {
                TrackerStatus s = e.status();
                if (s.kind() == TrackerStatus.Kind.FIXED) {
                    affected.add(new AffectedPackage(e.ecosystem(), e.pkg(), List.of(new VersionRange(List.of(
                            RangeEvent.introduced("0"), RangeEvent.fixed(s.fixed())))), List.of(), e.rating(), null));
                } else if (s.kind() == TrackerStatus.Kind.UNFIXED) {
                    affected.add(new AffectedPackage(e.ecosystem(), e.pkg(), List.of(new VersionRange(List.of(
                            RangeEvent.introduced("0")))), List.of(), e.rating(), s.unfixed()));
                }
            }
            return affected;
        }
    }
}
