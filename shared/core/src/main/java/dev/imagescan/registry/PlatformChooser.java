package dev.imagescan.registry;

import dev.imagescan.image.Digest;
import dev.imagescan.image.IndexEntries;
import dev.imagescan.image.MediaTypes;
import dev.imagescan.image.Platform;
import dev.imagescan.image.PlatformNotFoundException;
import dev.imagescan.image.json.DescriptorTemplate;
import dev.imagescan.image.json.IndexTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Chooses the image of one platform from a multi-platform index: the one asked for, else linux/amd64 when the index
 * offers several; attestation manifests (BuildKit's {@code unknown/unknown}) are never chosen. A request no entry
 * satisfies is a {@link PlatformNotFoundException} listing what the index has.
 */
final class PlatformChooser {

    /** An index entry chosen: its descriptor, digest and listed platform (null when the entry names none). */
    record Choice(DescriptorTemplate descriptor, Digest digest, Platform platform) {
        boolean isIndex() {
            return MediaTypes.isIndex(descriptor.mediaType());
        }
    }

    private PlatformChooser() {}

    static Choice choose(IndexTemplate index, Platform requested, String what, List<String> warnings) {
        List<Choice> candidates = new ArrayList<>();
        for (DescriptorTemplate d : index.manifests()) {
            if (IndexEntries.isAttestation(d)) {
                continue;
            }
            if (d.mediaType() != null && !MediaTypes.isManifest(d.mediaType()) && !MediaTypes.isIndex(d.mediaType())) {
                warnings.add(what + " lists " + d.digest() + " of media type " + d.mediaType() + "; skipped");
                continue;
            }
            Platform p = IndexEntries.platform(d);
            candidates.add(new Choice(d, Digest.parse(d.digest()), p));
        }
        if (candidates.isEmpty()) {
            throw new PlatformNotFoundException(what + ": the index lists no image manifest");
        }
        if (candidates.size() == 1 && (requested == null || candidates.get(0).platform() == null)) {
            return candidates.get(0);
        }
        Platform wanted = requested != null ? requested : Platform.LINUX_AMD64;
        List<Choice> matching = candidates.stream()
                .filter(c -> c.platform() != null && wanted.accepts(c.platform()))
                .collect(Collectors.toList());
        if (matching.isEmpty()) {
            String available = candidates.stream()
                    .map(c -> c.platform() == null ? "unknown" : c.platform().toString())
                    .distinct().collect(Collectors.joining(", "));
            throw new PlatformNotFoundException(what + ": no image for platform " + wanted + " (the index has "
                    + available + "); choose one with --platform");
        }
        if (matching.size() > 1) {
            warnings.add(what + " lists " + matching.size() + " images for " + wanted + "; scanning the first, "
                    + matching.get(0).digest().shortForm());
        }
        return matching.get(0);
    }
}
