package dev.imagescan.image;

import dev.imagescan.image.json.ImageConfigTemplate;
import java.util.ArrayList;
import java.util.List;

/** What the scanner needs from an image configuration: its platform and its layers' diffIDs. */
record ImageConfig(Platform platform, List<Digest> diffIds) {

    static ImageConfig parse(BlobStore store, byte[] bytes, String what) {
        ImageConfigTemplate config = ImageConfigTemplate.from(JsonBlobs.parseObject(store, bytes, what),
                store.describe() + ": " + what);
        if (config.rootfs() == null || config.rootfs().diffIds() == null) {
            throw new ImageFormatException(store.describe() + ": " + what + " has no rootfs.diff_ids; not an image config");
        }
        List<Digest> diffIds = new ArrayList<>();
        for (String id : config.rootfs().diffIds()) {
            diffIds.add(Digest.parse(id));
        }
        Platform platform = config.os() == null || config.architecture() == null
                ? null
                : new Platform(config.os(), config.architecture(), config.variant());
        return new ImageConfig(platform, diffIds);
    }
}
