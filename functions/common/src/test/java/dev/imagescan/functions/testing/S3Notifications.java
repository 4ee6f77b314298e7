package dev.imagescan.functions.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The message body S3 puts on a queue for an ObjectCreated event (event notification structure, version 2.1): the
 * local servers send no notifications, so tests send what S3 would. The key is URL-encoded as S3 does ({@code +} for a
 * space).
 */
public final class S3Notifications {
    private static final JsonFactory JSON = new JsonFactory();

    private S3Notifications() {}

    public static String objectCreated(String region, String bucket, String key, long size, String etag) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            g.writeStartObject();
            g.writeStringField("eventVersion", "2.1");
            g.writeStringField("eventSource", "aws:s3");
            g.writeStringField("awsRegion", region);
            g.writeStringField("eventTime", Instant.now().toString());
            g.writeStringField("eventName", "ObjectCreated:Put");
            g.writeObjectFieldStart("userIdentity");
            g.writeStringField("principalId", "AWS:AIDAEXAMPLE");
            g.writeEndObject();
            g.writeObjectFieldStart("requestParameters");
            g.writeStringField("sourceIPAddress", "127.0.0.1");
            g.writeEndObject();
            g.writeObjectFieldStart("responseElements");
            g.writeStringField("x-amz-request-id", "C3D13FE58DE4C810");
            g.writeStringField("x-amz-id-2", "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD");
            g.writeEndObject();
            g.writeObjectFieldStart("s3");
            g.writeStringField("s3SchemaVersion", "1.0");
            g.writeStringField("configurationId", "incoming-to-scan-queue");
            g.writeObjectFieldStart("bucket");
            g.writeStringField("name", bucket);
            g.writeObjectFieldStart("ownerIdentity");
            g.writeStringField("principalId", "A3NL1KOZZKExample");
            g.writeEndObject();
            g.writeStringField("arn", "arn:aws:s3:::" + bucket);
            g.writeEndObject();
            g.writeObjectFieldStart("object");
            g.writeStringField("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
            g.writeNumberField("size", size);
            g.writeStringField("eTag", etag);
            g.writeStringField("sequencer", Long.toHexString(System.nanoTime()).toUpperCase());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
