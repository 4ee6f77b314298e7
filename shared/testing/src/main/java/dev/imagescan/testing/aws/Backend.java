package dev.imagescan.testing.aws;

import java.net.URI;

/**
 * Where the three services run for this JVM.
 *
 * @param description     what runs, for test output
 * @param onDocker        whether it is LocalStack in a container
 * @param objectTagging   whether the S3 endpoint implements object tagging
 * @param timeToLive      whether the DynamoDB endpoint implements UpdateTimeToLive
 * @param events          EventBridge's endpoint
 * @param localEvents     the {@link LocalEventBus} behind {@code events}, null when it is LocalStack's
 * @param stop            ends the servers
 */
record Backend(String description, boolean onDocker, URI s3, URI dynamoDb, URI sqs, String region, String accessKey,
        String secretKey, boolean objectTagging, boolean timeToLive, URI events, LocalEventBus localEvents,
        Runnable stop) {}
