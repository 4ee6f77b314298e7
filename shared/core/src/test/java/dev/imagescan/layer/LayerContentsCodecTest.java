package dev.imagescan.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.common.ScratchSpace;
import dev.imagescan.image.Digest;
import dev.imagescan.image.LayerDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer's contents written as a cache entry and read back are the same contents; a damaged entry is refused. */
class LayerContentsCodecTest {
    static final String KEY = "0123456789abcdef";
    static final Predicate<String> STANZAS = name -> !name.endsWith(".md5sums");
    static final FileRequest STATUS_D = FileRequest.filesIn("var/lib/dpkg/status.d", STANZAS, 1 << 20);
    static final List<FileRequest> REQUESTS = List.of(FileRequest.file("etc/os-release", 4096), STATUS_D);
    static final long IN_MEMORY = 1024;

    @TempDir
    Path dir;
    ScratchSpace scratch;
    LayerContentsCodec codec;

    @BeforeEach
    void setUp() {
        scratch = new ScratchSpace(dir.resolve("scratch"));
        codec = new LayerContentsCodec(REQUESTS, scratch, IN_MEMORY);
    }

    @AfterEach
    void tearDown() {
        scratch.close();
    }

    @Test
    void everyKindOfEntryComesBackExactlyAndInOrder() throws IOException {
        LayerContents original = sample(layer(3, "aa"));

        LayerContents decoded = codec.read(new ByteArrayInputStream(encode(original)), layer(5, "aa"), KEY);

        assertThat(decoded.layer()).isEqualTo(layer(5, "aa"));
        assertThat(decoded.entries().keySet()).containsExactlyElementsOf(original.entries().keySet());
        for (Map.Entry<String, LayerEntry> e : original.entries().entrySet()) {
            LayerEntry back = decoded.entries().get(e.getKey());
            if (e.getValue() instanceof LayerEntry.File file) {
                assertThat(back).isInstanceOf(LayerEntry.File.class);
                assertThat(((LayerEntry.File) back).content().bytes()).isEqualTo(file.content().bytes());
            } else {
                assertThat(back).isEqualTo(e.getValue());
            }
        }
        assertThat(decoded.entries().get("var/backups/status")).isSameAs(decoded.entries().get("var/lib/dpkg/status"));
        assertThat(decoded.whiteouts()).containsExactlyElementsOf(original.whiteouts());
        assertThat(decoded.opaqueDirs()).containsExactlyElementsOf(original.opaqueDirs());
        assertThat(decoded.learnt()).hasSize(2);
        assertThat(decoded.learnt().get(0)).isEqualTo(new WantedPaths.Learnt(FileRequest.file("opt/release", 4096), 5));
        FileRequest movedDir = decoded.learnt().get(1).request();
        assertThat(movedDir.path()).isEqualTo("opt/dpkg/status.d");
        assertThat(movedDir.names()).isSameAs(STANZAS);
        assertThat(movedDir.maxBytes()).isEqualTo(1 << 20);
        assertThat(decoded.learnt().get(1).layer()).isEqualTo(5);
        assertThat(decoded.members().hashes()).isEqualTo(original.members().hashes());
        assertThat(decoded.members().mayContain("usr/share/doc/member-77")).isTrue();
        assertThat(decoded.members().mayContain("usr/share/doc/member-77000")).isFalse();
        assertThat(decoded.blobBytesRead()).isZero();
    }

