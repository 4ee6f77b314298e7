import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Builds the CLI image's base from Debian's own packages, without Docker or dpkg: run by the cli-image build (Ant's
 * {@code java} task, source-file mode) as {@code DebianBase LOCK WORK_DIR BASE_TAR CACERTS}.
 *
 * <p>It downloads each {@code .deb} pinned in {@code debian/packages.lock} (URL, size, SHA-256; kept in
 * {@code WORK_DIR/debs} and reused while its digest holds), checks that its control file names the pinned package,
 * version and architecture, and unpacks its {@code data.tar} into one layer exactly as dpkg would place it (modes,
 * owners, symlinks, hard links). It then writes what dpkg and the packages' maintainer scripts would have left:
 * {@code /var/lib/dpkg/status} (each control file with {@code Status: install ok installed} and its conffiles'
 * MD5s) and {@code /var/lib/dpkg/info/PKG.list}, {@code .md5sums} and {@code .conffiles}, so the image's own
 * package database lists exactly what it holds; {@code /etc/ssl/certs/ca-certificates.crt} from ca-certificates'
 * CAs (update-ca-certificates), and the accounts the image runs as ({@code /etc/passwd}, {@code /etc/group}:
 * root, nobody and nonroot 65532 with its home), {@code /etc/nsswitch.conf}, {@code /tmp} (1777) and {@code /work}.
 * The layer goes into {@code BASE_TAR}, a {@code docker save} archive that Jib takes as its base
 * ({@code tar://}); the same CAs become the jlink'd JRE's {@code CACERTS} (PKCS#12 without password or MAC, as the
 * JDK ships its own). Every output is a function of the pinned packages alone: building twice gives the same bytes.
 */
public final class DebianBase {
    /** The user the image runs as (distroless' nonroot). */
    static final int NONROOT = 65532;
    /** The time stamp of every entry this class makes (the packages' own entries keep theirs). */
    static final long EPOCH = 0L;

    private DebianBase() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DebianBase LOCK WORK_DIR BASE_TAR CACERTS");
            System.exit(2);
        }
        List<Pin> pins = Pin.read(Path.of(args[0]));
        Path work = Files.createDirectories(Path.of(args[1]));
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64")) {
            throw new IllegalStateException("the CLI image's Debian base is pinned for amd64, but the JDK running the"
                    + " build (whose jlink'd JRE goes into the image) is " + arch);
        }
        Path layerFile = work.resolve("layer.tar");
        DpkgDatabase dpkg = new DpkgDatabase();
        CaCertificates cas = new CaCertificates();
        try (LayerWriter layer = new LayerWriter(layerFile)) {
            for (Pin pin : pins) {
                Path deb = Download.fetch(pin, work.resolve("debs"));
                new DebUnpacker(pin, layer, dpkg, cas).unpack(deb);
            }
            Accounts.write(layer);
            cas.writeBundle(layer);
            dpkg.write(layer);
        }
        cas.writeKeyStore(Path.of(args[3]));
        DockerArchive.write(Path.of(args[2]), layerFile, pins);
        System.out.println("DebianBase: " + pins.size() + " Debian packages, layer of " + Files.size(layerFile)
                + " bytes, " + cas.count() + " CAs -> " + args[2]);
    }

    /** One line of packages.lock: what to download and what it must be. */
    record Pin(String name, String version, String arch, String sha256, long size, URI url) {
        static List<Pin> read(Path lock) throws IOException {
            List<Pin> pins = new ArrayList<>();
            for (String line : Files.readAllLines(lock, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 6 || !f[3].matches("[0-9a-f]{64}") || !f[4].matches("[0-9]{1,10}")
                        || !f[5].startsWith("https://")) {
                    throw new IllegalArgumentException(lock + ": not NAME VERSION ARCH SHA256 SIZE https-URL: " + line);
                }
                pins.add(new Pin(f[0], f[1], f[2], f[3], Long.parseLong(f[4]), URI.create(f[5])));
            }
            return pins;
        }

        String fileName() {
            return name + "_" + version.replace(':', '%') + "_" + arch + ".deb";
        }
    }

    /** Fetches a pinned .deb once: kept under its name while its size and SHA-256 hold. */
    static final class Download {
        private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();

        static Path fetch(Pin pin, Path dir) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            Path file = dir.resolve(pin.fileName());
            if (Files.isRegularFile(file) && pin.sha256().equals(sha256(file))) {
                return file;
            }
            Path part = dir.resolve(pin.fileName() + ".part");
            IOException last = null;
            for (int attempt = 1; attempt <= 3; attempt++) {
                HttpResponse<Path> response;
                try {
                    response = HTTP.send(HttpRequest.newBuilder(pin.url()).timeout(Duration.ofMinutes(2)).build(),
                            HttpResponse.BodyHandlers.ofFile(part));
                } catch (IOException e) {
                    last = e;
                    continue;
                }
                int status = response.statusCode();
                if (status == 404 || status == 410) {
                    throw new IllegalStateException(pin.url() + ": HTTP " + status + ": Debian no longer serves "
                            + pin.name() + " " + pin.version() + " (superseded); run"
                            + " cli-image/debian/update-packages.sh on Debian 12 and commit packages.lock");
                }
                if (status != 200) {
                    last = new IOException(pin.url() + ": HTTP " + status);
                    continue;
                }
                long size = Files.size(part);
                String sum = sha256(part);
                if (size != pin.size() || !sum.equals(pin.sha256())) {
                    throw new IllegalStateException(pin.url() + ": got " + size + " bytes with SHA-256 " + sum
                            + ", packages.lock pins " + pin.size() + " bytes with " + pin.sha256());
                }
                return Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            throw new IOException("cannot download " + pin.url() + " (3 attempts): " + last.getMessage(), last);
        }

        static String sha256(Path file) throws IOException {
            MessageDigest md = digest("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unpacks one .deb (an ar archive: debian-binary, control.tar.*, data.tar.*) into the layer. */
    static final class DebUnpacker {
        private static final int MAX_CONTROL_FILE = 4 << 20;
        private final Pin pin;
        private final LayerWriter layer;
        private final DpkgDatabase dpkg;
        private final CaCertificates cas;

        DebUnpacker(Pin pin, LayerWriter layer, DpkgDatabase dpkg, CaCertificates cas) {
            this.pin = pin;
            this.layer = layer;
            this.dpkg = dpkg;
            this.cas = cas;
        }

        void unpack(Path deb) throws IOException {
            Map<String, byte[]> control = null;
            boolean data = false;
            try (ArArchiveInputStream ar = new ArArchiveInputStream(Files.newInputStream(deb))) {
                for (ArArchiveEntry e = ar.getNextEntry(); e != null; e = ar.getNextEntry()) {
                    String name = e.getName();
                    if (name.startsWith("control.tar")) {
                        control = readControl(decompress(name, ar));
                    } else if (name.startsWith("data.tar")) {
                        if (control == null) {
                            throw new IOException(deb + ": data.tar before control.tar");
                        }
                        unpackData(decompress(name, ar), control);
                        data = true;
                    }
                }
            }
            if (!data) {
                throw new IOException(deb + ": no data.tar");
            }
        }

        private static InputStream decompress(String member, InputStream in) throws IOException {
            InputStream shielded = new FilterInputStreamNoClose(in);
            if (member.endsWith(".xz")) {
                return new XZCompressorInputStream(shielded);
            } else if (member.endsWith(".gz")) {
                return new GzipCompressorInputStream(shielded);
            } else if (member.endsWith(".zst")) {
                return new ZstdCompressorInputStream(shielded);
            } else if (member.endsWith(".tar")) {
                return shielded;
            }
            throw new IOException("unknown member compression: " + member);
        }

        private Map<String, byte[]> readControl(InputStream in) throws IOException {
            Map<String, byte[]> files = new LinkedHashMap<>();
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    byte[] bytes = tar.readNBytes(MAX_CONTROL_FILE + 1);
                    if (bytes.length > MAX_CONTROL_FILE) {
                        throw new IOException(pin.url() + ": control file " + e.getName() + " over 4 MiB");
                    }
                    files.put(LayerWriter.normalize(e.getName()), bytes);
                }
            }
            ControlFields fields = ControlFields.parse(text(files.get("control")));
            if (!pin.name().equals(fields.get("Package")) || !pin.version().equals(fields.get("Version"))
                    || !pin.arch().equals(fields.get("Architecture"))) {
                throw new IllegalStateException(pin.url() + " holds " + fields.get("Package") + " "
                        + fields.get("Version") + " " + fields.get("Architecture") + ", packages.lock pins "
                        + pin.name() + " " + pin.version() + " " + pin.arch());
            }
            return files;
        }

        private void unpackData(InputStream in, Map<String, byte[]> control) throws IOException {
            Set<String> conffiles = new HashSet<>(lines(control.get("conffiles")));
            Map<String, String> conffileSums = new TreeMap<>();
            List<String> list = new ArrayList<>();
            list.add("/.");
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String path = LayerWriter.normalize(e.getName());
                if (path.isEmpty()) {
                    continue;
                }
                list.add("/" + path);
                if (e.isDirectory()) {
                    layer.directory(path, e.getMode(), (int) e.getLongUserId(), (int) e.getLongGroupId(),
                            e.getModTime().getTime());
                } else if (e.isSymbolicLink() || e.isLink()) {
                    layer.link(e, path);
                } else if (e.isFile()) {
                    boolean ca = path.startsWith("usr/share/ca-certificates/") && path.endsWith(".crt");
                    boolean conffile = conffiles.contains("/" + path);
                    if (ca || conffile) {
                        byte[] bytes = tar.readAllBytes();
                        layer.file(e, path, new ByteArrayInputStream(bytes));
                        if (ca) {
                            cas.add(path, bytes);
                        }
                        if (conffile) {
                            conffileSums.put("/" + path, HexFormat.of().formatHex(digest("MD5").digest(bytes)));
                        }
                    } else {
                        layer.file(e, path, tar);
                    }
                } else {
                    throw new IOException(pin.url() + ": " + path + ": unsupported tar entry type");
                }
            }
            dpkg.add(text(control.get("control")), conffileSums, list, control.get("md5sums"),
                    control.get("conffiles"));
        }
    }

    /** Closing a member's decompressor must not close the ar archive around it. */
    static final class FilterInputStreamNoClose extends FilterInputStream {
        FilterInputStreamNoClose(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    static List<String> lines(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        for (String line : text(bytes).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    /** The fields of a Debian control paragraph (continuation lines kept with their field). */
    record ControlFields(Map<String, String> fields) {
        static ControlFields parse(String paragraph) {
            Map<String, String> fields = new LinkedHashMap<>();
            String last = null;
            for (String line : paragraph.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                    fields.put(last, fields.get(last) + "\n" + line);
                } else {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("not a control field: " + line);
                    }
                    last = line.substring(0, colon);
                    fields.put(last, line.substring(colon + 1).strip());
                }
            }
            return new ControlFields(fields);
        }

        String get(String name) {
            return fields.get(name);
        }
    }

    /** What dpkg would have recorded: the status file and each package's info files. */
    static final class DpkgDatabase {
        private final Map<String, String> status = new TreeMap<>();
        private final Map<String, byte[]> info = new TreeMap<>();

        void add(String control, Map<String, String> conffileSums, List<String> list, byte[] md5sums,
                byte[] conffiles) {
            ControlFields fields = ControlFields.parse(control);
            StringBuilder entry = new StringBuilder();
            for (Map.Entry<String, String> f : fields.fields().entrySet()) {
                if (f.getKey().equals("Description") && !conffileSums.isEmpty()) {
                    entry.append("Conffiles:\n");
                    conffileSums.forEach((file, md5) -> entry.append(' ').append(file).append(' ').append(md5)
                            .append('\n'));
                }
                entry.append(f.getKey()).append(": ").append(f.getValue()).append('\n');
                if (f.getKey().equals("Package")) {
                    entry.append("Status: install ok installed\n");
                }
            }
            String name = fields.get("Package");
            status.put(name, entry.toString());
            String infoName = "same".equals(fields.get("Multi-Arch")) ? name + ":" + fields.get("Architecture")
                    : name;
            info.put(infoName + ".list", (String.join("\n", list) + "\n").getBytes(StandardCharsets.UTF_8));
            if (md5sums != null) {
                info.put(infoName + ".md5sums", md5sums);
            }
            if (conffiles != null) {
                info.put(infoName + ".conffiles", conffiles);
            }
        }

        void write(LayerWriter layer) throws IOException {
            layer.bytes("var/lib/dpkg/status", 0644, String.join("\n", status.values())
                    .getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> file : info.entrySet()) {
                layer.bytes("var/lib/dpkg/info/" + file.getKey(), 0644, file.getValue());
            }
        }
    }

    /** Mozilla's CAs from ca-certificates: the PEM bundle update-ca-certificates writes and the JRE's cacerts. */
    static final class CaCertificates {
        private final Map<String, byte[]> pems = new TreeMap<>();

        void add(String path, byte[] pem) {
            pems.put(path, pem);
        }

        int count() {
            return pems.size();
        }

        void writeBundle(LayerWriter layer) throws IOException {
            if (pems.isEmpty()) {
                throw new IllegalStateException("no CA certificates: is ca-certificates in packages.lock?");
            }
            ByteArrayOutputStream bundle = new ByteArrayOutputStream();
            for (byte[] pem : pems.values()) {
                bundle.write(pem);
                if (pem.length > 0 && pem[pem.length - 1] != '\n') {
                    bundle.write('\n');
                }
            }
            layer.bytes("etc/ssl/certs/ca-certificates.crt", 0644, bundle.toByteArray());
        }

        void writeKeyStore(Path cacerts) throws IOException, CertificateException {
            Security.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
            Security.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                CertificateFactory x509 = CertificateFactory.getInstance("X.509");
                for (Map.Entry<String, byte[]> pem : pems.entrySet()) {
                    String file = pem.getKey().substring(pem.getKey().lastIndexOf('/') + 1);
                    String alias = "debian:" + file.substring(0, file.length() - ".crt".length()) + ".pem";
                    ks.setCertificateEntry(alias.toLowerCase(Locale.ROOT),
                            x509.generateCertificate(new ByteArrayInputStream(pem.getValue())));
                }
                Files.createDirectories(cacerts.getParent());
                try (OutputStream out = Files.newOutputStream(cacerts)) {
                    ks.store(out, null);
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot write " + cacerts + ": " + e.getMessage(), e);
            }
        }
    }

    /** The files no package owns but every run needs: accounts, name service order, /tmp, the working directory. */
    static final class Accounts {
        static void write(LayerWriter layer) throws IOException {
            layer.bytes("etc/passwd", 0644, ("root:x:0:0:root:/root:/sbin/nologin\n"
                    + "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"
                    + "nonroot:x:" + NONROOT + ":" + NONROOT + ":nonroot:/home/nonroot:/sbin/nologin\n")
                    .getBytes(StandardCharsets.US_ASCII));
            layer.bytes("etc/group", 0644, ("root:x:0:\nnogroup:x:65534:\nnonroot:x:" + NONROOT + ":\n")
                    .getBytes(StandardCharsets.US_ASCII));
            layer.bytes("etc/nsswitch.conf", 0644, "passwd: files\ngroup: files\nhosts: files dns\n"
                    .getBytes(StandardCharsets.US_ASCII));
            layer.directory("root", 0700, 0, 0, EPOCH);
            layer.directory("home/nonroot", 0700, NONROOT, NONROOT, EPOCH);
            layer.directory("tmp", 01777, 0, 0, EPOCH);
            layer.directory("work", 0755, NONROOT, NONROOT, EPOCH);
        }
    }

    /** The base layer: an uncompressed tar, every directory once, parents before children. */
    static final class LayerWriter implements AutoCloseable {
        private final TarArchiveOutputStream tar;
        private final Set<String> directories = new HashSet<>();
        private final Set<String> files = new HashSet<>();

        LayerWriter(Path file) throws IOException {
            tar = new TarArchiveOutputStream(Files.newOutputStream(file));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
        }

        /** "./usr/bin/x" or "./usr/" to "usr/bin/x", "usr". */
        static String normalize(String name) {
            String path = name.startsWith("./") ? name.substring(2) : name.startsWith("/") ? name.substring(1) : name;
            return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }

        void directory(String path, int mode, int uid, int gid, long mtime) throws IOException {
            if (!directories.add(path)) {
                return;
            }
            parents(path);
            TarArchiveEntry e = new TarArchiveEntry(path + "/", TarConstants.LF_DIR);
            owner(e, mode, uid, gid, mtime);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }

        void file(TarArchiveEntry from, String path, InputStream content) throws IOException {
            claim(path);
            TarArchiveEntry e = new TarArchiveEntry(path);
            owner(e, from.getMode(), (int) from.getLongUserId(), (int) from.getLongGroupId(),
                    from.getModTime().getTime());
            e.setSize(from.getSize());
            tar.putArchiveEntry(e);
            long copied = content.transferTo(tar);
            if (copied != from.getSize()) {
                throw new IOException(path + ": " + copied + " bytes, its header says " + from.getSize());
            }
            tar.closeArchiveEntry();
        }

        void link(TarArchiveEntry from, String path) throws IOException {
            claim(path);
            TarArchiveEntry e = new TarArchiveEntry(path, from.isLink() ? TarConstants.LF_LINK
                    : TarConstants.LF_SYMLINK);
            owner(e, from.getMode(), (int) from.getLongUserId(), (int) from.getLongGroupId(),
                    from.getModTime().getTime());
            e.setLinkName(from.isLink() ? normalize(from.getLinkName()) : from.getLinkName());
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }

        void bytes(String path, int mode, byte[] content) throws IOException {
            claim(path);
            TarArchiveEntry e = new TarArchiveEntry(path);
            owner(e, mode, 0, 0, EPOCH);
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }

        private void claim(String path) throws IOException {
            if (directories.contains(path) || !files.add(path)) {
                throw new IOException(path + ": in two packages (or a package and the base's own files)");
            }
            parents(path);
        }

        private void parents(String path) throws IOException {
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                directory(path.substring(0, slash), 0755, 0, 0, EPOCH);
            }
        }

        private static void owner(TarArchiveEntry e, int mode, int uid, int gid, long mtime) {
            e.setMode(mode);
            e.setUserId(uid);
            e.setGroupId(gid);
            e.setUserName(uid == 0 ? "root" : uid == NONROOT ? "nonroot" : "");
            e.setGroupName(gid == 0 ? "root" : gid == NONROOT ? "nonroot" : "");
            e.setModTime(mtime);
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }

    /** The base as {@code docker save} writes an image: what Jib reads from a {@code tar://} base. */
    static final class DockerArchive {
        static void write(Path archive, Path layer, List<Pin> pins) throws IOException {
            ObjectMapper json = new ObjectMapper();
            String diffId = "sha256:" + Download.sha256(layer);
            StringBuilder packages = new StringBuilder();
            for (Pin pin : pins) {
                packages.append(packages.length() == 0 ? "" : ", ").append(pin.name()).append(' ')
                        .append(pin.version());
            }
            ObjectNode config = json.createObjectNode();
            config.put("architecture", "amd64").put("os", "linux").put("created", "1970-01-01T00:00:00Z");
            config.putObject("config").putArray("Env")
                    .add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
            rootfs.putArray("diff_ids").add(diffId);
            config.putArray("history").addObject().put("created", "1970-01-01T00:00:00Z")
                    .put("created_by", "cli-image/src/build/java/DebianBase.java: Debian 12 " + packages)
                    .put("comment", "unpacked from deb.debian.org; /var/lib/dpkg lists exactly these packages");
            byte[] configBytes = json.writeValueAsBytes(config);
            ObjectNode manifest = json.createObjectNode();
            manifest.put("Config", "config.json");
            manifest.putArray("RepoTags").add("imagescan-debian-base:local");
            manifest.putArray("Layers").add("layer.tar");
            byte[] manifestBytes = json.writeValueAsBytes(json.createArrayNode().add(manifest));
            Path part = archive.resolveSibling(archive.getFileName() + ".part");
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(part))) {
                put(tar, "manifest.json", manifestBytes);
                put(tar, "config.json", configBytes);
                TarArchiveEntry e = new TarArchiveEntry("layer.tar");
                e.setSize(Files.size(layer));
                e.setModTime(EPOCH);
                tar.putArchiveEntry(e);
                Files.copy(layer, tar);
                tar.closeArchiveEntry();
            }
            Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        private static void put(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(bytes.length);
            e.setModTime(EPOCH);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
    }
}
