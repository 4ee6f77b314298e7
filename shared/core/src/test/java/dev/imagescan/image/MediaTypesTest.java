package dev.imagescan.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The media type predicates; a descriptor without a media type is none of the kinds. */
class MediaTypesTest {

    /** Found by fuzzing (ImageArchiveFuzzTest#ociArchive): an index entry without mediaType was an NPE. */
    @Test
    void noMediaTypeIsNoneOfTheKinds() {
        assertThat(MediaTypes.isIndex(null)).isFalse();
        assertThat(MediaTypes.isManifest(null)).isFalse();
        assertThat(MediaTypes.isConfig(null)).isFalse();
        assertThat(MediaTypes.isLayer(null)).isFalse();
    }

    @Test
    void eachKindKnowsItsOciAndDockerTypes() {
        assertThat(MediaTypes.isIndex(MediaTypes.OCI_INDEX)).isTrue();
        assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
        assertThat(MediaTypes.isManifest(MediaTypes.OCI_MANIFEST)).isTrue();
        assertThat(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST)).isTrue();
        assertThat(MediaTypes.isConfig(MediaTypes.DOCKER_CONFIG)).isTrue();
        assertThat(MediaTypes.isIndex(MediaTypes.OCI_MANIFEST)).isFalse();
    }
}
