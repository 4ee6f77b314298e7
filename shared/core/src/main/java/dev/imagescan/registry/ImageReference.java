package dev.imagescan.registry;

import dev.imagescan.image.Digest;
import dev.imagescan.image.ImageFormatException;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [registry[:port]/]repository[:tag][@digest]}, resolved with Docker's defaults: no
 * registry means Docker Hub ({@code docker.io}), where a one-part name is an official image under {@code library/};
 * no tag and no digest means {@code latest}. The first part names a registry when it has a dot or a colon or is
 * {@code localhost}, as Docker decides.
 *
 * @param registry   the registry's host and optional port, {@code docker.io} for Docker Hub
 * @param repository the repository path, e.g. {@code library/alpine}
 * @param tag        the tag, or null when only a digest is given
 * @param digest     the manifest digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    /** Docker Hub's name in references. */
    public static final String DOCKER_HUB = "docker.io";
    /** The host serving Docker Hub's registry API. */
    static final String DOCKER_HUB_API = "registry-1.docker.io";

    private static final int MAX_NAME_LENGTH = 255;
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    /** Parses {@code text}; anything else than a reference is an {@link InvalidReferenceException} saying why. */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidReferenceException("an image reference is empty");
        }
        String rest = text.trim();
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (ImageFormatException e) {
                throw invalid(text, "the part after @ is not a sha256 or sha512 digest");
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "tag '" + tag + "' is not 1 to 128 letters, digits, '_', '.' or '-'");
            }
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!HOST.matcher(first).matches()) {
                    throw invalid(text, "'" + first + "' is not a registry host[:port]");
                }
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io") || registry.equals(DOCKER_HUB_API)) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw invalid(text, "repository part '" + component + "' is not lower-case letters and digits "
                        + "separated by '.', '_', '__' or '-'");
            }
        }
        if (registry.length() + 1 + rest.length() > MAX_NAME_LENGTH) {
            throw invalid(text, "the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** Whether {@code text} reads as a reference (for telling references from file names). */
    public static boolean looksLikeReference(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /** The host (and port) the registry API is served from: Docker Hub's is {@code registry-1.docker.io}. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /** The host without its port, lower case. */
    public String hostName() {
        return HostNames.withoutPort(registry);
    }

    /** {@code registry/repository}, e.g. {@code docker.io/library/alpine}. */
    public String repositoryName() {
        return registry + "/" + repository;
    }

    /** What the manifest is fetched by: the digest when there is one, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** {@code registry/repository:tag}, or null without a tag. */
    public String taggedName() {
        return tag == null ? null : repositoryName() + ":" + tag;
    }

    /** The reference in full, e.g. {@code docker.io/library/alpine:3.20}. */
    @Override
    public String toString() {
        return repositoryName() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    private static InvalidReferenceException invalid(String text, String why) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "…" : text;
        return new InvalidReferenceException("'" + shown + "' is not an image reference: " + why);
    }
}
