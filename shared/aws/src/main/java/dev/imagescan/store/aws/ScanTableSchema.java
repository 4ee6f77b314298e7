package dev.imagescan.store.aws;

import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The scan table's schema (docs/storage.md): string keys {@code pk} and {@code sk}, one global secondary index
 * {@code gsi1} ({@code gsi1pk}, {@code gsi1sk}, all attributes projected) and the TTL attribute
 * {@code expiresAt} (epoch seconds). The deployment template declares the same; tests and local runs create the
 * table from here.
 */
public final class ScanTableSchema {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "gsi1";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    /** The TTL attribute: epoch seconds after which DynamoDB may delete the item. */
    public static final String TTL = "expiresAt";

    private ScanTableSchema() {}

    /** Creates the table {@code name} on demand capacity. */
    public static CreateTableRequest createTableRequest(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute(PK), stringAttribute(SK), stringAttribute(GSI1_PK),
                        stringAttribute(GSI1_SK))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(GSI1)
                        .keySchema(key(GSI1_PK, KeyType.HASH), key(GSI1_SK, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    /** Turns on expiry by {@link #TTL} for the table {@code name}. */
    public static UpdateTimeToLiveRequest timeToLiveRequest(String name) {
        return UpdateTimeToLiveRequest.builder()
                .tableName(name)
                .timeToLiveSpecification(b -> b.attributeName(TTL).enabled(true))
                .build();
    }

    /**
     * Creates the table and waits until it and its index are ACTIVE (up to {@code timeout}). TTL is a separate
     * call ({@link #timeToLiveRequest}), since not every DynamoDB-compatible server implements it.
     */
    public static void create(DynamoDbClient dynamo, String name, Duration timeout) {
        try {
            dynamo.createTable(createTableRequest(name));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                var table = dynamo.describeTable(b -> b.tableName(name)).table();
                boolean active = table.tableStatus() == TableStatus.ACTIVE && table.globalSecondaryIndexes().stream()
                        .allMatch(i -> "ACTIVE".equals(i.indexStatusAsString()));
                if (active) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("table " + name + " not ACTIVE after " + timeout);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating table " + name, e);
        } catch (SdkException e) {
            throw AwsErrors.failure("creating table " + name, e);
        }
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
