package dev.imagescan.store;

import java.util.regex.Pattern;

/**
 * The bucket's key layout (docs/storage.md), and the checks every key part passes before it is used in a key, so a
 * part can never climb into another prefix or break the table's {@code #}-separated keys.
 *
 * <pre>
 * incoming/...                                  image archives as uploaded (the on-push trigger)
 * layers/&lt;diffID&gt;/&lt;analyzerKey&gt;.json        one layer's inventory, written once
 * layers/&lt;diffID&gt;/&lt;analyzerKey&gt;.islc            one layer cache entry (docs/layer-cache.md), written once
 * images/&lt;digest&gt;/inventory.json                 the merged inventory of an image
 * images/&lt;digest&gt;/report-&lt;dbVersion&gt;.json        its vulnerability report against one database version
 * images/&lt;digest&gt;/verdict.json                   the image's verdict under the current policy
 * reports/&lt;digest&gt;/&lt;scanId&gt;/report.{json,sarif,cdx.json,html}  one scan's published reports
 * reports/&lt;digest&gt;/&lt;scanId&gt;/published.json       what was published for it (the publish function's marker)
 * reports/&lt;digest&gt;/latest/...                    copies of the latest scan's reports (and verdict)
 * vulndb/&lt;dbVersion&gt;/...                          database artifacts
 * vulndb/current                                the key of the current database artifact
 * policy/revisions/&lt;n&gt;.json                     the blocking policy's documents, one per revision, written once
 * </pre>
 */
public final class StoreKeys {
    /** Where image archives are uploaded; an object created under it is scanned. */
    public static final String INCOMING = "incoming/";
    public static final String LAYERS = "layers/";
    public static final String IMAGES = "images/";
    public static final String REPORTS = "reports/";
    public static final String VULNDB = "vulndb/";
    public static final String POLICY = "policy/";
    /** Where the policy's revisions are kept, {@code <n>.json} each. */
    public static final String POLICY_REVISIONS = "policy/revisions/";
    /** A small object whose content is the key of the current database artifact. */
    public static final String VULNDB_CURRENT = "vulndb/current";

    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private StoreKeys() {}

    /** {@code layers/<diffID>/<analyzerKey>.json}: the stored inventory of one layer for one analyzer set. */
    public static String layerInventory(String diffId, String analyzerKey) {
        return LAYERS + requireDigest("diffID", diffId) + "/" + requireVersion("analyzer key", analyzerKey)
                + ".json";
    }

    /** {@code images/<digest>/}: everything stored for one image. */
    public static String imagePrefix(String digest) {
        return IMAGES + requireDigest("image digest", digest) + "/";
    }

    /** {@code images/<digest>/inventory.json}: the merged inventory of an image. */
    public static String imageInventory(String digest) {
        return imagePrefix(digest) + "inventory.json";
    }

    /**
     * {@code layers/<diffID>/<analyzerKey>.islc}: a layer cache entry ({@code docs/layer-cache.md}), what one layer
     * read kept for one analyzer key.
     */
    public static String layerCacheEntry(String diffId, String analyzerKey) {
        return LAYERS + requireDigest("diffID", diffId) + "/" + requireVersion("analyzer key", analyzerKey) + ".islc";
    }

    /**
     * {@code layers/blobs/<blobDigest>}: the diffID the compressed layer blob {@code blobDigest} was verified to
     * decompress to (the layer cache's blob index; {@code docs/layer-cache.md}).
     */
    public static String layerBlob(String blobDigest) {
        return LAYERS + "blobs/" + requireDigest("blob digest", blobDigest);
    }

    /**
     * {@code images/<digest>/report-<dbVersion>.json}: the JSON vulnerability report of an image matched against one
     * database version (docs/report-format.md).
     */
    public static String imageReport(String digest, String dbVersion) {
        return imagePrefix(digest) + "report-" + requireVersion("database version", dbVersion) + ".json";
    }

