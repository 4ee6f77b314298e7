package dev.imagescan.vulndb.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.imagescan.version.VersionComparator;
import dev.imagescan.version.VersionComparators;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Generates realistic OSV records for the distributions the scanner matches, for the load benchmark
 * (bench/vulndb-load.sh) and for round-trip tests. The same seed gives the same records.
 *
 * <p>Shape, after the real feeds: Debian {@code DEBIAN-CVE-*} records for Debian:11 and Debian:12 with an
 * {@code urgency}; Ubuntu {@code UBUNTU-CVE-*} records for Ubuntu:22.04:LTS with an {@code Ubuntu} severity, a
 * priority and often a {@code versions} list; Alpine {@code ALPINE-CVE-*} records for v3.18 to v3.20; Red Hat
 * {@code RHSA}, Rocky {@code RLSA} and AlmaLinux {@code ALSA} records over several binary packages of one source,
 * with a severity. 1 to 3 affected entries each; ranges from introduced 0 to a fix, some unfixed, some with
 * last_affected; mostly CVSS v3.1 vectors, a few v2 and v4; CVE aliases; package popularity following Zipf's law
 * over a few hundred real names and a long tail of plausible ones.
 *
 * <p>{@code main(N, OUT.zip)} writes N records as an OSV-style {@code all.zip}.
 */
public final class OsvCorpusGenerator {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");

    /** The distribution families generated, with their share of records in percent. */
    public enum Family {
        DEBIAN(30), UBUNTU(20), ALPINE(15), RED_HAT(15), ROCKY(10), ALMA(10);

        final int percent;

        Family(int percent) {
            this.percent = percent;
        }
    }

