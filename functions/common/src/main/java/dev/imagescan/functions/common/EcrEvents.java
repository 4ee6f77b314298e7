package dev.imagescan.functions.common;

import dev.imagescan.store.ScanJob;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads EventBridge's {@code ECR Image Action} event, as an EventBridge rule delivers it to the scan queue:
 * {@code {"id":…,"detail-type":"ECR Image Action","source":"aws.ecr","account":"123456789012","region":"eu-west-1",
 * "detail":{"result":"SUCCESS","repository-name":"team/app","image-digest":"sha256:…","action-type":"PUSH",
 * "image-tag":"1.2"}}}. A successful push becomes the image
 * {@code ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY[:TAG]@DIGEST}; any other action or result asks for nothing.
 * A push event without its account, region, repository or digest, or with one that is not well formed, is an
 * {@link IllegalArgumentException}.
 */
final class EcrEvents {
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-[0-9]");

    private EcrEvents() {}

    static ScanRequest parse(Map<String, Object> event) {
        Object type = event.get("detail-type");
        if (!"ECR Image Action".equals(type)) {
            return new ScanRequest.Ignored("an ECR '" + type + "' event");
        }
        if (!(event.get("detail") instanceof Map<?, ?> detail)) {
            throw new IllegalArgumentException("an ECR Image Action event without detail");
        }
        if (!"PUSH".equals(detail.get("action-type")) || !"SUCCESS".equals(detail.get("result"))) {
            return new ScanRequest.Ignored("an ECR " + detail.get("action-type") + " with result "
                    + detail.get("result"));
        }
        String account = text(event.get("account"), "account");
        String region = text(event.get("region"), "region");
        if (!ACCOUNT.matcher(account).matches() || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("an ECR push event with account '" + account + "' and region '"
                    + region + "'");
        }
        String repository = text(detail.get("repository-name"), "detail.repository-name");
        String digest = text(detail.get("image-digest"), "detail.image-digest");
        String tag = detail.get("image-tag") instanceof String t && !t.isEmpty() ? ":" + t : "";
        String image = account + ".dkr.ecr." + region + ".amazonaws.com/" + repository + tag + "@" + digest;
        ScanJob.requireImage(image);
        String id = event.get("id") instanceof String s ? s : null;
        return new ScanRequest.ImagePushed(id, image);
    }

    private static String text(Object value, String field) {
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("an ECR push event without " + field);
        }
        return s;
    }
}
