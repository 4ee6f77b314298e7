package dev.imagescan.store.aws;

import dev.imagescan.testing.aws.LocalAws;
import java.time.Duration;
import software.amazon.awssdk.regions.Region;

/** The adapters' settings and scan tables on the local test servers ({@link LocalAws}). */
public final class LocalClients {
    private LocalClients() {}

    /** Settings for code that builds its own clients: the servers' endpoints, region and credentials. */
    public static AwsClients settings(LocalAws aws) {
        return new AwsClients(Region.of(aws.region()), aws.s3Endpoint(), aws.dynamoDbEndpoint(), aws.sqsEndpoint(),
                aws.eventsEndpoint(), true, aws.credentials());
    }

    /** A new empty scan table ({@link ScanTableSchema}), ACTIVE, with TTL where the server implements it. */
    public static String createTable(LocalAws aws) {
        return aws.createTable((db, name) -> ScanTableSchema.create(db, name, Duration.ofSeconds(30)),
                (db, name) -> db.updateTimeToLive(ScanTableSchema.timeToLiveRequest(name)));
    }
}