    /** The most advised packages, which container images rarely hold: kernels, browsers, emulators, suites. */
    private static final String[] DEB_HEAD = {
        "linux", "chromium", "firefox-esr", "thunderbird", "webkit2gtk", "imagemagick", "qemu", "xen", "wireshark",
        "php8.2", "mariadb", "openjdk-17", "ffmpeg", "libreoffice", "tcpdump", "gpac", "vim", "ghostscript", "tiff",
        "binutils",
    };
    private static final String[] RPM_HEAD = {
        "kernel", "firefox", "thunderbird", "webkit2gtk3", "qemu-kvm", "java-17-openjdk", "ImageMagick",
        "libreoffice-core", "ghostscript", "libtiff", "binutils", "vim-enhanced", "emacs", "xorg-x11-server-Xwayland",
        "mesa-libGL", "grafana",
    };
    private static final String[] APK_HEAD = {
        "xen", "qemu", "chromium", "firefox", "imagemagick", "php82", "ffmpeg", "mariadb", "openjdk17", "wireshark",
        "tiff", "vim", "ghostscript", "binutils",
    };
    private static final String[] DEB = {
        "openssl", "glibc", "curl", "systemd", "krb5", "libxml2", "sqlite3", "expat", "zlib", "gnutls28",
        "python3.11", "perl", "tar", "ncurses", "pcre2", "libgcrypt20", "openldap", "cyrus-sasl2", "shadow",
        "util-linux", "e2fsprogs", "apt", "dpkg", "gnupg2", "nghttp2", "libssh2", "libtasn1-6", "p11-kit", "nettle",
        "gmp", "libidn2", "libunistring", "libpsl", "libzstd", "lz4", "bzip2", "xz-utils", "libcap2", "libcap-ng",
        "libselinux", "libsemanage", "libsepol", "audit", "pam", "sudo", "openssh", "wget", "git", "bash",
        "coreutils", "libpng1.6", "libjpeg-turbo", "giflib", "libwebp", "freetype", "fontconfig", "poppler",
        "cairo", "pango1.0", "harfbuzz", "glib2.0", "gdk-pixbuf", "cups", "avahi", "dbus", "polkit-policykit-1",
        "nss", "nspr", "postgresql-15", "redis", "nginx", "apache2", "ruby3.1", "nodejs", "golang-1.19", "rustc",
        "tomcat10", "emacs", "less", "file", "gcc-12", "llvm-toolchain-15", "elfutils", "gdb", "busybox", "dnsmasq",
        "bind9", "unbound", "samba", "exim4", "postfix", "dovecot", "libarchive", "unzip", "zip", "cpio", "rsync",
        "screen", "tmux", "xorg-server", "libx11", "mesa", "libsndfile", "pulseaudio", "flac", "libvorbis", "opus",
        "lua5.3", "tcl8.6", "jq", "libyaml", "json-c", "libssh", "libevent", "libuv1", "c-ares", "icu", "libedit",
        "libbsd", "libtirpc", "nfs-utils", "rpcbind", "libseccomp", "runc", "containerd", "docker.io", "libxslt",
        "libgd2", "libde265", "libheif", "libraw", "openexr", "jasper", "libsoup2.4", "libsoup3", "python-urllib3",
        "python-requests", "python-cryptography", "python-pip", "python-django", "python-jinja2", "python-pillow",
        "ruby-rack", "node-minimist", "golang-golang-x-net", "libmodule-scandeps-perl", "libcgi-pm-perl", "pillow",
        "libvpx", "gstreamer1.0", "gst-plugins-base1.0", "gst-plugins-good1.0", "intel-microcode", "grub2", "shim",
        "sysvinit", "procps", "findutils", "grep", "sed", "gzip", "diffutils", "mawk", "db5.3", "libffi",
        "libxcrypt", "keyutils", "brotli", "rtmpdump", "libmd", "xxhash", "tzdata", "ca-certificates",
    };
    private static final String[] RPM = {
        "openssl", "openssl-libs", "glibc", "glibc-common", "glibc-minimal-langpack", "curl", "libcurl", "zlib",
        "systemd", "systemd-libs", "krb5-libs", "libxml2", "sqlite-libs", "expat", "python3", "python3-libs",
        "perl-interpreter", "perl-libs", "tar", "gzip", "xz-libs", "ncurses-libs", "pcre2", "libgcrypt", "gnutls",
        "nss", "nss-util", "nspr", "openldap", "cyrus-sasl-lib", "shadow-utils", "util-linux", "libblkid",
        "libmount", "libuuid", "dnf", "yum", "rpm", "rpm-libs", "gnupg2", "libssh", "openssh", "openssh-clients",
        "sudo", "vim-minimal", "git", "httpd", "mod_ssl", "nginx", "php", "php-cli", "nodejs", "npm", "postgresql",
        "postgresql-libs", "mariadb", "redis", "java-17-openjdk-headless", "java-11-openjdk", "tomcat", "bind",
        "bind-libs", "dnsmasq", "samba", "samba-client-libs", "cups-libs", "avahi-libs", "dbus", "polkit", "libpng",
        "libjpeg-turbo", "freetype", "fontconfig", "cairo", "pango", "harfbuzz", "glib2", "gdk-pixbuf2", "poppler",
        "libvirt", "podman", "buildah", "skopeo", "runc", "containers-common", "grub2-common", "shim-x64", "gcc",
        "libstdc++", "elfutils", "bzip2-libs", "lz4-libs", "libzstd", "libarchive", "unzip", "zip", "rsync", "less",
        "file-libs", "libcap", "libcap-ng", "libselinux", "libsepol", "audit-libs", "pam", "libgcc", "libffi",
        "gmp", "nettle", "libidn2", "libtasn1", "p11-kit", "ca-certificates", "tzdata", "python3-urllib3",
        "python3-requests", "python3-pip", "python3-setuptools", "python3-idna", "python3-cryptography", "ruby",
        "rubygem-rexml", "golang", "rust", "tmux", "screen", "libX11", "gstreamer1-plugins-base", "kernel-headers",
        "kernel-tools", "linux-firmware", "microcode_ctl", "procps-ng", "findutils", "grep", "sed", "coreutils",
        "coreutils-single", "bash", "libxslt", "libgomp", "libsolv", "libdnf", "json-c", "libyaml", "libevent",
        "c-ares", "libicu", "libedit", "libtirpc", "nfs-utils", "rpcbind", "libseccomp", "squid", "haproxy",
        "keepalived", "varnish", "memcached", "libwebp", "libsoup", "libssh2", "nghttp2",
    };
    private static final String[] APK = {
        "openssl", "musl", "busybox", "zlib", "curl", "libxml2", "sqlite", "expat", "ncurses", "readline", "pcre2",
        "libtasn1", "gnutls", "nghttp2", "libssh2", "krb5", "openldap", "apk-tools", "ca-certificates", "python3",
        "perl", "git", "nginx", "libxslt", "libpng", "libjpeg-turbo", "giflib", "libwebp", "freetype", "fontconfig",
        "cairo", "pango", "harfbuzz", "glib", "gdk-pixbuf", "cups", "dbus", "nodejs", "npm", "go", "rust", "ruby",
        "postgresql16", "redis", "haproxy", "squid", "bind", "dnsmasq", "unbound", "samba", "postfix", "dovecot",
        "libarchive", "unzip", "zip", "tar", "gzip", "xz", "bzip2", "zstd", "lz4", "brotli", "libcap", "libseccomp",
        "libffi", "gmp", "nettle", "libidn2", "libunistring", "libpsl", "libgcrypt", "libgpg-error", "gnupg",
        "openssh", "sudo", "bash", "coreutils", "util-linux", "e2fsprogs", "less", "file", "gcc", "llvm17", "gdb",
        "jq", "yaml", "json-c", "libevent", "libuv", "c-ares", "icu", "libedit", "libbsd", "libtirpc", "nfs-utils",
        "rsync", "tmux", "screen", "mesa", "libx11", "xorg-server", "wayland", "libsndfile", "flac", "libvorbis",
        "opus", "lua5.4", "tcl", "py3-urllib3", "py3-requests", "py3-cryptography", "py3-pip", "py3-setuptools",
        "py3-jinja2", "py3-pillow", "ruby-rexml", "alpine-baselayout", "libc-utils", "ssl_client", "scanelf",
        "pax-utils", "mbedtls", "wolfssl", "libretls", "libressl", "netcat-openbsd", "socat", "iproute2",
        "iptables", "nftables", "wireguard-tools", "containerd", "runc", "docker", "podman", "buildah",
    };
    private static final String[] WORDS = {
        "yaml", "json", "xml", "http", "crypto", "zip", "tar", "image", "font", "audio", "video", "net", "dns",
        "ssl", "tls", "ssh", "mail", "sql", "cache", "log", "auth", "ldap", "rpc", "proto", "parse", "regex", "time",
        "uuid", "color", "term", "glob", "path", "url", "html", "css", "svg", "pdf", "mime", "ini", "toml", "msgpack",
        "cbor", "lzma", "snappy", "brotli", "idn", "punycode", "ws", "grpc", "thrift", "avro", "arrow", "png",
        "jpeg", "tiff", "webp", "gif", "exif", "iconv", "intl", "locale", "tz", "ntp", "smb", "nfs", "fuse", "usb",
    };
    private static final String[] TAIL_PREFIX_DEB = {"lib", "python-", "node-", "golang-github-", "ruby-", "lib%s-perl"};
    private static final String[] TAIL_PREFIX_RPM = {"lib", "python3-", "nodejs-", "golang-github-", "rubygem-",
        "perl-"};
    private static final String[] TAIL_PREFIX_APK = {"lib", "py3-", "nodejs-", "go-", "ruby-", "perl-"};
    private static final int TAIL = 2400;

