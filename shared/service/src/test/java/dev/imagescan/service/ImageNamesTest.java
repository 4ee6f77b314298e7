package dev.imagescan.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names an uploaded archive gives its image: split, checked against the reference grammar, capped. */
class ImageNamesTest {

    @Test
    void referencesSplitIntoRepositoryAndTags() {
        ImageNames names = ImageNames.of(List.of("registry:5000/team/app:1.2", "registry:5000/team/app:latest",
                "other/app:1.2", "3.20", "[::1]:5000/x/y:v1", "docker.io/library/alpine@sha256:" + "a".repeat(64)));

        assertThat(names.repository()).isEqualTo("registry:5000/team/app");
        assertThat(names.tags()).containsExactly("1.2", "latest", "3.20", "v1");
        assertThat(names.warnings()).isEmpty();
    }

    @Test
    void referencesOutsideTheGrammarAreIgnoredWithAWarning() {
        ImageNames names = ImageNames.of(List.of("Upper:1", "app:-bad", "app:" + "t".repeat(129),
                "a".repeat(256) + ":1", "app:ok", "x//y:1", "bad tag", "app:\u0000", ":1", "app:ok2"));

        assertThat(names.repository()).isEqualTo("app");
        assertThat(names.tags()).containsExactly("ok", "ok2");
        assertThat(names.warnings()).singleElement().asString()
                .startsWith("8 image reference(s) not in the reference grammar were ignored, e.g. 'Upper:1'");
    }

    @Test
    void atMostAHundredTagsAreKeptTheFirstOnes() {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            refs.add("registry.example/app:build-" + i);
        }

        ImageNames names = ImageNames.of(refs);

        assertThat(names.tags()).hasSize(ImageNames.MAX_TAGS).startsWith("build-0", "build-1").endsWith("build-99");
        assertThat(names.warnings()).containsExactly("29900 tag(s) past the first 100 were ignored");
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            existing.add("old-" + i);
        }
        assertThat(ImageNames.of(List.of("app:new")).mergedWith(existing)).hasSize(ImageNames.MAX_TAGS)
                .doesNotContain("new");
        assertThat(ImageNames.of(List.of("app:new", "app:old-1")).mergedWith(List.of("old-1")))
                .containsExactly("old-1", "new");
    }
}
