package dev.imagescan.analyzer.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.app.AppFiles;
import dev.imagescan.analyzer.app.AppImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** The Java archive reader on real jars from Maven Central and on archives built here. */
class JavaArchiveReducerTest {
    private final JavaArchiveReducer reducer = new JavaArchiveReducer();

    private ArchiveSummary reduce(String path, byte[] archive) throws IOException {
        return ArchiveSummary.decode(reducer.reduce(path, new ByteArrayInputStream(archive), archive.length));
    }

    @Test
    void aRealJarGivesItsPomPropertiesAndSha1() throws IOException {
        byte[] jar = AppImages.jar("log4j-core-2.14.1.jar");
        ArchiveSummary s = reduce("a.jar", jar);
        assertThat(s.artifacts).containsExactly(new ArchiveSummary.Artifact("a.jar", "org.apache.logging.log4j",
                "log4j-core", "2.14.1", true, "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties"));
        assertThat(s.archives).containsExactly(new ArchiveSummary.Archive("a.jar", AppImages.sha1(jar),
                AppFiles.sha256(jar)));
        assertThat(AppFiles.sha256(jar)).hasSize(64); // as sha256sum prints it, checked in the scan test
        assertThat(s.problems).isEmpty();
    }

    @Test
    void aShadedJarListsEveryEmbeddedArtifactAndNestedJarsToo() throws IOException {
        byte[] shaded = zip(
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nImplementation-Title: svc\r\n\r\n",
                "META-INF/maven/com.example/svc/pom.properties", "groupId=com.example\nartifactId=svc\nversion=1.0\n",
                "META-INF/maven/org.yaml/snakeyaml/pom.properties", "groupId=org.yaml\nartifactId=snakeyaml\n"
                        + "version=1.33\n");
        byte[] outer = zip("BOOT-INF/lib/svc.jar", shaded, "BOOT-INF/lib/log4j-core-2.14.1.jar",
                AppImages.jar("log4j-core-2.14.1.jar"));
        ArchiveSummary s = reduce("app.jar", outer);
        assertThat(s.artifacts).extracting(a -> a.archive() + " " + a.groupId() + ":" + a.artifactId() + "@"
                + a.version()).containsExactly(
                        "app.jar!/BOOT-INF/lib/svc.jar com.example:svc@1.0",
                        "app.jar!/BOOT-INF/lib/svc.jar org.yaml:snakeyaml@1.33",
                        "app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar org.apache.logging.log4j:log4j-core@2.14.1");
        assertThat(s.archives).extracting(ArchiveSummary.Archive::path).containsExactly(
                "app.jar!/BOOT-INF/lib/svc.jar", "app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar", "app.jar");
        assertThat(s.archives.get(1).sha1()).isEqualTo(AppImages.sha1(AppImages.jar("log4j-core-2.14.1.jar")));
        assertThat(s.archives.get(2).sha1()).isEqualTo(AppImages.sha1(outer));
        // the nested archive's SHA-256 is of its inflated bytes, as a copy extracted from the outer one would be
        assertThat(s.archives.get(1).sha256()).isEqualTo(AppFiles.sha256(AppImages.jar("log4j-core-2.14.1.jar")));
        assertThat(s.archives.get(2).sha256()).isEqualTo(AppFiles.sha256(outer));
    }

    @Test
    void withoutPomPropertiesTheManifestSpeaksWithLessConfidence() throws IOException {
        byte[] jar = zip("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nImplementation-Title: commons-text\r\n"
                + "Implementation-Version: 1.9\r\nImplementation-Vendor-Id: org.apache.commons\r\n\r\n");
        assertThat(reduce("x.jar", jar).artifacts).containsExactly(new ArchiveSummary.Artifact("x.jar",
                "org.apache.commons", "commons-text", "1.9", false, "META-INF/MANIFEST.MF"));
        byte[] osgi = zip("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nBundle-SymbolicName: org.foo.bar;"
                + "singleton:=true\r\nBundle-Version: 2.0.1\r\n\r\n");
        assertThat(reduce("o.jar", osgi).artifacts).containsExactly(new ArchiveSummary.Artifact("o.jar", "",
                "org.foo.bar", "2.0.1", false, "META-INF/MANIFEST.MF"));
    }

    @Test
    void nestingIsBoundedAndGarbageIsAProblemNotAFailure() throws IOException {
        byte[] inner = zip("META-INF/maven/g/a/pom.properties", "groupId=g\nartifactId=a\nversion=1\n");
        byte[] nested = inner;
        for (int i = 0; i < JavaArchiveReducer.MAX_DEPTH + 1; i++) {
            nested = zip("lib/n" + i + ".jar", nested);
        }
        ArchiveSummary deep = reduce("deep.jar", nested);
        assertThat(deep.artifacts).isEmpty();
        assertThat(deep.problems).singleElement().asString().contains("nested deeper than 3 archives");

        byte[] garbage = ("PK\u0003\u0004" + "this is no zip at all ".repeat(10)).getBytes(StandardCharsets.ISO_8859_1);
        ArchiveSummary bad = reduce("bad.jar", garbage);
        assertThat(bad.artifacts).isEmpty();
        assertThat(bad.problems).singleElement().asString().startsWith("/bad.jar: not a readable Java archive");
        assertThat(reduce("empty.jar", "not a zip".getBytes(StandardCharsets.UTF_8)).problems)
                .containsExactly("/empty.jar: not a readable Java archive (no entries)");
        assertThat(bad.archives).singleElement().extracting(ArchiveSummary.Archive::sha1)
                .isEqualTo(AppImages.sha1(garbage));
    }

    /** A zip of (name, content) pairs; content is a String or a byte[]. */
    static byte[] zip(Object... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                Object c = entries[i + 1];
                zip.write(c instanceof byte[] b ? b : ((String) c).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
