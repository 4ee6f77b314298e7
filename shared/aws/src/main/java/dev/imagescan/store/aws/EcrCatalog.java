package dev.imagescan.store.aws;

import dev.imagescan.registry.RegistryException;
import dev.imagescan.store.RegistryCatalog;
import dev.imagescan.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * ECR registries' listings for the sweep: {@code DescribeRepositories} and {@code DescribeImages} in the registry's
 * region, for its account ({@code registryId}), every page read ({@code nextToken}) up to the caller's bound. A
 * refusal ({@code AccessDeniedException}, {@code RepositoryNotFoundException}) is a {@link RegistryException};
 * throttling, ECR's failures and the network are {@link StoreException}s.
 */
public final class EcrCatalog implements RegistryCatalog {
    private static final int PAGE = 100;

    private final Function<Region, EcrClient> clients;
    private final Map<Region, EcrClient> byRegion = new ConcurrentHashMap<>();

    /** @param clients makes the ECR client of a region ({@link AwsClients#ecr}) */
    public EcrCatalog(Function<Region, EcrClient> clients) {
        this.clients = clients;
    }

    @Override
    public boolean lists(String registry) {
        return EcrLogins.isEcr(registry);
    }

    @Override
    public List<String> repositories(String registry, int max) {
        Matcher m = host(registry);
        EcrClient ecr = byRegion.computeIfAbsent(Region.of(m.group(2)), clients);
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeRepositoriesResponse page = call(registry, "DescribeRepositories", () -> ecr.describeRepositories(
                    b -> b.registryId(m.group(1)).maxResults(PAGE).nextToken(next)));
            for (Repository r : page.repositories()) {
                if (names.size() < max) {
                    names.add(r.repositoryName());
                }
            }
            token = page.nextToken();
        } while (token != null && names.size() < max);
        return names;
    }

    @Override
    public List<ListedImage> images(String registry, String repository, int max) {
        Matcher m = host(registry);
        EcrClient ecr = byRegion.computeIfAbsent(Region.of(m.group(2)), clients);
        List<ListedImage> images = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeImagesResponse page = call(registry + "/" + repository, "DescribeImages", () ->
                    ecr.describeImages(b -> b.registryId(m.group(1)).repositoryName(repository).maxResults(PAGE)
                            .nextToken(next)));
            for (ImageDetail d : page.imageDetails()) {
                if (images.size() < max && d.imageDigest() != null) {
                    images.add(new ListedImage(d.imageDigest(), d.hasImageTags() ? d.imageTags() : List.of()));
                }
            }
            token = page.nextToken();
        } while (token != null && images.size() < max);
        return images;
    }

    private static Matcher host(String registry) {
        Matcher m = EcrLogins.ECR_HOST.matcher(registry.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(registry + " is not an ECR registry");
        }
        return m;
    }

    private static <T> T call(String what, String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (AwsServiceException e) {
            String why = "ECR " + operation + " for " + what + " failed: " + e.awsErrorDetails().errorCode()
                    + " (HTTP " + e.statusCode() + "): " + e.awsErrorDetails().errorMessage();
            if (e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException()) {
                throw new RegistryException(why, e);
            }
            throw new StoreException(why, e);
        } catch (SdkException e) {
            throw new StoreException("ECR " + operation + " for " + what + " failed: " + e.getMessage(), e);
        }
    }
}
