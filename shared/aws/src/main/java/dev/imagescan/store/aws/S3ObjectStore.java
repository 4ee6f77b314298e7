package dev.imagescan.store.aws;

import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.Page;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.UnsupportedFeatureException;
import java.util.regex.Pattern;
import java.util.Locale;
import java.util.HexFormat;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/** {@link ObjectStore} over one S3 bucket. */
public final class S3ObjectStore implements ObjectStore {
    private static final Pattern MD5_ETAG = Pattern.compile("[0-9a-f]{32}");
    private static final int CONFLICT_RETRIES = 3;

    private final S3Client s3;
    private final String bucket;

    /** @param s3 a client built once and shared; this store does not close it */
    public S3ObjectStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public String put(String key, byte[] bytes, PutOptions options) {
        try {
            return etag(s3.putObject(putRequest(key, options, null), RequestBody.fromBytes(bytes)).eTag());
        } catch (SdkException e) {
            throw translate("put", key, e);
        }
    }

    @Override
    public String put(String key, InputStream content, long length, PutOptions options) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        try {
            return etag(s3.putObject(putRequest(key, options, null), RequestBody.fromInputStream(content, length))
                    .eTag());
        } catch (SdkException e) {
            throw translate("put", key, e);
        } catch (IllegalStateException e) {
            // the SDK's length check: the stream ended before length bytes; the request was cut, nothing stored
            throw new StoreException("put of " + key + " in bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes, PutOptions options) {
        PutObjectRequest request = putRequest(key, options, "*");
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(request, RequestBody.fromBytes(bytes));
                return true;
            } catch (SdkException e) {
                int status = AwsErrors.status(e);
                if (status == 412) {
                    return false;
                }
                // 409 ConditionalRequestConflict: another conditional write of this key is under way; S3 asks to retry
                if (status != 409 || attempt >= CONFLICT_RETRIES) {
                    throw translate("put-if-absent", key, e);
                }
            }
        }
    }

    private PutObjectRequest putRequest(String key, PutOptions options, String ifNoneMatch) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(options.contentType())
                .ifNoneMatch(ifNoneMatch);
        if (!options.tags().isEmpty()) {
            request.tagging(tagging(options.tags()));
        }
        return request.build();
    }

    @Override
    public InputStream get(String key) {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (SdkException e) {
            throw translate("get", key, e);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("a range needs offset ≥ 0 and length > 0, not " + offset + "+" + length);
        }
        long last = offset + length - 1 < 0 ? Long.MAX_VALUE : offset + length - 1;
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key)
                    .range("bytes=" + offset + "-" + last).build());
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                head(key).orElseThrow(() -> new NotFoundException("no object " + key + " in bucket " + bucket));
                return InputStream.nullInputStream();
            }
            throw translate("ranged get", key, e);
        } catch (SdkException e) {
            throw translate("ranged get", key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(key, head.contentLength(), etag(head.eTag()), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(AwsErrors.code(e))) {
                return Optional.empty();
            }
            throw translate("head", key, e);
        } catch (SdkException e) {
            throw translate("head", key, e);
        }
    }

    @Override
    public Page<ObjectInfo> list(String prefix, int pageSize, String pageToken) {
        Objects.requireNonNull(prefix, "prefix");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE_SIZE + ", not " + pageSize);
        }
        String continuation = pageToken == null ? null : ObjectPageToken.decode(prefix, pageToken);
        ListObjectsV2Response page;
        try {
            page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(pageSize)
                    .continuationToken(continuation));
        } catch (S3Exception e) {
            if (continuation != null && e.statusCode() == 400) {
                throw new IllegalArgumentException("page token refused by the store: " + AwsErrors.describe(e), e);
            }
            throw translate("list", prefix, e);
        } catch (SdkException e) {
            throw translate("list", prefix, e);
        }
        List<ObjectInfo> items = new ArrayList<>(page.contents().size());
        for (S3Object o : page.contents()) {
            items.add(new ObjectInfo(o.key(), o.size(), etag(o.eTag()), o.lastModified()));
        }
        boolean more = Boolean.TRUE.equals(page.isTruncated()) && page.nextContinuationToken() != null;
        return new Page<>(items, more ? ObjectPageToken.encode(prefix, page.nextContinuationToken()) : null);
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw translate("delete", key, e);
        }
    }

    @Override
    public void setTags(String key, Map<String, String> tags) {
        Tagging tagging = tagging(ObjectStore.checkTags(tags));
        try {
            s3.putObjectTagging(b -> b.bucket(bucket).key(key).tagging(tagging));
        } catch (SdkException e) {
            throw translate("tagging", key, e);
        }
    }

    @Override
    public Map<String, String> tags(String key) {
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tag tag : s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet()) {
                tags.put(tag.key(), tag.value());
            }
            return tags;
        } catch (SdkException e) {
            throw translate("reading the tags", key, e);
        }
    }

    private static Tagging tagging(Map<String, String> tags) {
        List<Tag> set = new ArrayList<>(tags.size());
        tags.forEach((k, v) -> set.add(Tag.builder().key(k).value(v).build()));
        return Tagging.builder().tagSet(set).build();
    }

    private StoreException translate(String action, String key, SdkException e) {
        String code = AwsErrors.code(e);
        int status = AwsErrors.status(e);
        if (e instanceof NoSuchKeyException || status == 404 && !"NoSuchBucket".equals(code)) {
            return new NotFoundException("no object " + key + " in bucket " + bucket, e);
        }
        if (status == 501 || "NotImplemented".equals(code)) {
            return new UnsupportedFeatureException(action + " of " + key + " in bucket " + bucket
                    + ": the S3 endpoint does not implement it (" + AwsErrors.describe(e) + ")", e);
        }
        return AwsErrors.failure(action + " of " + key + " in bucket " + bucket, e);
    }

    /** An etag without the quotes S3 puts around it. */
    /**
     * S3's etag of a single-part upload is the hex MD5 of the bytes; a multipart upload's ({@code <hex>-<parts>}) is
     * not, and cannot be checked this way.
     */
    @Override
    public boolean contentMatches(ObjectInfo object, byte[] md5) {
        if (object.etag() == null) {
            return false;
        }
        String plain = etag(object.etag()).toLowerCase(Locale.ROOT);
        return !MD5_ETAG.matcher(plain).matches() || plain.equals(HexFormat.of().formatHex(md5));
    }

    static String etag(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }
}
