package dev.imagescan.analyzer.app;

import static dev.imagescan.testing.LayerBuilder.layer;

import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * An image like a service's, built from real application packages (shared/testing's {@code apps/}, core's
 * {@code target/app-jars}): a Debian 12 base with Debian's {@code python3-urllib3} installed as dpkg installs it (its
 * files, its status stanza and its {@code .list}), a Java and Go layer ({@code app/lib/log4j-core-2.14.1.jar}, a war
 * nesting jackson-databind 2.9.10.8, the Go command {@code usr/local/bin/hello}), and a Node and Python layer
 * ({@code srv/web/node_modules} with lodash 4.17.15, minimist 1.2.0 and the malicious {@code lodahs}; a project
 * {@code opt/tool} with only a {@code package-lock.json}; urllib3 1.26.12 installed by pip in
 * {@code usr/local/lib/python3.11/dist-packages}).
 */
public final class AppImages {
    public static final String LOG4J = "app/lib/log4j-core-2.14.1.jar";
    public static final String WAR = "app/app.war";
    public static final String JACKSON_IN_WAR = WAR + "!/WEB-INF/lib/jackson-databind-2.9.10.8.jar";
    public static final String GO = "usr/local/bin/hello";
    public static final String NODE_APP = "srv/web";
    public static final String LOCK = "opt/tool/package-lock.json";
    public static final String PIP_METADATA =
            "usr/local/lib/python3.11/dist-packages/urllib3-1.26.12.dist-info/METADATA";
    public static final String DEBIAN_EGG_INFO = "usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO";
    static final String OS_RELEASE = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
            + "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";
    /** A v3 lockfile as npm 9 writes it: the project, one installed dependency, one development-only one. */
    static final String LOCKFILE = """
            {
              "name": "tool",
              "version": "1.0.0",
              "lockfileVersion": 3,
              "requires": true,
              "packages": {
                "": {"name": "tool", "version": "1.0.0", "dependencies": {"lodash": "^4.17.20"},
                     "devDependencies": {"minimist": "1.2.0"}},
                "node_modules/lodash": {"version": "4.17.20",
                  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz"},
                "node_modules/minimist": {"version": "1.2.0", "dev": true,
                  "resolved": "https://registry.npmjs.org/minimist/-/minimist-1.2.0.tgz"}
              }
            }
            """;

    private AppImages() {}

    /** The three-layer image. */
    public static ImageBuilder image() {
        return ImageBuilder.image()
                .layer(base(), "debian:12 with python3-urllib3")
                .layer(javaAndGo(), "COPY app/ and hello")
                .layer(nodeAndPython(), "npm ci; pip install urllib3==1.26.12");
    }

    /** Debian 12 with python3-urllib3 unpacked and recorded as dpkg does. */
    public static LayerBuilder base() {
        Deb deb = Deb.read(resource("/apps/python3-urllib3_1.26.12-1+deb12u4_all.deb"));
        LayerBuilder l = layer().file("etc/os-release", OS_RELEASE)
                .file("var/lib/dpkg/status", deb.control.strip().replaceFirst("\nVersion:",
                        "\nStatus: install ok installed\nVersion:") + "\n\n")
                .file("var/lib/dpkg/info/python3-urllib3.list", String.join("\n", deb.list) + "\n");
        deb.files.forEach(l::file);
        return l;
    }

    /** log4j-core as a jar, jackson-databind nested in a war, and the Go command. */
    public static LayerBuilder javaAndGo() {
        return layer().file(LOG4J, jar("log4j-core-2.14.1.jar"))
                .file(WAR, war())
                .file(GO, resource("/apps/go-hello/hello"), 0755);
    }

    /** node_modules from the npm tarballs, a lockfile-only project, and urllib3's metadata as pip installs it. */
    public static LayerBuilder nodeAndPython() {
        LayerBuilder l = layer();
        untgz(resource("/apps/lodash-4.17.15.tgz"), NODE_APP + "/node_modules/lodash/", l);
        untgz(resource("/apps/minimist-1.2.0.tgz"), NODE_APP + "/node_modules/minimist/", l);
        l.file(NODE_APP + "/node_modules/lodahs/package.json", "{\"name\": \"lodahs\", \"version\": \"1.0.0\"}\n");
        l.file(LOCK, LOCKFILE);
        Deb deb = Deb.read(resource("/apps/python3-urllib3_1.26.12-1+deb12u4_all.deb"));
        l.file(PIP_METADATA, deb.files.get(DEBIAN_EGG_INFO));
        return l;
    }

    /** A Java archive resolved by the build into target/app-jars. */
    public static byte[] jar(String name) {
        try {
            return Files.readAllBytes(appJars().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the build put the Java archives: core's target/app-jars, from core or from another module. */
    static Path appJars() {
        for (Path p : List.of(Path.of("target/app-jars"), Path.of("../shared/core/target/app-jars"),
                Path.of("../core/target/app-jars"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("target/app-jars is missing: run the build's generate-test-resources");
    }

    /** A web archive holding jackson-databind in WEB-INF/lib, as Maven's war plugin lays it out. */
    public static byte[] war() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write("<web-app/>\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("WEB-INF/lib/jackson-databind-2.9.10.8.jar"));
            zip.write(jar("jackson-databind-2.9.10.8.jar"));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The SHA-1 of {@code bytes}, in hex. */
    public static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A resource of shared/testing. */
    public static byte[] resource(String name) {
        try (InputStream in = AppImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void untgz(byte[] tgz, String into, LayerBuilder l) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(tgz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile() && e.getName().startsWith("package/")) {
                    l.file(into + e.getName().substring("package/".length()), tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Debian package: its control stanza, its regular files, and the file list dpkg records for it. */
    record Deb(String control, Map<String, byte[]> files, List<String> list) {
        static Deb read(byte[] deb) {
            String control = null;
            Map<String, byte[]> files = new LinkedHashMap<>();
            List<String> list = new ArrayList<>();
            try (ArArchiveInputStream ar = new ArArchiveInputStream(new ByteArrayInputStream(deb))) {
                ArArchiveEntry e;
                while ((e = ar.getNextEntry()) != null) {
                    byte[] member = ar.readAllBytes();
                    if (e.getName().startsWith("control.tar")) {
                        control = new String(untar(member).get("control"), StandardCharsets.UTF_8);
                    } else if (e.getName().startsWith("data.tar")) {
                        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                                new XZCompressorInputStream(new ByteArrayInputStream(member)))) {
                            TarArchiveEntry t;
                            while ((t = tar.getNextEntry()) != null) {
                                String path = t.getName().replaceFirst("^\\./?", "").replaceFirst("/$", "");
                                list.add(path.isEmpty() ? "/." : "/" + path);
                                if (t.isFile()) {
                                    files.put(path, tar.readAllBytes());
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Deb(control, files, list);
        }

        private static Map<String, byte[]> untar(byte[] xz) throws IOException {
            Map<String, byte[]> out = new LinkedHashMap<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZCompressorInputStream(new ByteArrayInputStream(xz)))) {
                TarArchiveEntry t;
                while ((t = tar.getNextEntry()) != null) {
                    if (t.isFile()) {
                        out.put(t.getName().replaceFirst("^\\./", ""), tar.readAllBytes());
                    }
                }
            }
            return out;
        }
    }
}
