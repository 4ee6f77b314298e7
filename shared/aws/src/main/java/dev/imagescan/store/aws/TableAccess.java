package dev.imagescan.store.aws;

import dev.imagescan.store.ConditionFailedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The single-item operations the table parts use, each conditional where it writes: a failed condition is a
 * {@link ConditionFailedException}, any other failure a {@link dev.imagescan.store.StoreException}.
 */
final class TableAccess {
    final DynamoDbClient dynamo;
    final String table;
    final Clock clock;
    final Duration retention;

    TableAccess(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(ScanTableSchema.PK, Items.s(pk), ScanTableSchema.SK, Items.s(sk));
    }

    /** The item, read strongly consistent; empty if absent. */
    Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key, String what) {
        try {
            var response = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.failure("reading " + what + " from table " + table, e);
        }
    }

    /** Writes the whole item if {@code condition} holds. */
    void put(Map<String, AttributeValue> item, String condition, Map<String, String> names,
            Map<String, AttributeValue> values, String what) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression(condition)
                    .expressionAttributeNames(orNull(names))
                    .expressionAttributeValues(orNull(values)));
        } catch (ConditionalCheckFailedException e) {
            throw new ConditionFailedException(what + ": the condition of the write did not hold", e);
        } catch (SdkException e) {
            throw AwsErrors.failure("writing " + what + " to table " + table, e);
        }
    }

    /** Updates the item if {@code condition} holds; returns it as it is after the update. */
    Map<String, AttributeValue> update(Map<String, AttributeValue> key, String update, String condition,
            Map<String, String> names, Map<String, AttributeValue> values, String what) {
        try {
            return dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(orNull(names))
                    .expressionAttributeValues(orNull(values)).returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (ConditionalCheckFailedException e) {
            throw new ConditionFailedException(what + ": the condition of the update did not hold", e);
        } catch (SdkException e) {
            throw AwsErrors.failure("updating " + what + " in table " + table, e);
        }
    }

    /** Deletes the item if {@code condition} holds. */
    void delete(Map<String, AttributeValue> key, String condition, Map<String, String> names,
            Map<String, AttributeValue> values, String what) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key).conditionExpression(condition)
                    .expressionAttributeNames(orNull(names)).expressionAttributeValues(orNull(values)));
        } catch (ConditionalCheckFailedException e) {
            throw new ConditionFailedException(what + ": the condition of the delete did not hold", e);
        } catch (SdkException e) {
            throw AwsErrors.failure("deleting " + what + " from table " + table, e);
        }
    }

    /** DynamoDB refuses empty expression maps: an empty map is sent as none. */
    private static <K, V> Map<K, V> orNull(Map<K, V> map) {
        return map == null || map.isEmpty() ? null : map;
    }

    QueryResponse query(QueryRequest request, String what) {
        try {
            return dynamo.query(request);
        } catch (SdkException e) {
            throw AwsErrors.failure("querying " + what + " in table " + table, e);
        }
    }
}
