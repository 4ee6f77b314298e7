package dev.imagescan.analyzer.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceRpmTest {

    @Test
    void splitsNameAndVersionRelease() {
        assertThat(SourceRpm.parse("util-linux-2.32.1-42.el8_8.src.rpm"))
                .contains(new SourceRpm("util-linux", "2.32.1-42.el8_8"));
    }

    @Test
    void acceptsNosrc() {
        assertThat(SourceRpm.parse("java-1.8.0-openjdk-1.8.0.392-1.nosrc.rpm"))
                .contains(new SourceRpm("java-1.8.0-openjdk", "1.8.0.392-1"));
    }

    @Test
    void dropsAnEpochInTheVersion() {
        assertThat(SourceRpm.parse("bind-32:9.11.4-26.P2.el7.src.rpm"))
                .contains(new SourceRpm("bind", "9.11.4-26.P2.el7"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"(none)", "", "foo.src.rpm", "foo-1.src.rpm", "-1.0-1.src.rpm", "foo--1.src.rpm",
            "foo-1.0-.src.rpm", "foo-1.0-1.x86_64.rpm", "foo-1.0-1", "foo-0:-1.src.rpm"})
    void isEmptyForNoneOrUnparseable(String value) {
        assertThat(SourceRpm.parse(value)).isEmpty();
    }

    @Test
    void packageInfoExposesItsSource() {
        RpmPackageInfo info = new RpmPackageInfo("libuuid", null, "2.32.1", "42.el8_8", "x86_64",
                "util-linux-2.32.1-42.el8_8.src.rpm", "Red Hat, Inc.", null, 1);
        assertThat(info.source()).contains(new SourceRpm("util-linux", "2.32.1-42.el8_8"));
        assertThat(info.nevra()).isEqualTo("libuuid-2.32.1-42.el8_8.x86_64");
    }
}
