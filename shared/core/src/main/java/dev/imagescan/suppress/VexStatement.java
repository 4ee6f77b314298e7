package dev.imagescan.suppress;

import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.report.Finding;
import dev.imagescan.report.Suppression;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One VEX statement, from OpenVEX or CycloneDX: what it says of which vulnerability in which products.
 *
 * @param ids        the vulnerability's name and aliases, upper case
 * @param products   the products it speaks of
 * @param status     {@link Suppression#NOT_AFFECTED}, {@link Suppression#FIXED}, or {@code affected} /
 *                   {@code under_investigation} (which suppress nothing, and override an older statement)
 * @param suppression what the report carries when the statement suppresses a finding
 * @param timestamp  when it was made (the statement's, else its document's); null when neither says
 * @param order      its position among all statements read, to break ties between equal times
 */
public record VexStatement(Set<String> ids, List<Product> products, String status, Suppression suppression,
        Instant timestamp, int order) {
    public VexStatement {
        ids = Set.copyOf(ids);
        products = List.copyOf(products);
        Objects.requireNonNull(status, "status");
    }

    /**
     * A product a statement names: a package, or an image with the packages in it it speaks of.
     *
     * @param purl          the product's package URL; null when it has none we can read
     * @param subcomponents the packages inside it the statement is about (empty: the product itself)
     */
    public record Product(String purl, List<String> subcomponents) {
        public Product {
            subcomponents = List.copyOf(subcomponents);
        }
    }

    /** Whether the statement suppresses the findings it matches. */
    public boolean suppresses() {
        return status.equals(Suppression.NOT_AFFECTED) || status.equals(Suppression.FIXED);
    }

    /**
     * Whether the statement is about {@code finding} in {@code image}: one of its ids, and a product that is the
     * finding's package, or that holds it as a subcomponent (an image product given by digest must be this image;
     * by tag it is taken on trust),
     * or that is this very image by digest with no subcomponents named (every package of it).
     */
    public boolean matches(Finding finding, ImageSummary image) {
        if (FindingKeys.ids(finding).stream().noneMatch(ids::contains)) {
            return false;
        }
        PurlPattern own = PurlPattern.parse(finding.pkg().purl());
        for (Product p : products) {
            PurlPattern product = PurlPattern.parse(p.purl());
            boolean thisImage = product != null && product.isImage() && product.version() != null
                    && FindingKeys.isImageDigest(product.version(), image);
            if (p.subcomponents().isEmpty()) {
                if (thisImage || product != null && !product.isImage() && product.matches(own)) {
                    return true;
                }
                continue;
            }
            boolean otherImage = product != null && product.isImage() && product.version() != null
                    && product.version().startsWith("sha256:") && !thisImage;
            if (!otherImage && p.subcomponents().stream().map(PurlPattern::parse)
                    .anyMatch(sub -> sub != null && sub.matches(own))) {
                return true;
            }
        }
        return false;
    }
}
