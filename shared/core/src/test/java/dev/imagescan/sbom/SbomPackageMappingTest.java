package dev.imagescan.sbom;

import static dev.imagescan.sbom.Fixtures.bom;
import static dev.imagescan.sbom.Fixtures.library;
import static dev.imagescan.sbom.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.SourcePackage;
import org.junit.jupiter.api.Test;

/** How single components map to packages, and what is left out with which warning. */
class SbomPackageMappingTest {
    private static final String DIFF_ID = "sha256:" + "ab".repeat(32);

    @Test
    void syftRpmTakesItsSourceFromTheSourceRpmInTheUpstreamQualifier() {
        Inventory inventory = read(bom(null, library("openssl-libs",
                "pkg:rpm/rocky/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rocky-9.3&epoch=1&upstream=openssl-3.0.7-24.el9.src.rpm",
                "syft:metadata:vendor=Rocky Enterprise Software Foundation")));

        Package p = inventory.packages().get(0);
        assertThat(p.version()).isEqualTo("1:3.0.7-24.el9");
        assertThat(p.source()).isEqualTo(new SourcePackage("openssl", "1:3.0.7-24.el9"));
        assertThat(p.rpm().vendor()).isEqualTo("Rocky Enterprise Software Foundation");
        assertThat(inventory.os()).isEqualTo(new OperatingSystem("rocky", "9.3", null, false, null));
    }

    @Test
    void rpmSourceFromSyftsSourceRpmPropertyAndEpochFromTheVersion() {
        Inventory inventory = read(bom(null, library("bash", "pkg:rpm/amzn/bash@0:4.2.46-34.amzn2?arch=x86_64&distro=amzn-2",
                "syft:metadata:sourceRpm=bash-4.2.46-34.amzn2.src.rpm")));

        Package p = inventory.packages().get(0);
        assertThat(p.version()).isEqualTo("0:4.2.46-34.amzn2");
        assertThat(p.rpm().epoch()).isZero();
        assertThat(p.source()).isEqualTo(new SourcePackage("bash", "0:4.2.46-34.amzn2"));
        assertThat(inventory.os().describe()).isEqualTo("amzn 2");
    }

    @Test
    void apkOriginFromTheUpstreamQualifierOrSyftsOriginProperty() {
        Inventory inventory = read(bom(null,
                library("busybox-binsh", "pkg:apk/alpine/busybox-binsh@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3&upstream=busybox")
                        + "," + library("ssl_client", "pkg:apk/alpine/ssl_client@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3",
                                "syft:metadata:originPackage=busybox")
                        + "," + library("musl", "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3")));

        assertThat(inventory.packages()).extracting(Package::source).containsExactly(
                new SourcePackage("busybox", "1.36.1-r29"), new SourcePackage("musl", "1.2.5-r0"),
                new SourcePackage("busybox", "1.36.1-r29"));
        assertThat(inventory.os().describe()).isEqualTo("alpine 3.20.3");
    }

    @Test
    void debEpochQualifierBecomesTheVersionPrefixAndTrivySourceFieldsAreJoined() {
        Inventory inventory = read(bom(null, library("bsdutils",
                "pkg:deb/debian/bsdutils@2.33.1-0.1?arch=amd64&distro=debian-10.2&epoch=1",
                "aquasecurity:trivy:SrcName=util-linux", "aquasecurity:trivy:SrcVersion=2.33.1",
                "aquasecurity:trivy:SrcRelease=0.1", "aquasecurity:trivy:LayerDiffID=" + DIFF_ID)));

        Package p = inventory.packages().get(0);
        assertThat(p.version()).isEqualTo("1:2.33.1-0.1");
        assertThat(p.source()).isEqualTo(new SourcePackage("util-linux", "2.33.1-0.1"));
        assertThat(p.layer()).isEqualTo(new LayerRef(-1, DIFF_ID));
        assertThat(p.rpm()).isNull();
    }

    @Test
    void debSourceFromSyftPropertiesWithoutAnUpstreamQualifier() {
        Inventory inventory = read(bom(null, library("libssl3", "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?arch=amd64&distro=ubuntu-22.04",
                "syft:metadata:source=openssl", "syft:location:0:layerID=" + DIFF_ID)));

        Package p = inventory.packages().get(0);
        assertThat(p.source()).isEqualTo(new SourcePackage("openssl", "3.0.2-0ubuntu1.15"));
        assertThat(p.layer()).isNull();
        assertThat(inventory.os().describe()).isEqualTo("ubuntu 22.04");
    }

