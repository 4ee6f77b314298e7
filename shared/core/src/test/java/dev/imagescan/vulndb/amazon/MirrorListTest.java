package dev.imagescan.vulndb.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The real mirror lists of Amazon Linux 1, 2 and 2023, and the real repomd.xml files. */
class MirrorListTest {

    @Test
    void mirrorsComeWithoutATrailingSlash() throws IOException {
        assertThat(AmazonAlasSource.mirrors(sample("mirrors_linux1.txt"), "l1")).hasSize(11)
                .first().isEqualTo("http://packages.us-west-2.amazonaws.com/2018.03/updates/c539f2128d87/x86_64");
        assertThat(AmazonAlasSource.mirrors(sample("mirrors_linux2.txt"), "l2")).containsExactly(
                "https://cdn.amazonlinux.com/2/core/2.0/x86_64/"
                        + "221a4af09d96ac4e34202cc7bdfa252410419542548cc685dc86ed1c17ca4204");
        assertThat(AmazonAlasSource.mirrors(sample("mirrors_linux2023.txt"), "l3")).containsExactly(
                "https://cdn.amazonlinux.com/al2023/core/guids/"
                        + "46ff4933b89b948580f3b223b826fee3c1830b85885db3f7f90502c0ac99698c/x86_64");
    }

    @Test
    void aMirrorListThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> AmazonAlasSource.mirrors(text("<html>moved</html>\n"), "mirror.list"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("mirror.list: '<html>moved</html>' is not a mirror URL");
        assertThatThrownBy(() -> AmazonAlasSource.mirrors(text("\n# none\n"), "mirror.list"))
                .hasMessage("mirror.list: the mirror list names no mirror");
        assertThatThrownBy(() -> AmazonAlasSource.mirrors(text("https://x/\n".repeat(8000)), "mirror.list"))
                .hasMessage("mirror.list: a mirror list larger than 65536 bytes");
    }

    @Test
    void repomdNamesTheUpdateinfoAndTheChecksumOfItsContent() throws IOException {
        RepoMd al2 = RepoMd.parse(sample("repomd_valid.xml"), "repomd.xml");
        RepoMd al1 = RepoMd.parse(sample("test_repomd.xml"), "repomd.xml");

        assertThat(al2).isEqualTo(new RepoMd("repodata/updateinfo.xml.gz", "sha256",
                "d00ca5a4fa4b40ea884c4510c76194c4b13da46fdf5863bcc81615efd7b1eafa"));
        assertThat(al1).isEqualTo(new RepoMd("repodata/updateinfo.xml.gz", "sha256",
                "3530bd37fdb291b0d5bc92e05fb86bc7403028c0878084626ed11986806865a6"));
        assertThatThrownBy(() -> RepoMd.parse(text(new String(FeedSamples.bytes("amazon/repomd_valid.xml"),
                StandardCharsets.UTF_8).replace("repodata/updateinfo.xml.gz", "../../etc/passwd")), "repomd.xml"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("repomd.xml: the updateinfo location '../../etc/passwd' is not a path inside the"
                        + " repository");
        assertThatThrownBy(() -> RepoMd.parse(text("<repomd><data type=\"primary\"/></repomd>"), "repomd.xml"))
                .hasMessage("repomd.xml: the repository lists no updateinfo");
    }

    private static ByteArrayInputStream sample(String name) {
        return new ByteArrayInputStream(FeedSamples.bytes("amazon/" + name));
    }

    private static ByteArrayInputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
