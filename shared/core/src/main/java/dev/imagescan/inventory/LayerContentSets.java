package dev.imagescan.inventory;

import java.util.List;

/**
 * The Red Hat content sets (repositories) the image content manifests of one layer name: the build system (OSBS)
 * writes a manifest into each layer it builds, naming the repositories that layer's packages came from. A package
 * gets the content sets of the layer that installed it, else those of the nearest layer below with a manifest (the
 * base layer: those of the layer above it), as Trivy applies them.
 *
 * @param layer       the layer's position, 0 = base
 * @param contentSets the repositories its manifests name, in path order, each once
 */
public record LayerContentSets(int layer, List<String> contentSets) {
    public LayerContentSets {
        contentSets = List.copyOf(contentSets);
    }
}