    private static final String[] FLAWS = {
        "heap-based buffer overflow", "use-after-free", "integer overflow", "out-of-bounds read",
        "out-of-bounds write", "NULL pointer dereference", "denial of service via crafted input", "infinite loop",
        "improper certificate validation", "path traversal", "command injection", "race condition",
        "information disclosure", "double free", "stack exhaustion via deep recursion", "uncontrolled memory allocation",
    };
    private static final String[] PLACES = {
        "the parser", "the decoder", "the HTTP/2 implementation", "the TLS handshake", "the archive reader",
        "the regular expression engine", "the ASN.1 decoder", "the image loader", "the DNS resolver", "the CLI",
        "the authentication module", "the XML reader", "the font renderer", "the compression routine",
    };
    private static final String[] DEBIAN_URGENCY = {"low", "medium", "high", "unimportant", "not yet assigned"};
    private static final String[] UBUNTU_PRIORITY = {"negligible", "low", "medium", "high", "critical"};
    private static final String[] RH_SEVERITY = {"Low", "Moderate", "Important", "Critical"};

    /**
     * Of the entries about a real image's package in its own release ({@link RealImages}), how many in ten thousand
     * name no fix (open), and how many a fix above the installed version, per family (Debian, Alpine, Red Hat); the rest
     * name a fix the image already has. Calibrated so that, at the default scale of 300,000 advisories, the realistic
     * images get about as many findings as Trivy reports for such images (docs/vulndb-format.md gives the counts and
     * their sources): Debian mostly open issues (no-dsa, postponed, unimportant), Alpine's secdb nothing open.
     */
    private static final int[] OPEN_PER_10K = {28, 0, 13};
    private static final int[] ABOVE_PER_10K = {6, 6, 4};

