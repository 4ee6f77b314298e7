package dev.imagescan.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The repository and tags an archive names ({@code RepoTags} of a docker-archive, {@code ref.name} of an OCI archive):
 * {@code registry:5000/team/app:1.2} → repository {@code registry:5000/team/app}, tag {@code 1.2}; a bare
 * {@code 1.2} is a tag without a repository.
 */
record ImageNames(String repository, List<String> tags) {

    static ImageNames of(List<String> references) {
        String repository = null;
        Set<String> tags = new LinkedHashSet<>();
        for (String ref : references) {
            int slash = ref.lastIndexOf('/');
            int colon = ref.lastIndexOf(':');
            if (colon > slash && colon > 0) {
                if (repository == null) {
                    repository = ref.substring(0, colon);
                }
                tags.add(ref.substring(colon + 1));
            } else if (slash < 0 && !ref.contains("@")) {
                tags.add(ref);
            } else if (repository == null && !ref.contains("@")) {
                repository = ref;
            }
        }
        return new ImageNames(repository, new ArrayList<>(tags));
    }

    /** These tags after {@code existing}, without repeats. */
    List<String> mergedWith(List<String> existing) {
        Set<String> all = new LinkedHashSet<>(existing);
        all.addAll(tags);
        return new ArrayList<>(all);
    }
}
