package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The registry allow-list: names, wildcards, and the addresses names resolve to (no lookup leaves this machine). */
class RegistryAllowListTest {

    @Test
    void aNamedRegistryIsAllowedOnItsPortOrAnyWhenNoneIsGiven() {
        RegistryAllowList list = RegistryAllowList.parse("127.0.0.1:5000, Harbor.internal 10.0.0.5");
        assertThatCode(() -> list.requireAllowed("127.0.0.1:5000")).doesNotThrowAnyException();
        assertThatCode(() -> list.requireAllowed("harbor.internal:8443")).doesNotThrowAnyException();
        assertThatCode(() -> list.requireAllowed("10.0.0.5:5000")).doesNotThrowAnyException();
        assertThatThrownBy(() -> list.requireAllowed("127.0.0.1:5001"))
                .isInstanceOf(RegistryNotAllowedException.class)
                .hasMessage("registry 127.0.0.1:5001 is not in the allow-list (127.0.0.1:5000,harbor.internal,"
                        + "10.0.0.5)");
        assertThat(list.isEmpty()).isFalse();
    }

    @Test
    void nothingIsAllowedByAnEmptyList() {
        RegistryAllowList empty = RegistryAllowList.parse(" ");
        assertThat(empty.isEmpty()).isTrue();
        assertThatThrownBy(() -> empty.requireAllowed("ghcr.io"))
                .hasMessage("registry ghcr.io is not in the allow-list (empty: registry scans are off)");
    }

    @Test
    void aWildcardAllowsPublicAddressesOnly() {
        RegistryAllowList any = RegistryAllowList.parse("*");
        assertThatCode(() -> any.requireAllowed("93.184.215.14")).doesNotThrowAnyException();
        assertThatThrownBy(() -> any.requireAllowed("127.0.0.1:5000")).hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> any.requireAllowed("169.254.169.254"))
                .hasMessage("169.254.169.254 resolves to 169.254.169.254, a link-local address; refused unless the "
                        + "registry is named in the allow-list");
        assertThatThrownBy(() -> any.requireAllowed("10.20.30.40:5000")).hasMessageContaining("a private address");
        assertThatThrownBy(() -> any.requireAllowed("[::1]:5000")).hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> any.requireAllowed("localhost:5000"))
                .hasMessageContaining("localhost:5000 resolves to").hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> RegistryAllowList.parse("*.localhost").requireAllowed("localhost"))
                .hasMessageContaining("is not in the allow-list");
    }

    @Test
    void everyConnectionIsCheckedRedirectsAndTokenServicesIncluded() {
        RegistryAllowList list = RegistryAllowList.parse("127.0.0.1:5000");
        assertThatCode(() -> list.check("127.0.0.1:5000", URI.create("http://127.0.0.1:5000/v2/")))
                .doesNotThrowAnyException();
        assertThatCode(() -> list.check("127.0.0.1:5000", URI.create("https://93.184.215.14/blob")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> list.check("127.0.0.1:5000", URI.create("http://localhost:5000/blob")))
                .isInstanceOf(RegistryNotAllowedException.class)
                .hasMessageContaining("127.0.0.1:5000 (its host localhost:5000) resolves to")
                .hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> list.check("127.0.0.1:5000", URI.create("http://169.254.169.254/latest/")))
                .hasMessageContaining("a link-local address");
    }

    @Test
    void entriesOfNoKnownFormAreRefused() {
        for (String bad : new String[] {"https://ghcr.io", "ghcr.io/org", "*ghcr.io", "a*.b", "host:port"}) {
            assertThatThrownBy(() -> RegistryAllowList.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not host[:port]");
        }
    }
}
