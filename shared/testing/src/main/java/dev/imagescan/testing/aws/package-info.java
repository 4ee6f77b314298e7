/**
 * S3, DynamoDB and SQS endpoints for tests, started once per JVM: {@link dev.imagescan.testing.aws.LocalAws}.
 * LocalStack through Testcontainers where a Docker engine runs; otherwise real open-source servers on loopback
 * (S3Proxy and dynalite as child processes, ElasticMQ in-process). Function modules reuse it through the
 * {@code imagescan-shared} test-jar (docs/storage.md says what they must declare).
 */
package dev.imagescan.testing.aws;
