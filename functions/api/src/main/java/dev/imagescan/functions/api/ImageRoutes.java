package dev.imagescan.functions.api;

import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.Images;
import dev.imagescan.store.Page;
import dev.imagescan.store.ScanTable;

/** {@code GET /images} (a page of image summaries) and {@code GET /images/{digest}} (one image's latest result). */
public final class ImageRoutes {
    /** Images per page when {@code limit} is not given. */
    public static final int DEFAULT_LIMIT = 50;

    private final ScanTable table;

    public ImageRoutes(ScanTable table) {
        this.table = table;
    }

    public void register(Router router) {
        router.add("GET", "/images", (request, params) -> list(request));
        router.add("GET", "/images/{digest}", (request, params) -> get(params.get("digest")));
    }

    private ApiResponse list(ApiRequest request) {
        int limit = limit(request.query("limit"));
        String next = request.query("next");
        if (next != null && next.isEmpty()) {
            throw ApiException.badRequest("next must be a page token from an earlier answer, not empty");
        }
        Page<ImageRecord> page;
        try {
            page = table.images().list(limit, next);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("next: " + e.getMessage());
        }
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("images");
            for (ImageRecord image : page.items()) {
                ImageJson.summary(g, image);
            }
            g.writeEndArray();
            g.writeStringField("next", page.nextToken());
            g.writeEndObject();
        });
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= Images.MAX_PAGE_SIZE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + Images.MAX_PAGE_SIZE + ", not '"
                + ApiText.cut(value) + "'");
    }

    private ApiResponse get(String digest) {
        ImageRecord image = LatestResults.image(table, digest);
        return ApiResponse.json(200, g -> ImageJson.full(g, image));
    }
}
