/**
 * The storage ports over AWS: {@link dev.imagescan.store.aws.S3ObjectStore},
 * {@link dev.imagescan.store.aws.DynamoScanTable} (with its schema, {@link dev.imagescan.store.aws.ScanTableSchema})
 * and {@link dev.imagescan.store.aws.SqsJobQueue}, each over an SDK v2 client built once by the caller, for example
 * with {@link dev.imagescan.store.aws.AwsClients}. The SDK is an optional dependency of this library: a module
 * that uses this package declares {@code s3}, {@code dynamodb}, {@code sqs} and {@code apache-client}.
 */
package dev.imagescan.store.aws;
