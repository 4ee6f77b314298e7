package dev.imagescan.functions.api;

import dev.imagescan.store.ObjectInfo;

/**
 * The {@code 303 See Other} answer that sends a client to a report object in S3: {@code Location} is a presigned GET
 * URL ({@link PresignedLinks}) answered with the format's content type; {@code X-Imagescan-Link-Expires} says when
 * it stops working (ISO 8601 UTC), {@code X-Imagescan-Object} names the object ({@code s3://bucket/key}) and
 * {@code Cache-Control: no-store} keeps the short-lived URL out of caches. The small JSON body says the same for
 * clients that do not follow redirects.
 */
final class ReportRedirect {
    private ReportRedirect() {}

    /**
     * @param reason {@code "too large"} (the body would not fit a Lambda response) or {@code "requested"}
     *               ({@code redirect=true})
     */
    static ApiResponse to(PresignedLinks links, ObjectInfo info, ReportFormat format, String reason) {
        PresignedLinks.Link link = links.get(info.key(), format.contentType());
        String object = links.objectUri(info.key());
        return ApiResponse.json(303, g -> {
            g.writeStartObject();
            g.writeStringField("location", link.url().toString());
            JsonContent.instantField(g, "expiresAt", link.expiresAt());
            g.writeStringField("object", object);
            g.writeNumberField("size", info.size());
            g.writeStringField("contentType", format.contentType());
            g.writeStringField("reason", reason);
            g.writeEndObject();
        }).withHeader("Location", link.url().toString())
                .withHeader("X-Imagescan-Link-Expires", link.expiresAt().toString())
                .withHeader("X-Imagescan-Object", object)
                .withHeader("Cache-Control", "no-store");
    }
}