    private final SplittableRandom random;
    /** The real images' packages and installed versions, by the name their release's advisories use. */
    private final Map<Family, Map<String, String>> realVersions = new EnumMap<>(Family.class);
    /** How many entries about the real images' packages were written: [family][open, fixed above, fixed below]. */
    private final int[][] realEntries = new int[3][3];
    private final List<String> deb;
    private final List<String> rpm;
    private final List<String> apk;
    private final double[] zipf;
    private int serial;

    public OsvCorpusGenerator(long seed) {
        this.random = new SplittableRandom(seed);
        this.deb = names(DEB_HEAD, DEB, TAIL_PREFIX_DEB, 1);
        this.rpm = names(RPM_HEAD, RPM, TAIL_PREFIX_RPM, 2);
        this.apk = names(APK_HEAD, APK, TAIL_PREFIX_APK, 3);
        this.zipf = zipf(Math.max(deb.size(), Math.max(rpm.size(), apk.size())), 1.07);
    }

    /** Of the records written so far, the entries about the family's real image: open, fixed above, fixed below. */
    int[] realEntries(Family family) {
        return realEntries[family == Family.DEBIAN ? 0 : family == Family.ALPINE ? 1 : 2].clone();
    }

    /**
     * How many entries about the real images' packages (in their own release) the records written so far hold, per
     * family: open, fixed above the installed version, fixed at or below it.
     */
    public String realEntriesSummary() {
        StringBuilder b = new StringBuilder();
        String[] families = {"debian", "alpine", "rhel"};
        for (int i = 0; i < families.length; i++) {
            b.append(i == 0 ? "" : ", ").append(families[i]).append(' ').append(realEntries[i][0]).append(" open/")
                    .append(realEntries[i][1]).append(" fixed above/").append(realEntries[i][2]).append(" fixed below");
        }
        return b.toString();
    }

    /** The package names of a family by popularity, most popular first: a few hundred real, then a long tail. */
    public List<String> names(Family family) {
        return switch (family) {
            case DEBIAN, UBUNTU -> deb;
            case ALPINE -> apk;
            case RED_HAT, ROCKY, ALMA -> rpm;
        };
    }

    /**
     * The packages of a plausible image of the family: the {@code common} most advised names past the head (kernels,
     * browsers and suites, which images seldom hold), then {@code rare} names spread over the long tail.
     */
    public List<String> imagePackages(Family family, int common, int rare) {
        List<String> names = names(family);
        int head = switch (family) {
            case DEBIAN, UBUNTU -> DEB_HEAD.length;
            case ALPINE -> APK_HEAD.length;
            case RED_HAT, ROCKY, ALMA -> RPM_HEAD.length;
        };
        List<String> image = new ArrayList<>(names.subList(head, head + common));
        int step = (names.size() - head - common) / rare;
        for (int i = 0; i < rare; i++) {
            image.add(names.get(head + common + i * step));
        }
        return image;
    }

