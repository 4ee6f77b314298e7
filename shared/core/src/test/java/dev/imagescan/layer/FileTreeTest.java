package dev.imagescan.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.image.Digest;
import dev.imagescan.image.LayerDescriptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Overlay rules applied to kept entries: whiteouts, opaque directories, links across layers. */
class FileTreeTest {

    @Test
    void upperLayerFileReplacesLowerOne() {
        FileTree tree = stack(layer(0).file("var/lib/dpkg/status", "old"), layer(1).file("var/lib/dpkg/status", "new"));

        assertThat(text(tree, "var/lib/dpkg/status")).isEqualTo("new");
        assertThat(tree.locate("var/lib/dpkg/status").orElseThrow().node().layer()).isEqualTo(1);
    }

    @Test
    void whiteoutDeletesTheFileAndEverythingBelowAPath() {
        FileTree tree = stack(
                layer(0).file("var/lib/dpkg/status", "x").file("var/lib/dpkg/status.d/a", "a"),
                layer(1).whiteout("var/lib/dpkg"));

        assertThat(tree.file("var/lib/dpkg/status")).isEmpty();
        assertThat(tree.list("var/lib/dpkg/status.d")).isEmpty();
    }

    @Test
    void opaqueDirectoryHidesLowerContentButKeepsItsOwn() {
        FileTree tree = stack(
                layer(0).file("var/lib/dpkg/status.d/a", "a").file("var/lib/dpkg/status.d/b", "b"),
                layer(1).opaque("var/lib/dpkg/status.d").file("var/lib/dpkg/status.d/c", "c"));

        assertThat(tree.list("var/lib/dpkg/status.d")).containsExactly("c");
    }

    @Test
    void whiteoutThenRecreateInALaterLayer() {
        FileTree tree = stack(
                layer(0).file("lib/apk/db/installed", "1"),
                layer(1).whiteout("lib/apk/db/installed"),
                layer(2).file("lib/apk/db/installed", "3"));

        assertThat(text(tree, "lib/apk/db/installed")).isEqualTo("3");
    }

    @Test
    void symlinkInUpperLayerPointsToFileOfLowerLayer() {
        FileTree tree = stack(
                layer(0).file("usr/lib/os-release", "ID=debian"),
                layer(1).symlink("etc/os-release", "../usr/lib/os-release"));

        assertThat(text(tree, "etc/os-release")).isEqualTo("ID=debian");
        assertThat(tree.locate("etc/os-release").orElseThrow().realPath()).isEqualTo("usr/lib/os-release");
    }

    @Test
    void symlinkedDirectoryOnTheWayIsFollowed() {
        FileTree tree = stack(
                layer(0).symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm"),
                layer(1).file("usr/lib/sysimage/rpm/rpmdb.sqlite", "db"));

        assertThat(text(tree, "var/lib/rpm/rpmdb.sqlite")).isEqualTo("db");
    }

    @Test
    void absoluteSymlinkAndDotDotAboveRootStayInside() {
        FileTree tree = stack(layer(0)
                .file("usr/lib/os-release", "x")
                .symlink("etc/os-release", "/usr/lib/os-release")
                .symlink("etc/lsb-release", "../../../../usr/lib/os-release"));

        assertThat(text(tree, "etc/os-release")).isEqualTo("x");
        assertThat(text(tree, "etc/lsb-release")).isEqualTo("x");
    }

    @Test
    void symlinkLoopIsAbsentAndReported() {
        FileTree tree = stack(layer(0).symlink("etc/os-release", "os-release2").symlink("etc/os-release2", "os-release"));

        assertThat(tree.file("etc/os-release")).isEmpty();
        assertThat(tree.problems()).singleElement().asString().contains("/etc/os-release").contains("loop");
    }

    @Test
    void hardlinkToFileOfSameLayerAndOfLowerLayer() {
        LayerBuilder top = layer(1).hardlink("etc/os-release", "usr/lib/os-release");
        FileTree tree = stack(layer(0).file("usr/lib/os-release", "lower"), top);

        assertThat(text(tree, "etc/os-release")).isEqualTo("lower");
    }

