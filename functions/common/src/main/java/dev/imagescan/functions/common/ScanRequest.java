package dev.imagescan.functions.common;

import dev.imagescan.store.ScanJob;
import java.util.List;

/**
 * What one message on the scan queue asks for: the body is either an S3 event notification (the bucket sends its
 * {@code incoming/} ObjectCreated events to the queue), an EventBridge {@code ECR Image Action} event (a rule sends
 * ECR's pushes to the queue) or a {@link ScanJob}. Read by {@link ScanRequests#parse}.
 */
public sealed interface ScanRequest {

    /** Objects created in the bucket (an S3 notification holds one record, in practice). */
    record ObjectsCreated(List<CreatedObject> objects) implements ScanRequest {
        public ObjectsCreated {
            objects = List.copyOf(objects);
        }
    }

    /** One created object: its key (URL-decoded), size and etag, and the bucket the notification names. */
    record CreatedObject(String bucket, String key, long size, String etag) {}

    /** The {@code s3:TestEvent} S3 sends when notifications are configured: nothing to do. */
    record TestEvent() implements ScanRequest {}

    /** A scan job. */
    record Job(ScanJob job) implements ScanRequest {}

    /**
     * An image pushed to ECR (EventBridge {@code ECR Image Action}, PUSH, SUCCESS).
     *
     * @param eventId the event's id (the same when the event is delivered again)
     * @param image   {@code ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY[:TAG]@DIGEST}
     */
    record ImagePushed(String eventId, String image) implements ScanRequest {}

    /** An event that asks for nothing (an ECR action other than a successful push). */
    record Ignored(String reason) implements ScanRequest {}
}