    /** Ecosystems used for a family (the first is the one most records name). */
    public static List<String> ecosystems(Family family) {
        return switch (family) {
            case DEBIAN -> List.of("Debian:12", "Debian:11");
            case UBUNTU -> List.of("Ubuntu:22.04:LTS");
            case ALPINE -> List.of("Alpine:v3.20", "Alpine:v3.19", "Alpine:v3.18");
            case RED_HAT -> List.of("Red Hat:enterprise_linux:9::appstream", "Red Hat:enterprise_linux:9::baseos",
                    "Red Hat:enterprise_linux:8::appstream", "Red Hat:enterprise_linux:8::baseos");
            case ROCKY -> List.of("Rocky Linux:9", "Rocky Linux:8");
            case ALMA -> List.of("AlmaLinux:9", "AlmaLinux:8");
        };
    }

    /** One generated document: the record's id and its UTF-8 JSON. */
    public record Document(String id, byte[] json) {}

    /** {@code n} OSV documents, each one record. */
    public List<Document> documents(int n) {
        List<Document> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            docs.add(document());
        }
        return docs;
    }

    /** Writes {@code n} records into a zip, one {@code ID.json} entry each, like OSV's all.zip. */
    public void writeZip(int n, Path zip) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (int i = 0; i < n; i++) {
                Document doc = document();
                ZipEntry entry = new ZipEntry(doc.id().replace(':', '-') + ".json");
                entry.setTime(EPOCH.toEpochMilli());
                out.putNextEntry(entry);
                out.write(doc.json());
                out.closeEntry();
            }
        }
    }

    /** One record. */
    public Document document() {
        Family family = family();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        String id;
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            id = record(g, family);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Document(id, bytes.toByteArray());
    }

    private Family family() {
        int roll = random.nextInt(100);
        for (Family f : Family.values()) {
            if (roll < f.percent) {
                return f;
            }
            roll -= f.percent;
        }
        return Family.DEBIAN;
    }

    private String record(JsonGenerator g, Family family) throws IOException {
        int year = 2014 + random.nextInt(13);
        int n = ++serial;
        String cve = "CVE-" + year + "-" + (1000 + n);
        String id = switch (family) {
            case DEBIAN -> "DEBIAN-" + cve;
            case UBUNTU -> "UBUNTU-" + cve;
            case ALPINE -> "ALPINE-" + cve;
            case RED_HAT -> "RHSA-" + year + ":" + n;
            case ROCKY -> "RLSA-" + year + ":" + n;
            case ALMA -> "ALSA-" + year + ":" + n;
        };
        String pkg = pick(names(family));
        Instant published = EPOCH.minus(365L * (2026 - year) + random.nextInt(365), ChronoUnit.DAYS);
        Instant modified = published.plus(random.nextInt(900), ChronoUnit.DAYS).plusSeconds(random.nextInt(86400));
        String flaw = FLAWS[random.nextInt(FLAWS.length)];
        String place = PLACES[random.nextInt(PLACES.length)];

        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("schema_version", "1.6.0");
        g.writeStringField("published", published.toString());
        g.writeStringField("modified", modified.toString());
        g.writeArrayFieldStart(family == Family.ROCKY || family == Family.ALMA ? "aliases" : "upstream");
        g.writeString(cve);
        for (int i = random.nextInt(family == Family.RED_HAT ? 4 : 1); i > 0; i--) {
            g.writeString("CVE-" + year + "-" + (1000 + random.nextInt(60000)));
        }
        g.writeEndArray();
        if (family == Family.UBUNTU || family == Family.DEBIAN) {
            g.writeArrayFieldStart("related");
            g.writeString(family == Family.UBUNTU ? "USN-" + (5000 + random.nextInt(3000)) + "-1"
                    : "DSA-" + (5000 + random.nextInt(800)) + "-1");
            g.writeEndArray();
        }
        String severityWord = switch (family) {
            case RED_HAT, ROCKY, ALMA -> RH_SEVERITY[random.nextInt(RH_SEVERITY.length)];
            default -> null;
        };
        g.writeStringField("summary", severityWord != null ? severityWord + ": " + pkg + " security update"
                : pkg + ": " + flaw + " in " + place);
        g.writeStringField("details", "A " + flaw + " was found in " + place + " of " + pkg + ". A remote attacker "
                + "could use this flaw to crash the application or possibly execute arbitrary code with the "
                + "privileges of the user running it.");
        severity(g, family);
        g.writeArrayFieldStart("affected");
        List<String> ecosystems = ecosystems(family);
        boolean rpm = family == Family.RED_HAT || family == Family.ROCKY || family == Family.ALMA;
        int entries = Math.min(1 + random.nextInt(3), rpm ? 3 : ecosystems.size());
        for (int i = 0; i < entries; i++) {
            String ecosystem = ecosystems.get(family == Family.RED_HAT || family == Family.ROCKY
                    || family == Family.ALMA ? (i == 0 ? 0 : random.nextInt(ecosystems.size()))
                    : Math.min(i, ecosystems.size() - 1));
            String name = family == Family.RED_HAT || family == Family.ROCKY || family == Family.ALMA
                    ? (i == 0 ? pkg : binary(pkg, i)) : pkg;
            affected(g, family, ecosystem, name);
        }
        g.writeEndArray();
        if (severityWord != null) {
            g.writeObjectFieldStart("database_specific");
            g.writeStringField("severity", severityWord);
            g.writeEndObject();
        }
        references(g, family, id, cve);
        g.writeEndObject();
        return id;
    }

    private static String binary(String pkg, int i) {
        return switch (i) {
            case 1 -> pkg + "-devel";
            default -> pkg + "-libs";
        };
    }

    private void severity(JsonGenerator g, Family family) throws IOException {
        int roll = random.nextInt(100);
        boolean ubuntu = family == Family.UBUNTU;
        if (roll >= 85 && !ubuntu) {
            return;
        }
        g.writeArrayFieldStart("severity");
        if (roll < 8) {
            entry(g, "CVSS_V2", "AV:" + of("NAL") + "/AC:" + of("LMH") + "/Au:" + of("NSM") + "/C:" + of("NPC")
                    + "/I:" + of("NPC") + "/A:" + of("NPC"));
        } else if (roll < 13) {
            entry(g, "CVSS_V4", "CVSS:4.0/AV:" + of("NALP") + "/AC:" + of("LH") + "/AT:" + of("NP") + "/PR:"
                    + of("NLH") + "/UI:" + of("NPA") + "/VC:" + of("HLN") + "/VI:" + of("HLN") + "/VA:" + of("HLN")
                    + "/SC:" + of("HLN") + "/SI:" + of("HLN") + "/SA:" + of("HLN"));
        } else if (roll < 85) {
            entry(g, "CVSS_V3", "CVSS:3." + (random.nextInt(4) == 0 ? "0" : "1") + "/AV:" + of("NALP") + "/AC:"
                    + of("LH") + "/PR:" + of("NLH") + "/UI:" + of("NR") + "/S:" + of("UC") + "/C:" + of("NLH")
                    + "/I:" + of("NLH") + "/A:" + of("NLH"));
        }
        if (ubuntu) {
            entry(g, "Ubuntu", UBUNTU_PRIORITY[random.nextInt(UBUNTU_PRIORITY.length)]);
        }
        g.writeEndArray();
    }

    private static void entry(JsonGenerator g, String type, String score) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeStringField("score", score);
        g.writeEndObject();
    }

    private void affected(JsonGenerator g, Family family, String ecosystem, String name) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("package");
        g.writeStringField("ecosystem", ecosystem);
        g.writeStringField("name", name);
        g.writeEndObject();
        g.writeArrayFieldStart("ranges");
        g.writeStartObject();
        g.writeStringField("type", "ECOSYSTEM");
        g.writeArrayFieldStart("events");
        event(g, "introduced", "0");
        String installed = realVersion(family, ecosystem, name);
        if (installed != null) {
            realEvent(g, family, installed);
        } else {
            int roll = random.nextInt(100);
            if (roll < 70) {
                event(g, "fixed", version(family, ecosystem));
            } else if (roll < 78) {
                event(g, "last_affected", version(family, ecosystem));
            }
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        if (installed == null && ((family == Family.UBUNTU && random.nextInt(2) == 0) || random.nextInt(20) == 0)) {
            g.writeArrayFieldStart("versions");
            for (int i = 5 + random.nextInt(30); i > 0; i--) {
                g.writeString(version(family, ecosystem));
            }
            g.writeEndArray();
        }
        switch (family) {
            case DEBIAN -> {
                g.writeObjectFieldStart("ecosystem_specific");
                g.writeStringField("urgency", DEBIAN_URGENCY[random.nextInt(DEBIAN_URGENCY.length)]);
                g.writeEndObject();
            }
            case UBUNTU -> {
                g.writeObjectFieldStart("ecosystem_specific");
                g.writeArrayFieldStart("binaries");
                g.writeStartObject();
                g.writeStringField(name, version(family, ecosystem));
                g.writeEndObject();
                g.writeEndArray();
                g.writeStringField("ubuntu_priority", UBUNTU_PRIORITY[random.nextInt(UBUNTU_PRIORITY.length)]);
                g.writeEndObject();
            }
            case RED_HAT, ROCKY, ALMA -> {
                g.writeObjectFieldStart("database_specific");
                g.writeStringField("severity", RH_SEVERITY[random.nextInt(RH_SEVERITY.length)]);
                g.writeEndObject();
            }
            default -> {
            }
        }
        g.writeEndObject();
    }

    /** The installed version of a real image's package that an entry of its own release names; else null. */
    private String realVersion(Family family, String ecosystem, String name) {
        boolean own = switch (family) {
            case DEBIAN -> ecosystem.equals("Debian:12");
            case ALPINE -> ecosystem.equals("Alpine:v3.20");
            case RED_HAT -> ecosystem.startsWith("Red Hat:enterprise_linux:9:");
            default -> false;
        };
        // read on first use: the benchmarks that only pick names need not have the lists on their class path
        return own ? realVersions.computeIfAbsent(family, RealImages::advisedVersions).get(name) : null;
    }

    /** The event of an entry about a real image's package: mostly a fix it has, a few open, a few fixed above it. */
    private void realEvent(JsonGenerator g, Family family, String installed) throws IOException {
        int f = family == Family.DEBIAN ? 0 : family == Family.ALPINE ? 1 : 2;
        VersionComparator cmp = VersionComparators.forPackageType(
                family == Family.DEBIAN ? "deb" : family == Family.ALPINE ? "apk" : "rpm");
        int roll = random.nextInt(10_000);
        if (roll < OPEN_PER_10K[f]) {
            realEntries[f][0]++;
        } else if (roll < OPEN_PER_10K[f] + ABOVE_PER_10K[f]) {
            realEntries[f][1]++;
            event(g, "fixed", near(installed, true, cmp));
        } else {
            realEntries[f][2]++;
            event(g, "fixed", near(installed, false, cmp));
        }
    }

    /**
     * A version just above or below {@code installed} in the package manager's order, as fixed versions of one
     * package's history are: one of its numbers (past the epoch) raised by 1 to 3, or lowered; checked with the
     * comparator.
     */
    private String near(String installed, boolean above, VersionComparator cmp) {
        int from = installed.indexOf(':') + 1;
        List<int[]> runs = new ArrayList<>();
        for (int i = from; i < installed.length(); ) {
            if (!Character.isDigit(installed.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < installed.length() && Character.isDigit(installed.charAt(i))) {
                i++;
            }
            if (i - start <= 9) {
                runs.add(new int[] {start, i});
            }
        }
        for (int attempt = 0; attempt < 10 && !runs.isEmpty(); attempt++) {
            int[] run = runs.get(random.nextInt(runs.size()));
            long value = Long.parseLong(installed.substring(run[0], run[1]));
            if (!above && value == 0) {
                continue;
            }
            long changed = above ? value + 1 + random.nextInt(3) : random.nextLong(value);
            String candidate = installed.substring(0, run[0]) + changed + installed.substring(run[1]);
            int c = cmp.compare(candidate, installed);
            if (above ? c > 0 : c < 0) {
                return candidate;
            }
        }
        return above ? (cmp.compare(installed + ".1", installed) > 0 ? installed + ".1" : "999:" + installed) : "0";
    }

    private static void event(JsonGenerator g, String type, String version) throws IOException {
        g.writeStartObject();
        g.writeStringField(type, version);
        g.writeEndObject();
    }

    /** A version in the ecosystem's style: 1.2.3-4+deb12u1, 1.2.3-0ubuntu1.4, 1.2.3-r4, 1:1.2.3-4.el9_2. */
    private String version(Family family, String ecosystem) {
        String upstream = random.nextInt(10) + "." + random.nextInt(30) + "." + random.nextInt(20);
        return switch (family) {
            case DEBIAN -> upstream + "-" + (1 + random.nextInt(5)) + "+deb" + ecosystem.substring(7) + "u"
                    + (1 + random.nextInt(6));
            case UBUNTU -> upstream + "-" + random.nextInt(3) + "ubuntu" + random.nextInt(4) + "." + random.nextInt(20);
            case ALPINE -> upstream + "-r" + random.nextInt(12);
            case RED_HAT, ROCKY, ALMA -> (random.nextInt(4) == 0 ? "1:" : "") + upstream + "-"
                    + (1 + random.nextInt(40)) + ".el" + (ecosystem.contains("8") ? "8" : "9") + "_"
                    + random.nextInt(6);
        };
    }

    private void references(JsonGenerator g, Family family, String id, String cve) throws IOException {
        g.writeArrayFieldStart("references");
        String advisory = switch (family) {
            case DEBIAN -> "https://security-tracker.debian.org/tracker/" + cve;
            case UBUNTU -> "https://ubuntu.com/security/" + cve;
            case ALPINE -> "https://security.alpinelinux.org/vuln/" + cve;
            case RED_HAT -> "https://access.redhat.com/errata/" + id;
            case ROCKY -> "https://errata.rockylinux.org/" + id;
            case ALMA -> "https://errata.almalinux.org/9/" + id.replace(':', '-') + ".html";
        };
        reference(g, "ADVISORY", advisory);
        reference(g, "REPORT", "https://www.cve.org/CVERecord?id=" + cve);
        for (int i = random.nextInt(4); i > 0; i--) {
            reference(g, "WEB", "https://bugs.example.org/show_bug.cgi?id=" + (100000 + random.nextInt(900000)));
        }
        g.writeEndArray();
    }

    private static void reference(JsonGenerator g, String type, String url) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeStringField("url", url);
        g.writeEndObject();
    }

    private String of(String letters) {
        return String.valueOf(letters.charAt(random.nextInt(letters.length())));
    }

    private String pick(List<String> names) {
        double u = random.nextDouble() * zipf[names.size() - 1];
        int lo = 0;
        int hi = names.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return names.get(lo);
    }

    /** Cumulative Zipf weights 1/rank^s. */
    private static double[] zipf(int n, double s) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cumulative[i] = sum;
        }
        return cumulative;
    }

    private static List<String> names(String[] head, String[] real, String[] prefixes, long seed) {
        List<String> names = new ArrayList<>(List.of(head));
        names.addAll(List.of(real));
        SplittableRandom r = new SplittableRandom(seed);
        Set<String> seen = new HashSet<>(names);
        while (names.size() < head.length + real.length + TAIL) {
            String prefix = prefixes[r.nextInt(prefixes.length)];
            String word = WORDS[r.nextInt(WORDS.length)] + (r.nextInt(3) == 0 ? "-" + WORDS[r.nextInt(WORDS.length)]
                    : "") + (r.nextInt(4) == 0 ? String.valueOf(1 + r.nextInt(9)) : "");
            String name = prefix.contains("%s") ? String.format(Locale.ROOT, prefix, word) : prefix + word;
            if (seen.add(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** {@code main(N, OUT.zip [SEED])}: writes N generated records into OUT.zip. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: OsvCorpusGenerator N OUT.zip [SEED]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 20261127L;
        long t0 = System.nanoTime();
        OsvCorpusGenerator generator = new OsvCorpusGenerator(seed);
        generator.writeZip(n, out);
        System.out.printf(Locale.ROOT, "generated %d OSV records into %s (%.1f MB) in %.1f s; entries about the real"
                + " images' packages: %s%n", n, out, Files.size(out) / 1e6, (System.nanoTime() - t0) / 1e9,
                generator.realEntriesSummary());
    }
}
