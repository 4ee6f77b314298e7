package dev.imagescan.functions.common;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imagescan.store.ScanJob;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a scan-queue message body into a {@link ScanRequest}. An S3 event notification is
 * {@code {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":..},
 * "object":{"key":..,"size":..,"eTag":..}}}]}} with the key URL-encoded ({@code +} for a space), or
 * {@code {"Service":"Amazon S3","Event":"s3:TestEvent",...}}; an EventBridge event from {@code aws.ecr} is read by
 * {@link EcrEvents}; anything else must be a {@link ScanJob}. A body that is
 * none of these is an {@link IllegalArgumentException}.
 */
public final class ScanRequests {
    private static final int MAX_BODY_CHARS = 256 * 1024;

    private ScanRequests() {}

    public static ScanRequest parse(String body) {
        if (body == null || body.length() > MAX_BODY_CHARS) {
            throw new IllegalArgumentException("a message body is JSON of at most " + MAX_BODY_CHARS + " characters");
        }
        Map<String, Object> doc;
        try {
            doc = JSON.std.mapFrom(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the message body is not a JSON object: " + e.getMessage(), e);
        }
        if (doc == null) {
            throw new IllegalArgumentException("the message body is empty");
        }
        if ("s3:TestEvent".equals(doc.get("Event"))) {
            return new ScanRequest.TestEvent();
        }
        if (doc.containsKey("Records")) {
            return objectsCreated(doc.get("Records"));
        }
        if ("aws.ecr".equals(doc.get("source"))) {
            return EcrEvents.parse(doc);
        }
        return new ScanRequest.Job(ScanJob.fromJson(body));
    }

    private static ScanRequest objectsCreated(Object records) {
        if (!(records instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("an S3 notification has a non-empty Records array");
        }
        List<ScanRequest.CreatedObject> objects = new ArrayList<>();
        for (Object r : list) {
            Map<String, Object> record = map(r, "Records[]");
            if (!"aws:s3".equals(record.get("eventSource"))) {
                throw new IllegalArgumentException("a notification record from " + record.get("eventSource")
                        + ", not aws:s3");
            }
            Object name = record.get("eventName");
            if (!(name instanceof String event) || !event.startsWith("ObjectCreated:")) {
                throw new IllegalArgumentException("an S3 " + name + " event, not ObjectCreated");
            }
            Map<String, Object> s3 = map(record.get("s3"), "s3");
            Map<String, Object> bucket = map(s3.get("bucket"), "s3.bucket");
            Map<String, Object> object = map(s3.get("object"), "s3.object");
            if (!(object.get("key") instanceof String key)) {
                throw new IllegalArgumentException("an S3 notification without s3.object.key");
            }
            long size = object.get("size") instanceof Number n ? n.longValue() : -1;
            String etag = object.get("eTag") instanceof String e ? e : null;
            objects.add(new ScanRequest.CreatedObject((String) bucket.get("name"),
                    URLDecoder.decode(key, StandardCharsets.UTF_8), size, etag));
        }
        return new ScanRequest.ObjectsCreated(objects);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("an S3 notification without " + what);
        }
        return (Map<String, Object>) o;
    }
}