    /** {@code images/<digest>/verdict.json}: the verdict of an image under the current policy (docs/policy.md). */
    public static String imageVerdict(String digest) {
        return imagePrefix(digest) + "verdict.json";
    }

    /** {@code policy/revisions/<n>.json}: the policy document stored at revision {@code n} (1, 2, …). */
    public static String policyRevision(long revision) {
        if (revision < 1) {
            throw new IllegalArgumentException("a policy revision starts at 1, not " + revision);
        }
        return POLICY_REVISIONS + revision + ".json";
    }

    /** {@code reports/<digest>/}: the published reports of an image. */
    public static String reportPrefix(String digest) {
        return REPORTS + requireDigest("image digest", digest) + "/";
    }

    /**
     * {@code reports/<digest>/<scanId>/<file>}: one published report of one scan ({@code file} is one of
     * {@code report.json}, {@code report.sarif}, {@code report.cdx.json}, {@code report.html}).
     */
    public static String scanReport(String digest, String scanId, String file) {
        return reportPrefix(digest) + requireScanFolder(scanId) + "/" + requireFile(file);
    }

    /** {@code reports/<digest>/latest/<file>}: the copy of a report (or the verdict) of the image's latest scan. */
    public static String latestReport(String digest, String file) {
        return reportPrefix(digest) + "latest/" + requireFile(file);
    }

    /** {@code reports/<digest>/<scanId>/published.json}: the publish function's marker for one scan. */
    public static String publishedMarker(String digest, String scanId) {
        return reportPrefix(digest) + requireScanFolder(scanId) + "/published.json";
    }

    /**
     * {@code reports/<digest>/<scanId>/verdict-<millis>.published.json}: the marker of one verdict change of the
     * scan's results, told apart by when it was given.
     */
    public static String verdictMarker(String digest, String scanId, long givenAtMillis) {
        if (givenAtMillis < 0) {
            throw new IllegalArgumentException("a negative time " + givenAtMillis);
        }
        return reportPrefix(digest) + requireScanFolder(scanId) + "/verdict-" + givenAtMillis + ".published.json";
    }

    /** A scan id, which names a folder beside {@code latest/}: so not {@code latest}. */
    private static String requireScanFolder(String scanId) {
        if ("latest".equals(requireId("scan id", scanId))) {
            throw new IllegalArgumentException("a scan id 'latest' would name the folder of the latest reports");
        }
        return scanId;
    }

    private static String requireFile(String file) {
        return requireId("report file name", file);
    }

    /** {@code vulndb/<dbVersion>/}: the artifacts of one database version. */
    public static String vulndbPrefix(String dbVersion) {
        return VULNDB + requireVersion("database version", dbVersion) + "/";
    }

    /** Whether {@code key} is an uploaded image archive. */
    public static boolean isIncoming(String key) {
        return key.startsWith(INCOMING) && key.length() > INCOMING.length() && !key.endsWith("/");
    }

    /** {@code digest} if it is {@code sha256:} or {@code sha512:} with lower-case hex of the right length, else IAE. */
    public static String requireDigest(String what, String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException(what + " must be sha256:<64 hex> or sha512:<128 hex>, not "
                    + quote(digest));
        }
        return digest;
    }

    /**
     * {@code version} if it is 1 to 200 of {@code A-Z a-z 0-9 . _ : + -}, starting with a letter or digit, else IAE.
     * Database and analyzer keys are such tokens (a database digest, a short hash of the analyzer list).
     */
    public static String requireVersion(String what, String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 200 of A-Z a-z 0-9 . _ : + -, not "
                    + quote(version));
        }
        return version;
    }

    /** {@code id} if it is 1 to 128 of {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit, else IAE. */
    public static String requireId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 128 of A-Z a-z 0-9 . _ -, not " + quote(id));
        }
        return id;
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return "'" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "'";
    }
}
