package dev.imagescan.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Builds manifest and index JSON as the OCI image spec lays them out. */
final class Manifests {
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private Manifests() {}

    /**
      * {@code {"schemaVersion":2,"mediaType":..,"config":{descriptor},"layers":[descriptors]
      * [,"annotations":{..}]}}.
      */
    static byte[] manifest(
            String mediaType,
            String configMediaType,
            String configDigest,
            long configSize,
            List<? extends LayerData> layers,
            Map<String, String> annotations) {
        ObjectNode m = Json.object();
        m.put("schemaVersion", 2);
        if (mediaType != null) {
            m.put("mediaType", mediaType);
        }
        m.set("config", Json.descriptor(configMediaType, configDigest, configSize));
        ArrayNode ls = m.putArray("layers");
        for (LayerData l : layers) {
            ls.add(Json.descriptor(l.mediaType(), l.digest(), l.size()));
        }
        putAnnotations(m, annotations);
        return Json.bytes(m);
    }

    /** An image index over the given descriptors. */
    static byte[] index(List<ObjectNode> descriptors, Map<String, String> annotations) {
        ObjectNode idx = Json.object();
        idx.put("schemaVersion", 2);
        idx.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode ms = idx.putArray("manifests");
        descriptors.forEach(ms::add);
        putAnnotations(idx, annotations);
        return Json.bytes(idx);
    }

    static void putAnnotations(ObjectNode node, Map<String, String> annotations) {
        if (annotations != null && !annotations.isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            annotations.forEach(a::put);
        }
    }
}
