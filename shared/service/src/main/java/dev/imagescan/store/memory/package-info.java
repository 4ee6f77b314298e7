/**
 * The storage ports of {@code dev.imagescan.store} held in memory:
 * {@link dev.imagescan.store.memory.InMemoryObjectStore}, {@link dev.imagescan.store.memory.InMemoryScanTable}
 * (images, scans, claims, layer index), {@link dev.imagescan.store.memory.InMemoryJobQueue},
 * {@link dev.imagescan.store.memory.InMemoryCompletionQueue}, {@link dev.imagescan.store.memory.InMemoryPolicyStore}
 * and {@link dev.imagescan.store.memory.InMemoryEventBus}. They keep the ports' contracts as the AWS adapters
 * ({@code dev.imagescan.store.aws}) do: the same conditional writes and their
 * {@link dev.imagescan.store.ConditionFailedException}s, revisions, claim outcomes and leases, scan transitions, page
 * tokens checked on the way in, times kept to the millisecond (TTLs to the second), tag limits. Time comes from the
 * {@link java.time.Clock} each is given, so tests move leases, TTLs and visibility timeouts by hand. The queues also
 * let a test receive what was sent, as SQS delivers it ({@link dev.imagescan.store.memory.InMemoryQueue}: visibility
 * timeout, receive count, dead letters after the last allowed delivery).
 *
 * <p>For the service's tests and for local runs without AWS: everything lives in the JVM and is lost with it. Every
 * class is safe to share between threads.
 */
package dev.imagescan.store.memory;
