package dev.imagescan.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Plans OCI image layouts: {@code blobs/sha256/<hex>} for every blob, {@code index.json}, {@code oci-layout}. */
final class OciPlans {
    /** The oci-layout file content. */
    static final byte[] OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private OciPlans() {}

    static String blobPath(String digest) {
        return "blobs/sha256/" + Digests.hex(digest);
    }

    static Plan newPlan() {
        return new Plan().dir("blobs/").dir("blobs/sha256/");
    }

    /** Layers, then config, then manifest, as skopeo writes them. */
    static void addImageBlobs(Plan plan, ImageData img) {
        for (LayerData l : img.layerData()) {
            plan.file(blobPath(l.digest()), Plan.Kind.LAYER, l.blobContent(), l.digest());
        }
        plan.file(blobPath(img.configDigest()), Plan.Kind.META, Content.of(img.config()), img.configDigest());
        plan.file(blobPath(img.manifestDigest()), Plan.Kind.META, Content.of(img.manifest()), img.manifestDigest());
    }

    static void finish(Plan plan, byte[] indexJson) {
        plan.file("index.json", Plan.Kind.META, Content.of(indexJson));
        plan.file("oci-layout", Plan.Kind.META, Content.of(OCI_LAYOUT));
    }

    /** index.json for one image: one manifest descriptor (with the ref.name annotation if set). */
    static byte[] singleImageIndexJson(ImageData img) {
        ObjectNode d = Json.descriptor(img.manifestMediaType(), img.manifestDigest(), img.manifest().length);
        if (img.refName() != null) {
            Manifests.putAnnotations(d, Map.of(Manifests.REF_NAME, img.refName()));
        }
        return Manifests.index(List.of(d), null);
    }

    static Plan forImage(ImageData img) {
        Plan plan = newPlan();
        addImageBlobs(plan, img);
        finish(plan, singleImageIndexJson(img));
        return plan;
    }
}
