package dev.imagescan.functions.testing;

import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.BuiltLayer;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;

/** Alpine-like images built in the tests: each has the same base layer and a layer of its own. */
public final class TestImages {
    /** The shared base: os-release and an apk database with musl and busybox. */
    public static final BuiltLayer BASE = LayerBuilder.layer()
            .file("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\n")
            .file("lib/apk/db/installed", apk("musl", "1.2.5-r0") + apk("busybox", "1.36.1-r28"))
            .zeros("usr/share/filler.bin", 256 * 1024)
            .build();

    private TestImages() {}

    /** Image {@code n}: the base, then a layer that adds package {@code app<n>} and some bytes of its own. */
    public static BuiltImage app(int n) {
        LayerBuilder top = LayerBuilder.layer()
                .file("lib/apk/db/installed", apk("musl", "1.2.5-r0") + apk("busybox", "1.36.1-r28")
                        + apk("app" + n, "1.0." + n + "-r0"))
                .zeros("opt/app" + n + "/data.bin", 64 * 1024 + n);
        return ImageBuilder.image().layer(BASE).layer(top).repoTag("example.com/team/app" + n + ":1." + n).build();
    }

    private static String apk(String name, String version) {
        return "P:" + name + "\nV:" + version + "\nA:x86_64\no:" + name + "\n\n";
    }
}
