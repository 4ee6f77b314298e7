package dev.imagescan.analyzer.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.LayerContentSets;
import dev.imagescan.layer.MapFileView;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Red Hat image content manifests: the real one of ubi8-minimal 8.5-218 (shared/testing vulndb/redhat/README.md),
 * and manifests built here for the layers built on it and for what must not be trusted.
 */
class ContentManifestsTest {
    private static final String DIR = "root/buildinfo/content_manifests/";
    private static final byte[] UBI8 = FeedSamples.bytes(
            "redhat/content_manifests/ubi8-minimal-container-8.5-218.json");

    @Test
    void ubi8MinimalNamesItsBaseOsAndAppStreamRepositories() {
        ContentManifests.Found found = ContentManifests.read(new MapFileView()
                .with(DIR + "ubi8-minimal-container-8.5-218.json", UBI8));

        assertThat(found.contentSets()).containsExactly("rhel-8-for-x86_64-baseos-rpms",
                "rhel-8-for-x86_64-appstream-rpms");
        assertThat(found.problems()).isEmpty();
    }

    @Test
    void everyLayersManifestCountsOnceInPathOrder() {
        ContentManifests.Found found = ContentManifests.read(new MapFileView()
                .with(DIR + "ubi8-minimal-container-8.5-218.json", UBI8)
                .with(DIR + "nodejs-16-container-1-52.json", """
                        {"metadata": {"icm_version": 1, "image_layer_index": 2},
                         "content_sets": ["rhel-8-for-x86_64-appstream-rpms", "rhel-8-for-x86_64-baseos-rpms__8"],
                         "image_contents": [{"purl": "pkg:rpm/redhat/nodejs@16.14.0-3.module+el8.5.0?arch=x86_64"}]}
                        """)
                .with(DIR + "README.txt", "not a manifest"));

        assertThat(found.contentSets()).containsExactly("rhel-8-for-x86_64-appstream-rpms",
                "rhel-8-for-x86_64-baseos-rpms__8", "rhel-8-for-x86_64-baseos-rpms");
        assertThat(found.problems()).isEmpty();
    }

    /** Each layer's manifests apart, by the layer that put each file there; the image's sets as before. */
    @Test
    void eachLayersSetsAreKeptApart() {
        ContentManifests.Found found = ContentManifests.read(new MapFileView()
                .with(DIR + "ubi8-minimal-container-8.5-218.json", UBI8)
                .with(DIR + "nodejs-16-container-1-52.json",
                        "{\"content_sets\": [\"rhel-8-for-x86_64-appstream-eus-rpms__8_DOT_6\"]}")
                .with(DIR + "empty.json", "{\"content_sets\": []}"),
                path -> path.endsWith("ubi8-minimal-container-8.5-218.json") ? 1 : path.endsWith("empty.json") ? 4 : 3);

        assertThat(found.contentSets()).containsExactly("rhel-8-for-x86_64-appstream-eus-rpms__8_DOT_6",
                "rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms");
        assertThat(found.byLayer()).as("by layer; a manifest naming none adds no layer").containsExactly(
                new LayerContentSets(1, List.of("rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms")),
                new LayerContentSets(3, List.of("rhel-8-for-x86_64-appstream-eus-rpms__8_DOT_6")));
        assertThat(ContentManifests.read(new MapFileView().with(DIR + "a.json", UBI8)).byLayer())
                .as("layers not known").isEmpty();
    }

    @Test
    void aManifestWithoutContentSetsNamesNone() {
        ContentManifests.Found found = ContentManifests.read(new MapFileView()
                .with(DIR + "a.json", "{\"metadata\": {}, \"content_sets\": null}")
                .with(DIR + "b.json", "{\"metadata\": {}, \"image_contents\": []}"));

        assertThat(found.contentSets()).isEmpty();
        assertThat(found.problems()).isEmpty();
    }

    @Test
    void aBrokenManifestIsAProblemAndContributesNothing() {
        ContentManifests.Found found = ContentManifests.read(new MapFileView()
                .with(DIR + "broken.json", "{\"content_sets\": [\"rhel-8-for-x86_64-baseos-rpms\"")
                .with(DIR + "list.json", "[\"rhel-8-for-x86_64-baseos-rpms\"]")
                .with(DIR + "number.json", "{\"content_sets\": [\"rhel-8-for-x86_64-appstream-rpms\", 8]}")
                .with(DIR + "path.json", "{\"content_sets\": [\"../../etc/passwd\"]}")
                .with(DIR + "ubi8.json", UBI8));

        assertThat(found.contentSets()).as("only the good manifest's sets")
                .containsExactly("rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms");
        assertThat(found.problems()).hasSize(4).allSatisfy(p -> assertThat(p).doesNotContain("\n")
                .endsWith("; its content sets are not used"));
        assertThat(found.problems().get(0)).startsWith("/" + DIR + "broken.json: not an image content manifest (");
        assertThat(found.problems().get(1)).isEqualTo("/" + DIR
                + "list.json: not an image content manifest (not a JSON object); its content sets are not used");
        assertThat(found.problems().get(2)).isEqualTo("/" + DIR
                + "number.json: content_sets[1] is not a repository id; its content sets are not used");
        assertThat(found.problems().get(3)).startsWith("/" + DIR + "path.json: content_sets[0] is not");
    }

    @Test
    void theDetectorAsksForTheManifests() {
        assertThat(new OsDetector().requests()).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("root/buildinfo/content_manifests");
            assertThat(r.names().test("ubi8-minimal-container-8.5-218.json")).isTrue();
            assertThat(r.names().test("Dockerfile-ubi8-8.3-227")).isFalse();
        });
    }
}
