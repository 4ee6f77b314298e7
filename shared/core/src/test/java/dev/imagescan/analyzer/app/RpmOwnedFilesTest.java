package dev.imagescan.analyzer.app;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.ImageBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS-owned rule on an rpm distribution: Mariner 2's real rpm database (shared/testing {@code rpmdb/}) lists
 * {@code /usr/bin/rpm}, so a program at that path is the OS package's, not an application's, whatever it holds; the
 * same program elsewhere is an application. (The test puts the cargo-auditable binary of {@code apps/rust-untar} at
 * both places: no fixture rpm database installs Python metadata or a Go or Rust program.)
 */
class RpmOwnedFilesTest {

    @Test
    void aFileTheRpmDatabaseListsIsTheOsPackages(@TempDir Path dir) throws IOException {
        byte[] untar = AppImages.resource("/apps/rust-untar/untar");
        Path image = ImageBuilder.image()
                .layer(layer().file("etc/os-release", "NAME=\"Common Base Linux Mariner\"\nVERSION=\"2.0\"\n"
                                + "ID=mariner\nVERSION_ID=\"2.0\"\n")
                        .file("var/lib/rpm/rpmdb.sqlite",
                                Files.readAllBytes(Corpus.resource("rpmdb/sqlite-mariner2/rpmdb.sqlite"))), "base")
                .layer(layer().file("usr/bin/rpm", untar, 0755).file("usr/local/bin/untar", untar, 0755), "apps")
                .writeOciArchive(dir.resolve("mariner.tar"));
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(image);
        assertThat(inventory.packages()).filteredOn(p -> !p.type().isOs())
                .extracting(p -> p.name() + " " + p.app().path()).containsExactlyInAnyOrder(
                        "filetime usr/local/bin/untar", "libc usr/local/bin/untar", "tar usr/local/bin/untar",
                        "xattr usr/local/bin/untar");
        assertThat(inventory.packages()).filteredOn(p -> p.type().isOs()).hasSize(129);
    }
}
