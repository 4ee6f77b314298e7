package dev.imagescan.vulndb.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Plain http is allowed for Amazon's Amazon Linux 1 repository hosts alone. */
class Al1RepositoryHostsTest {

    @Test
    void theOfficialMirrorListAndEveryMirrorItNamesAreAmazonLinux1Hosts() throws IOException {
        assertThat(Al1RepositoryHosts.servesOverPlainHttp(AmazonAlasSource.AL1_MIRROR_LIST)).isTrue();
        assertThat(AmazonAlasSource.mirrors(new ByteArrayInputStream(FeedSamples.bytes("amazon/mirrors_linux1.txt")),
                "mirror.list")).hasSize(11).allMatch(m -> Al1RepositoryHosts.servesOverPlainHttp(m + "/repodata/"));
        assertThat(Al1RepositoryHosts.servesOverPlainHttp(
                "http://repo.us-east-1.amazonaws.com/latest/main/mirror.list")).isTrue();
        assertThat(Al1RepositoryHosts.servesOverPlainHttp("http://packages.cn-north-1.amazonaws.com.cn/2018.03/"))
                .isTrue();
        assertThat(Al1RepositoryHosts.servesOverPlainHttp("http://repo.us-gov-west-1.amazonaws.com/x")).isTrue();
    }

    @Test
    void noOtherHostPortOrSchemeIs() {
        for (String url : new String[] {
                "http://cdn.amazonlinux.com/2/core/latest/x86_64/mirror.list",
                "http://packages.us-west-2.amazonaws.com.example.org/2018.03/",
                "http://evil-packages.us-west-2.amazonaws.com/",
                "http://packages.us-west-2.amazonaws.com:8080/2018.03/",
                "http://user@packages.us-west-2.amazonaws.com/2018.03/",
                "http://s3.us-west-2.amazonaws.com/bucket/",
                "http://127.0.0.1/2018.03/updates/x86_64/mirror.list",
                "ftp://repo.us-west-2.amazonaws.com/x",
                "not a url"}) {
            assertThat(Al1RepositoryHosts.servesOverPlainHttp(url)).as(url).isFalse();
        }
    }
}
