package dev.imagescan.scan;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.analyzer.AnalyzerException;
import dev.imagescan.analyzer.rpm.RpmFixtures;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.Package;
import dev.imagescan.testing.Compression;
import dev.imagescan.testing.ImageBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images holding real rpm databases in each format: OS, packages, purls and introducing layers. */
class RpmImageTest {
    static final String RHEL8 = "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"8.8 (Ootpa)\"\nID=\"rhel\"\nVERSION_ID=\"8.8\"\n";
    static final String MARINER = "NAME=\"Common Base Linux Mariner\"\nVERSION=\"2.0.20230126\"\nID=mariner\nVERSION_ID=\"2.0\"\n";
    static final String SLES = "NAME=\"SLES\"\nVERSION=\"15-SP3\"\nVERSION_ID=\"15.3\"\nID=\"sles\"\n";

    @TempDir
    Path dir;

    @Test
    void rhel8BerkeleyDbImage() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", RHEL8)
                        .file("etc/redhat-release", "Red Hat Enterprise Linux release 8.8 (Ootpa)\n")
                        .file("var/lib/rpm/Packages", db("bdb-libuuid/Packages"))
                        .compression(Compression.GZIP)));

        assertThat(inventory.os().describe()).isEqualTo("rhel 8.8");
        Package libuuid = inventory.packages().get(0);
        assertThat(inventory.packages()).hasSize(1);
        assertThat(libuuid.purl()).isEqualTo("pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64&distro=rhel-8.8");
        assertThat(libuuid.version()).isEqualTo("2.32.1-42.el8_8");
        assertThat(libuuid.source().name()).isEqualTo("util-linux");
        assertThat(libuuid.source().version()).isEqualTo("2.32.1-42.el8_8");
        assertThat(libuuid.rpm().vendor()).isEqualTo("Red Hat, Inc.");
        assertThat(libuuid.rpm().epoch()).isNull();
        assertThat(libuuid.layer().index()).isZero();
    }

    @Test
    void marinerSqliteBehindTheSysimageSymlinkGivesEveryPackageWithEpochs() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", MARINER)
                        .symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm")
                        .file("usr/lib/sysimage/rpm/rpmdb.sqlite", db("sqlite-mariner2/rpmdb.sqlite"))));

        assertThat(rows(inventory)).containsExactlyInAnyOrderElementsOf(expected("sqlite-mariner2"));
        Package ca = inventory.packages().stream().filter(p -> p.name().equals("ca-certificates-shared")).findFirst().orElseThrow();
        assertThat(ca.version()).isEqualTo("1:2.0.0-1.cm2");
        assertThat(ca.source().version()).isEqualTo("1:2.0.0-1.cm2");
        assertThat(ca.purl()).isEqualTo("pkg:rpm/mariner/ca-certificates-shared@2.0.0-1.cm2?arch=noarch&distro=mariner-2.0&epoch=1");
    }

    @Test
    void sameHeadersInAnotherFormatInALaterLayerKeepTheirIntroducingLayer() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", MARINER)
                        .file("var/lib/rpm/rpmdb.sqlite", db("sqlite-mariner2/rpmdb.sqlite")))
                .layer(layer().whiteout("var/lib/rpm/rpmdb.sqlite")
                        .file("var/lib/rpm/Packages", db("bdb-mariner2-le-4096/Packages"))));

        assertThat(inventory.packages()).hasSize(129).allSatisfy(p -> assertThat(p.layer().index()).isZero());
    }

    @Test
    void packagesAddedInAnUpperLayerBelongToIt() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", MARINER).file("var/lib/rpm/Packages", db("generated/bdb-be-512/Packages")))
                .layer(layer().file("var/lib/rpm/Packages", db("generated/bdb-le-512/Packages"))));

        List<String> lower = names(expected("generated/bdb-be-512"));
        List<String> upper = names(expected("generated/bdb-le-512"));
        for (Package p : inventory.packages()) {
            assertThat(p.layer().index()).as(p.name()).isEqualTo(lower.contains(p.name()) ? 0 : 1);
        }
        assertThat(inventory.packages()).extracting(Package::name).containsExactlyInAnyOrderElementsOf(upper);
    }

    @Test
    void suseNdbDatabaseWithoutTheGpgPubkeyPseudoPackages() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("usr/lib/os-release", SLES).symlink("etc/os-release", "../usr/lib/os-release")
                        .symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm")
                        .file("usr/lib/sysimage/rpm/Packages.db", db("ndb-sle15-bci/Packages.db"))));

        List<String> expected = expected("ndb-sle15-bci").stream().filter(r -> !r.startsWith("gpg-pubkey\t")).toList();
        assertThat(rows(inventory)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(inventory.packages()).allSatisfy(p -> assertThat(p.purl()).startsWith("pkg:rpm/suse/").contains("distro=sles-15.3"));
    }

    @Test
    void brokenDatabaseInTheFinalImageFailsTheScanNamingTheFile() throws IOException {
        byte[] broken = db("bdb-mariner2-le-4096/Packages");
        java.util.Arrays.fill(broken, 4096, 3 * 4096, (byte) 0x5a);
        ImageBuilder image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", MARINER).file("var/lib/rpm/Packages", broken));

        assertThatThrownBy(() -> scan(image))
                .isInstanceOf(AnalyzerException.class)
                .hasMessageStartingWith("/var/lib/rpm/Packages: ")
                .hasMessageNotContaining("captured");
    }

    @Test
    void brokenDatabaseReplacedByALaterLayerIsFine() throws IOException {
        Inventory inventory = scan(ImageBuilder.image()
                .layer(layer().file("etc/os-release", RHEL8).file("var/lib/rpm/Packages", "not a database at all".repeat(100)))
                .layer(layer().file("var/lib/rpm/Packages", db("bdb-libuuid/Packages"))));

        assertThat(inventory.packages()).extracting(Package::name).containsExactly("libuuid");
        assertThat(inventory.packages().get(0).layer().index()).isEqualTo(1);
    }

    private Inventory scan(ImageBuilder image) throws IOException {
        return new ImageScanner(ScanOptions.defaults()).scan(image.writeOciArchive(dir.resolve("rpm-" + System.nanoTime() + ".tar")));
    }

    private static byte[] db(String relative) throws IOException {
        return Files.readAllBytes(RpmFixtures.resource(relative));
    }

    /** expected.tsv rows as name, epoch, version, release, arch, sourcerpm, modularitylabel, vendor. */
    private static List<String> expected(String fixture) {
        return RpmFixtures.expectedRows(fixture);
    }

    private static List<String> names(List<String> rows) {
        return rows.stream().map(r -> r.substring(0, r.indexOf('\t'))).toList();
    }

    private static List<String> rows(Inventory inventory) {
        return inventory.packages().stream().map(p -> String.join("\t", p.name(),
                p.rpm().epoch() == null ? "" : p.rpm().epoch().toString(), p.rpm().version(), p.rpm().release(),
                Objects.toString(p.arch(), ""), sourceRpm(p), Objects.toString(p.rpm().modularityLabel(), ""),
                Objects.toString(p.rpm().vendor(), ""))).toList();
    }

    private static String sourceRpm(Package p) {
        String version = p.source().version();
        int colon = version.indexOf(':');
        return p.source().name() + "-" + (colon >= 0 ? version.substring(colon + 1) : version) + ".src.rpm";
    }
}