    @Test
    void withoutAnySourceInformationAPackageIsItsOwnSource() {
        Inventory inventory = read(bom(null, library("tzdata", "pkg:deb/debian/tzdata@2024a-0+deb12u1?arch=all&distro=debian-12")));

        assertThat(inventory.packages().get(0).source()).isEqualTo(new SourcePackage("tzdata", "2024a-0+deb12u1"));
    }

    @Test
    void nestedComponentsAreReadAndOtherTypesAreCountedInOneWarning() {
        String app = "{\"type\": \"application\", \"name\": \"app\", \"components\": ["
                + library("express", "pkg:npm/express@4.21.2") + ","
                + library("lodash", "pkg:npm/lodash@4.17.21") + ","
                + "{\"type\": \"library\", \"name\": \"inner\", \"components\": ["
                + library("libc6", "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12&upstream=glibc") + "]}]}";
        Inventory inventory = read(bom(null, app + "," + library("guava", "pkg:maven/com.google.guava/guava@33.0.0-jre")
                + ", " + library("phoenix", "pkg:hex/phoenix@1.7.0") + ", " + library("co", "pkg:github/actions/co@v4")
                + ", " + library("plug", "pkg:hex/plug@1.15.0")
                + ", {\"type\": \"library\", \"name\": \"no-purl\", \"version\": \"1\"}"
                + ", {\"type\": \"file\", \"name\": \"/usr/bin/curl\"}"));

        assertThat(inventory.packages()).extracting(p -> p.type().purlType() + " " + p.name())
                .containsExactly("maven com.google.guava:guava", "npm express", "deb libc6", "npm lodash");
        assertThat(inventory.packages().get(2).source()).isEqualTo(new SourcePackage("glibc", "2.36-9"));
        assertThat(inventory.warnings()).containsExactly(
                "left out 3 components of a type not read (github 1, hex 2); deb, apk, rpm, maven, npm, pypi, golang,"
                        + " cargo, gem, nuget and composer packages are read",
                "left out 2 components without a package URL");
    }

    @Test
    void aBadComponentIsLeftOutWithAWarningNamingItAndTheRestIsRead() {
        Inventory inventory = read(bom(null, library("broken", "pkg:deb/debian/broken@1.0?arch=amd64&arch=i386")
                + "," + library("nover", "pkg:deb/debian/nover?arch=amd64")
                + "," + library("norelease", "pkg:rpm/redhat/norelease@1.0?arch=x86_64")
                + "," + library("badepoch", "pkg:rpm/redhat/badepoch@1.0-1?epoch=x")
                + "," + library("badlayer", "pkg:deb/debian/badlayer@1.0", "aquasecurity:trivy:LayerDiffID=sha256:zz")
                + "," + library("good", "pkg:deb/debian/good@1.0?arch=amd64")));

        assertThat(inventory.packages()).extracting(Package::name).containsExactly("badlayer", "good");
        assertThat(inventory.packages().get(0).layer()).isNull();
        assertThat(inventory.warnings()).hasSize(5);
        assertThat(inventory.warnings().get(0)).startsWith("component \"broken\" (/components/0): package URL")
                .contains("cannot be parsed");
        assertThat(inventory.warnings().get(1)).isEqualTo("component \"nover\" (/components/1): package URL pkg:deb/debian/nover?arch=amd64 has no version");
        assertThat(inventory.warnings().get(2)).contains("(/components/2)").contains("has no release");
        assertThat(inventory.warnings().get(3)).contains("(/components/3)").contains("epoch qualifier \"x\" is not a number");
        assertThat(inventory.warnings().get(4)).contains("(/components/4)").contains("is not a sha256/sha512 digest");
    }

    @Test
    void componentsNestedInTheMetadataComponentAreRead() {
        String subject = "{\"type\": \"container\", \"name\": \"img\", \"components\": ["
                + library("musl", "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3") + "]}";
        Inventory inventory = read(bom(subject, ""));

        assertThat(inventory.image().name()).isEqualTo("img");
        assertThat(inventory.packages()).extracting(Package::name).containsExactly("musl");
        assertThat(inventory.warnings()).isEmpty();
    }