    @Test
    void danglingHardlinkIsReported() {
        FileTree tree = stack(layer(0).hardlink("etc/os-release", "nowhere"));

        assertThat(tree.file("etc/os-release")).isEmpty();
        assertThat(tree.problems()).singleElement().asString().contains("hard link");
    }

    @Test
    void fileReplacingADirectoryHidesItsContents() {
        FileTree tree = stack(
                layer(0).file("var/lib/dpkg/status.d/a", "a"),
                layer(1).other("var/lib/dpkg/status.d"));

        assertThat(tree.list("var/lib/dpkg/status.d")).isEmpty();
        assertThat(tree.file("var/lib/dpkg/status.d/a")).isEmpty();
    }

    @Test
    void directoryReplacingASymlinkStopsFollowingIt() {
        FileTree tree = stack(
                layer(0).symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm").file("usr/lib/sysimage/rpm/Packages", "x"),
                layer(1).directory("var/lib/rpm"));

        assertThat(tree.file("var/lib/rpm/Packages")).isEmpty();
    }

    @Test
    void pathThroughARegularFileDoesNotExist() {
        FileTree tree = stack(layer(0).other("etc").file("etc/os-release", "x"));

        assertThat(tree.file("etc/os-release")).isEmpty();
    }

    private static String text(FileTree tree, String path) {
        return new String(tree.file(path).orElseThrow().bytes(), StandardCharsets.UTF_8);
    }

    private static FileTree stack(LayerBuilder... layers) {
        FileTree tree = FileTree.empty();
        for (LayerBuilder l : layers) {
            tree = tree.apply(l.contents);
        }
        return tree;
    }

    static LayerBuilder layer(int index) {
        return new LayerBuilder(index);
    }

    /** Builds LayerContents directly, as the tar walker would fill it. */
    static final class LayerBuilder {
        final LayerContents contents;

        LayerBuilder(int index) {
            contents = new LayerContents(new LayerDescriptor(index, "layer" + index, null, null, -1, diffId(index)));
        }

        LayerBuilder file(String path, String content) {
            contents.put(path, new LayerEntry.File(CapturedFile.ofBytes(content.getBytes(StandardCharsets.UTF_8))));
            return this;
        }

        LayerBuilder symlink(String path, String target) {
            contents.put(path, new LayerEntry.Symlink(target, LayerPath.resolveLink(path, target)));
            return this;
        }

        LayerBuilder hardlink(String path, String target) {
            contents.put(path, new LayerEntry.Hardlink(target));
            return this;
        }

        LayerBuilder directory(String path) {
            contents.put(path, new LayerEntry.Directory());
            return this;
        }

        LayerBuilder other(String path) {
            contents.put(path, new LayerEntry.Other());
            return this;
        }

        LayerBuilder whiteout(String path) {
            contents.whiteout(path);
            return this;
        }

        LayerBuilder opaque(String dir) {
            contents.opaque(dir);
            return this;
        }

        private static Digest diffId(int index) {
            try {
                return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(new byte[] {(byte) index}));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void layerPathNormalisesAndRefusesEscapes() {
        assertThat(LayerPath.normalize("./etc//os-release")).isEqualTo("etc/os-release");
        assertThat(LayerPath.normalize("/etc/../usr/lib/./os-release")).isEqualTo("usr/lib/os-release");
        assertThat(LayerPath.memberPath("/etc/passwd")).isEqualTo("etc/passwd");
        assertThat(LayerPath.memberPath("a/../../etc/passwd")).isNull();
        assertThat(LayerPath.memberPath("../etc/passwd")).isNull();
        assertThat(LayerPath.memberPath("a/b/../c")).isEqualTo("a/c");
        assertThat(LayerPath.resolveLink("etc/os-release", "../usr/lib/os-release")).isEqualTo("usr/lib/os-release");
        assertThat(List.of(LayerPath.parent("a"), LayerPath.parent("a/b"))).containsExactly("", "a");
    }
}
