package dev.imagescan.store;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** An {@link ObjectStore} that passes every call to another: the base of decorators (counting, faults in tests). */
public abstract class ForwardingObjectStore implements ObjectStore {
    protected final ObjectStore delegate;

    protected ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String put(String key, byte[] bytes, PutOptions options) {
        return delegate.put(key, bytes, options);
    }

    @Override
    public String put(String key, InputStream content, long length, PutOptions options) {
        return delegate.put(key, content, length, options);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes, PutOptions options) {
        return delegate.putIfAbsent(key, bytes, options);
    }

    @Override
    public InputStream get(String key) {
        return delegate.get(key);
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        return delegate.get(key, offset, length);
    }

    @Override
    public boolean contentMatches(ObjectInfo object, byte[] md5) {
        return delegate.contentMatches(object, md5);
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return delegate.head(key);
    }

    @Override
    public Page<ObjectInfo> list(String prefix, int pageSize, String pageToken) {
        return delegate.list(prefix, pageSize, pageToken);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public void setTags(String key, Map<String, String> tags) {
        delegate.setTags(key, tags);
    }

    @Override
    public Map<String, String> tags(String key) {
        return delegate.tags(key);
    }
}
