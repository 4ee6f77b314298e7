package dev.imagescan.registry;

import java.io.IOException;

/**
 * Carries one HTTP request to its answer, with no redirect, retry or authentication of its own (those are
 * {@link RegistryTransport}'s, the same whichever sender carries the bytes). A request that gets no status and
 * headers within its timeout fails with a {@link java.net.http.HttpTimeoutException}; a body that stalls longer than
 * the read timeout fails its read with an {@link IOException} saying so.
 */
interface HttpSender {

    /** Sends {@code request} and returns its answer, whatever its status. */
    HttpAnswer send(HttpRequestSpec request) throws IOException;
}
