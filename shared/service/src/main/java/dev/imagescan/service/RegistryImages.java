package dev.imagescan.service;

import dev.imagescan.common.ImageScanException;
import dev.imagescan.image.Image;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.Credentials;
import dev.imagescan.registry.CredentialsRequiredException;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.scan.ImageScanner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Images read from their registries: the reference checked against the allow-list, the credentials chosen (the
 * job's own authorization (Harbor's), else the registry's login (ECR), else the configured registry secret's entry for
 * that registry, else none: {@link RegistryAccess#route}), and the image scanned through a client that checks every
 * connection against the allow-list (redirects and token services included). The manifest and config come first,
 * then the gate decides, then the layers the layer cache does not hold are streamed, one GET each; none is written to
 * disk whole.
 */
final class RegistryImages {
    private final RegistryAccess access;
    private final ImageScanner scanner;

    RegistryImages(RegistryAccess access, ImageScanner scanner) {
        this.access = access;
        this.scanner = scanner;
    }

    /**
     * Scans {@code image} (a reference in full): once its manifest and config are fetched, {@code gate} is asked
     * (and may throw); empty when it says no, and no layer is fetched. {@code authorization}, when not null, is the
     * {@code Authorization} value a caller gave for this registry (Harbor's: its robot account, {@code Basic …}, or
     * a token its registry's token service issued, {@code Bearer …}): it is used instead of the registry's login and
     * of the configured credentials.
     *
     * @throws dev.imagescan.registry.RegistryException when the registry is not allowed, refuses the image, or serves
     *                                                  something that does not match its digest
     */
    Optional<Inventory> scan(String image, String authorization, Predicate<Image> gate, Deadline deadline) {
        ImageReference named = ImageReference.parse(image);
        access.allowList().requireAllowed(named.registry());
        deadline.check("logging in to " + named.registry());
        RegistryAccess.Route route = route(access, named, authorization, image);
        deadline.check("reading " + image);
        try (RegistryClient client = access.client(route.credentials())) {
            return scanner.scan(client.image(named, route.endpoint()), opened -> {
                deadline.check("claiming " + image);
                return gate.test(opened);
            });
        } catch (CredentialsRequiredException e) {
            throw RegistryAccess.withSecretHint(e);
        }
    }

    /**
     * Where and as whom {@code named} is read: with the job's {@code authorization} when it has one (at the registry
     * itself, no login asked for), else as {@link RegistryAccess#route} says (the login, else the configured
     * credentials, else none).
     */
    static RegistryAccess.Route route(RegistryAccess access, ImageReference named, String authorization,
            String image) {
        if (authorization != null) {
            return new RegistryAccess.Route(named.registry(), CredentialSource.of(named.registry(),
                    givenCredentials(authorization, image)));
        }
        return access.route(named.registry());
    }

    /**
     * The credentials an {@code Authorization} value gives: {@code Basic} its user name and password (used to answer
     * the registry's challenges, through its token service or not); {@code Bearer} a registry token, sent as it is
     * with every request to the registry (as the Pluggable Scanner API says, and Harbor's Trivy adapter does).
     */
    static Credentials givenCredentials(String authorization, String image) {
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && !parts[1].isBlank()) {
            return Credentials.registryToken(parts[1]);
        }
        return basicCredentials(authorization, image);
    }

    /** The user name and password of a {@code Basic} authorization value. */
    static Credentials basicCredentials(String authorization, String image) {
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
            throw new ImageScanException("the credential given for " + image + " is neither Basic (user and "
                    + "password) nor Bearer (a registry token)");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ImageScanException("the Basic credential given for " + image + " is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new ImageScanException("the Basic credential given for " + image + " has no user:password");
        }
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
