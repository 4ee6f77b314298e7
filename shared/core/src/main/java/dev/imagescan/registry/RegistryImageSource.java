package dev.imagescan.registry;

import dev.imagescan.common.BudgetMeter;
import dev.imagescan.common.ScratchSpace;
import dev.imagescan.image.Digest;
import dev.imagescan.image.DigestMismatchException;
import dev.imagescan.image.Image;
import dev.imagescan.image.ImageFormatException;
import dev.imagescan.image.ImageSource;
import dev.imagescan.image.ManifestImages;
import dev.imagescan.image.MediaTypes;
import dev.imagescan.image.Platform;
import dev.imagescan.image.json.DescriptorTemplate;
import dev.imagescan.image.json.IndexTemplate;
import dev.imagescan.image.json.ManifestTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An image in a registry, read as the scanner reads an archive: opening it fetches the manifest (through the index,
 * for the platform asked for) and the config, each checked against its digest; the layers are streamed later, one GET
 * each, only for the layers the layer cache does not already hold. Nothing is written to disk whole.
 */
public final class RegistryImageSource implements ImageSource {
    private static final int MAX_INDEX_DEPTH = 2;

    private final ImageReference reference;
    /** Where the registry API is asked: {@code reference}, or it at another endpoint (names stay the reference's). */
    private final ImageReference endpoint;
    private final RegistryClient client;

    RegistryImageSource(ImageReference reference, RegistryClient client) {
        this(reference, reference, client);
    }

    RegistryImageSource(ImageReference reference, ImageReference endpoint, RegistryClient client) {
        this.reference = reference;
        this.endpoint = endpoint;
        this.client = client;
    }

    /** The reference this source reads. */
    public ImageReference imageReference() {
        return reference;
    }

    @Override
    public String reference() {
        return reference.toString();
    }

    @Override
    public String repository() {
        return reference.repositoryName();
    }

    @Override
    public String describe() {
        return reference.toString();
    }

    /** The token scope for pulling from the reference's repository. */
    static String scope(ImageReference reference) {
        return "repository:" + reference.repository() + ":pull";
    }

    @Override
    public Image open(Platform platform, ScratchSpace scratch, BudgetMeter meter) throws IOException {
        RegistryTransport transport = client.transport(endpoint);
        ManifestFetcher manifests = new ManifestFetcher(transport, reference, client.counter());
        List<String> warnings = new ArrayList<>();
        FetchedManifest fetched = manifests.fetch(reference.manifestReference());
        Platform listed = null;
        for (int depth = 0; MediaTypes.isIndex(fetched.mediaType()); depth++) {
            if (depth >= MAX_INDEX_DEPTH) {
                throw new ImageFormatException(describe() + ": indexes nested more than " + MAX_INDEX_DEPTH + " deep");
            }
            meter.checkTime("reading the index of " + describe());
            String what = describe() + " index " + fetched.digest().shortForm();
            IndexTemplate index = ManifestImages.index(fetched.bytes(), what);
            PlatformChooser.Choice choice = PlatformChooser.choose(index, platform, what, warnings);
            listed = choice.platform() != null ? choice.platform() : listed;
            fetched = manifests.fetch(choice.digest().toString());
            String listedType = choice.descriptor().mediaType();
            if (listedType != null && !listedType.equals(fetched.mediaType())) {
                throw new ImageFormatException(what + " lists " + choice.digest().shortForm() + " as "
                        + choice.descriptor().mediaType() + " but the registry served " + fetched.mediaType());
            }
        }
        String what = describe() + " manifest " + fetched.digest().shortForm();
        ManifestTemplate manifest = ManifestImages.manifest(fetched.bytes(), what);
        byte[] config = readConfig(transport, manifest.config(), what);
        Map<String, Long> sizes = new HashMap<>();
        for (DescriptorTemplate layer : manifest.layers()) {
            Digest digest = Digest.parse(layer.digest());
            sizes.put(ManifestImages.blobPath(digest), layer.size() == null ? -1L : layer.size());
        }
        RegistryBlobStore store = new RegistryBlobStore(transport, reference, sizes, client.counter());
        List<String> tags = reference.tag() == null ? List.of() : List.of(reference.taggedName());
        return ManifestImages.assemble(describe(), manifest, fetched.digest(), config, listed, platform, tags,
                warnings, store);
    }

    /** The config blob, at most {@link ManifestImages#MAX_JSON_BYTES}, checked against its digest and size. */
    private byte[] readConfig(RegistryTransport transport, DescriptorTemplate descriptor, String what)
            throws IOException {
        Digest digest = Digest.parse(descriptor.digest());
        if (descriptor.size() != null && descriptor.size() > ManifestImages.MAX_JSON_BYTES) {
            throw new ImageFormatException(what + ": the config is " + descriptor.size() + " bytes, more than the "
                    + ManifestImages.MAX_JSON_BYTES + " a JSON document may have");
        }
        var response = transport.get("/v2/" + reference.repository() + "/blobs/" + digest, null, scope(reference));
        RegistryResponses.requireOk(response, describe() + " config " + digest.shortForm(), transport);
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(ManifestImages.MAX_JSON_BYTES + 1);
        }
        client.counter().add(bytes.length);
        Digest actual = Digest.of(digest.algorithm(), digest.newHasher().digest(bytes));
        if (!actual.equals(digest)) {
            throw new DigestMismatchException(describe() + ": config blob " + digest.shortForm()
                    + " has content digest " + actual + ", not " + digest);
        }
        if (descriptor.size() != null && descriptor.size() != bytes.length) {
            throw new DigestMismatchException(describe() + ": config blob " + digest.shortForm() + " is "
                    + bytes.length + " bytes, the manifest says " + descriptor.size());
        }
        return bytes;
    }
}
