package dev.imagescan.image;


/**
 * One layer of an image, bottom first.
 *
 * @param index     position in the image, 0 = base layer
 * @param path      where the blob is inside the image source (for messages and for opening it)
 * @param mediaType the declared media type, or null when the source does not declare one (docker-archive)
 * @param digest    the digest the blob's raw bytes must have, or null when the source does not promise one
 * @param size      the size the blob must have, or -1 when not promised
 * @param diffId    the digest of the uncompressed tar, from the image config
 */
public record LayerDescriptor(int index, String path, String mediaType, Digest digest, long size, Digest diffId) {

    /** "layer 2 (sha256:abcdef123456)" for messages: position counted from 1, and the diffID. */
    public String describe() {
        return "layer " + (index + 1) + " (" + diffId.shortForm() + ")";
    }
}
