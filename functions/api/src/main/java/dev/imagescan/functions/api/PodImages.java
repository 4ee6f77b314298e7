package dev.imagescan.functions.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The container images a Kubernetes object would run: a Pod's own spec, or the pod template of a workload
 * (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController: {@code spec.template.spec}; CronJob:
 * {@code spec.jobTemplate.spec.template.spec}), each of its {@code containers}, {@code initContainers} and
 * {@code ephemeralContainers}. Any other kind has none.
 */
final class PodImages {
    /** One container's image and where it is written ({@code spec.template.spec.initContainers[install]}). */
    record ContainerImage(String where, String image) {}

    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    private PodImages() {}

    /** The images of {@code object} of kind {@code kind}; empty for a kind that has no pod spec. */
    static List<ContainerImage> of(String kind, Map<String, Object> object) {
        String path = switch (kind) {
            case "Pod" -> "spec";
            case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController" ->
                    "spec.template.spec";
            case "CronJob" -> "spec.jobTemplate.spec.template.spec";
            default -> null;
        };
        if (path == null || object == null) {
            return List.of();
        }
        Object spec = object;
        for (String step : path.split("\\.")) {
            spec = spec instanceof Map<?, ?> m ? m.get(step) : null;
        }
        if (!(spec instanceof Map<?, ?> podSpec)) {
            throw ApiException.badRequest("the " + kind + " has no " + path);
        }
        List<ContainerImage> images = new ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            Object containers = podSpec.get(list);
            if (containers == null) {
                continue;
            }
            if (!(containers instanceof List<?> entries)) {
                throw ApiException.badRequest(path + "." + list + " is not a list");
            }
            for (Object entry : entries) {
                if (!(entry instanceof Map<?, ?> container) || !(container.get("image") instanceof String image)) {
                    throw ApiException.badRequest("a container in " + path + "." + list + " has no image");
                }
                Object name = container.get("name");
                images.add(new ContainerImage(path + "." + list + "[" + name + "]", image));
            }
        }
        return images;
    }
}