    @Test
    void manyBadComponentsAreListedUpToALimitAndThenCounted() {
        StringBuilder components = new StringBuilder();
        for (int i = 0; i < BomInventory.MAX_LISTED_PROBLEMS + 5; i++) {
            components.append(i == 0 ? "" : ",").append(library("bad" + i, "pkg:deb/debian/bad" + i));
        }
        Inventory inventory = read(bom(null, components.toString()));

        assertThat(inventory.warnings()).hasSize(BomInventory.MAX_LISTED_PROBLEMS + 2)
                .contains("and 5 more components skipped for such problems",
                        "the BOM lists no packages (deb, apk, rpm or language package URLs)");
    }

    @Test
    void theOperatingSystemComponentWinsOverPurlsAndASecondOneIsAWarning() {
        String os = "{\"type\": \"operating-system\", \"name\": \"ubuntu\", \"version\": \"22.04\"}, "
                + "{\"type\": \"operating-system\", \"name\": \"alpine\", \"version\": \"3.19.1\"}";
        Inventory inventory = read(bom(null, os + "," + library("bash", "pkg:deb/ubuntu/bash@5.1-6ubuntu1?distro=ubuntu-20.04")));

        assertThat(inventory.os().describe()).isEqualTo("ubuntu 22.04");
        assertThat(inventory.warnings()).containsExactly("the BOM names several operating systems (ubuntu 22.04, alpine 3.19.1); used ubuntu 22.04");
    }

    @Test
    void anOperatingSystemWithoutVersionTakesItFromThePurlsOfTheSameFamily() {
        String os = "{\"type\": \"operating-system\", \"name\": \"debian\"}";
        Inventory inventory = read(bom(null, os + "," + library("bash", "pkg:deb/debian/bash@5.2.15-2?distro=bookworm")));

        assertThat(inventory.os().describe()).isEqualTo("debian 12");
    }

    @Test
    void withoutAnyDistroTheNamespaceGivesTheFamilyAndPurlsThatDisagreeAreAWarning() {
        assertThat(read(bom(null, library("bash", "pkg:deb/debian/bash@5.2.15-2"))).os())
                .isEqualTo(new OperatingSystem("debian", null, null, false, null));
        assertThat(read(bom(null, library("bash", "pkg:deb/bash@5.2.15-2"))).os()).isEqualTo(OperatingSystem.unknown());

        Inventory mixed = read(bom(null, library("a", "pkg:deb/debian/a@1?distro=debian-11") + ","
                + library("b", "pkg:deb/debian/b@1?distro=debian-12")));
        assertThat(mixed.os().describe()).isEqualTo("debian 11");
        assertThat(mixed.warnings()).containsExactly("the packages' URLs name several distributions (debian 11, debian 12); used debian 11");
    }

    @Test
    void theImageIsNamedByTheSbomWhenTheBomHasNoMetadataComponentAndFieldOrderDoesNotMatter() {
        Inventory inventory = read("{\"components\": [" + library("musl", "pkg:apk/alpine/musl@1.2.5-r0?distro=3.20.3")
                + "], \"specVersion\": \"1.4\", \"bomFormat\": \"CycloneDX\"}");

        assertThat(inventory.image().name()).isEqualTo("test.cdx.json");
        assertThat(inventory.image().format()).isEqualTo("cyclonedx");
        assertThat(inventory.image().configDigest()).isNull();
        assertThat(inventory.image().manifestDigest()).isNull();
        assertThat(inventory.image().layers()).isEmpty();
        assertThat(inventory.packages()).hasSize(1);
    }

    @Test
    void aMetadataDigestThatIsNotADigestIsIgnoredWithAWarning() {
        String subject = "{\"type\": \"container\", \"name\": \"x\", \"properties\": ["
                + "{\"name\": \"aquasecurity:trivy:ImageID\", \"value\": \"not-a-digest\"}]}";
        Inventory inventory = read(bom(subject, library("musl", "pkg:apk/alpine/musl@1.2.5-r0?distro=3.20.3")));

        assertThat(inventory.image().configDigest()).isNull();
        assertThat(inventory.warnings()).containsExactly("metadata component: image ID \"not-a-digest\" is not a digest; ignored");
    }
}
