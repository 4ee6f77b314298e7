package dev.imagescan.image;

import dev.imagescan.common.BudgetMeter;
import dev.imagescan.common.ScratchSpace;
import java.io.IOException;

/**
 * Where an image comes from when it is not a file: a registry. Opening it reads what identifies the image (its
 * manifest and config); the layers are read later, one stream each, through {@link Image#openLayer}.
 */
public interface ImageSource {

    /** The image as the user named it, for messages and reports. */
    String describe();

    /**
     * Opens the image for {@code platform} (null: linux/amd64 when there is a choice). {@code scratch} and
     * {@code meter} are the scan's.
     */
    Image open(Platform platform, ScratchSpace scratch, BudgetMeter meter) throws IOException;

    /** The reference in full ({@code docker.io/library/alpine:3.20}) when the source is a registry, else null. */
    default String reference() {
        return null;
    }

    /** {@code registry/repository} when the source is a registry, else null. */
    default String repository() {
        return null;
    }
}