    @Test
    void largeFilesAreStreamedToTheScratchSpaceAndBack() throws IOException {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 11));
        }
        Path spooled = scratch.newFile("captured");
        Files.write(spooled, big);
        LayerContents original = new LayerContents(layer(0, "bb"));
        original.put("var/lib/rpm/rpmdb.sqlite", new LayerEntry.File(CapturedFile.ofSpooled(spooled, big.length)));

        LayerContents decoded = codec.read(new ByteArrayInputStream(encode(original)), layer(0, "bb"), KEY);

        CapturedFile back = ((LayerEntry.File) decoded.entries().get("var/lib/rpm/rpmdb.sqlite")).content();
        assertThat(back.size()).isEqualTo(big.length);
        assertThat(back.file(scratch)).isNotEqualTo(spooled).hasBinaryContent(big);
    }

    @Test
    void theSameContentsGiveTheSameBytes() throws IOException {
        assertThat(encode(sample(layer(0, "aa")))).isEqualTo(encode(sample(layer(7, "aa"))));
    }

    @Test
    void everyDamagedByteIsDetected() throws IOException {
        byte[] entry = encode(sample(layer(0, "aa")));
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < entry.length; i++) {
            for (int flip : new int[] {0x01, 0x80, 0xff}) {
                byte[] damaged = entry.clone();
                damaged[i] ^= (byte) flip;
                if (!refused(damaged)) {
                    accepted.add("byte " + i + " xor " + Integer.toHexString(flip));
                }
            }
        }
        assertThat(entry.length).isGreaterThan(1000);
        assertThat(accepted).isEmpty();
    }

    @Test
    void everyTruncationIsDetectedAndSoAreBytesAfterTheEnd() throws IOException {
        byte[] entry = encode(sample(layer(0, "aa")));
        List<Integer> accepted = new ArrayList<>();
        for (int length = 0; length < entry.length; length++) {
            if (!refused(Arrays.copyOf(entry, length))) {
                accepted.add(length);
            }
        }
        assertThat(accepted).isEmpty();
        byte[] longer = Arrays.copyOf(entry, entry.length + 1);
        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(longer), layer(0, "aa"), KEY))
                .isInstanceOf(CacheEntryException.class).hasMessage("bytes after the checksum");
    }

    @Test
    void anotherVersionLayerOrKeyIsRefusedWithAMessageSayingSo() throws IOException {
        byte[] entry = encode(sample(layer(0, "aa")));
        byte[] version2 = entry.clone();
        version2[5] = 2;

        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(version2), layer(0, "aa"), KEY))
                .isInstanceOf(CacheEntryException.class).hasMessage("format version 2, this scanner reads 1");
        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(entry), layer(0, "cc"), KEY))
                .isInstanceOf(CacheEntryException.class)
                .hasMessage("entry of layer " + layer(0, "aa").diffId() + ", not " + layer(0, "cc").diffId());
        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(entry), layer(0, "aa"), "fedcba9876543210"))
                .isInstanceOf(CacheEntryException.class)
                .hasMessage("entry for analyzer key " + KEY + ", not fedcba9876543210");
        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream("not an entry".getBytes(StandardCharsets.UTF_8)),
                layer(0, "aa"), KEY))
                .isInstanceOf(CacheEntryException.class).hasMessage("not a layer cache entry (no ISLC magic)");
    }

    @Test
    void aDamagedEntryLeavesNoSpooledFileBehind() throws IOException {
        Path spooled = scratch.newFile("captured");
        Files.write(spooled, new byte[64 * 1024]);
        LayerContents original = new LayerContents(layer(0, "bb"));
        original.put("var/lib/rpm/Packages", new LayerEntry.File(CapturedFile.ofSpooled(spooled, 64 * 1024)));
        byte[] entry = encode(original);
        entry[entry.length - 1] ^= 1;
        Files.delete(spooled);

        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(entry), layer(0, "bb"), KEY))
                .isInstanceOf(CacheEntryException.class).hasMessageStartingWith("checksum mismatch");
        try (Stream<Path> files = Files.walk(dir.resolve("scratch"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void contentsThatCannotBeWrittenExactlyAreRefused() {
        LayerContents lonelySurrogate = new LayerContents(layer(0, "aa"));
        lonelySurrogate.put("etc/\ud800", new LayerEntry.Other());
        LayerContents unknownFilter = new LayerContents(layer(0, "aa"));
        unknownFilter.learnt(List.of(new WantedPaths.Learnt(FileRequest.filesIn("opt/x", name -> true, 10), 0)));

        assertThatThrownBy(() -> encode(lonelySurrogate)).isInstanceOf(CacheEntryException.class)
                .hasMessage("a path is not valid Unicode and cannot be written exactly");
        assertThatThrownBy(() -> encode(unknownFilter)).isInstanceOf(CacheEntryException.class)
                .hasMessage("learnt request for /opt/x filters names as no request of the scan does");
    }

    /** Whether reading {@code entry} fails as a bad entry should (any other outcome is a bug). */
    private boolean refused(byte[] entry) {
        try {
            codec.read(new ByteArrayInputStream(entry), layer(0, "aa"), KEY);
            return false;
        } catch (CacheEntryException e) {
            return true;
        }
    }

    private byte[] encode(LayerContents contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(contents, KEY, out);
        return out.toByteArray();
    }

    /** Contents with every kind of entry, a file kept at two paths (a hard link), deletions, learnt requests. */
    static LayerContents sample(LayerDescriptor layer) {
        LayerContents c = new LayerContents(layer);
        c.put("etc", new LayerEntry.Directory());
        c.put("etc/os-release", new LayerEntry.File(CapturedFile.ofBytes("ID=debian\n".getBytes(StandardCharsets.UTF_8))));
        LayerEntry.File status = new LayerEntry.File(CapturedFile.ofBytes("Package: bash\n".getBytes(StandardCharsets.UTF_8)));
        c.put("var/lib/dpkg/status", status);
        c.put("var/backups/status", status);
        c.put("var/lib/dpkg/status.d/empty", new LayerEntry.File(CapturedFile.ofBytes(new byte[0])));
        c.put("lib", new LayerEntry.Symlink("usr/lib", "usr/lib"));
        c.put("etc/alternatives/rel", new LayerEntry.Symlink("/opt/release", "opt/release"));
        c.put("var/lib/apk/db/installed", new LayerEntry.Hardlink("opt/db"));
        c.put("var/lib/rpm", new LayerEntry.Other());
        c.put("chemins/é/日本", new LayerEntry.Directory());
        c.whiteout("var/cache/apt");
        c.whiteout("usr/share/doc");
        c.opaque("var/lib/dpkg/status.d");
        c.opaque("");
        c.learnt(List.of(new WantedPaths.Learnt(FileRequest.file("opt/release", 4096), layer.index()),
                new WantedPaths.Learnt(FileRequest.filesIn("opt/dpkg/status.d", STANZAS, 1 << 20), layer.index())));
        for (int i = 0; i < 200; i++) {
            c.members().add("usr/share/doc/member-" + i);
        }
        c.blobBytesRead(12345);
        return c;
    }

    static LayerDescriptor layer(int index, String diffIdByte) {
        return new LayerDescriptor(index, "blobs/sha256/" + "11".repeat(32), "application/vnd.oci.image.layer.v1.tar+gzip",
                new Digest("sha256", "11".repeat(32)), 1000, new Digest("sha256", diffIdByte.repeat(32)));
    }
}
