package dev.imagescan.testing.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * S3, DynamoDB, SQS and EventBridge endpoints for tests: {@link #get()} starts them the first time it is called in a
 * JVM and a shutdown hook ends them when the JVM exits. Where a Docker engine runs it is LocalStack (Testcontainers);
 * elsewhere S3Proxy, dynalite, ElasticMQ and a {@link LocalEventBus} on loopback ({@link LoopbackBackend}).
 * {@code -Dimagescan.localaws=docker|loopback} (or the environment variable {@code IMAGESCAN_LOCALAWS}) forces one;
 * the default {@code auto} asks Testcontainers whether Docker is there. Each test takes fresh resources
 * ({@link #createBucket},
 * {@link #createTable}, {@link #createQueue}, {@link #createEventBus}) with unique names, so tests never see each
 * other's data. What a bus took is read back with {@link #events}: from the {@link LocalEventBus} directly, or on
 * LocalStack through a catch-all rule that forwards the bus's events to a queue.
 */
public final class LocalAws {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static LocalAws instance;

    private final Backend backend;
    private final AwsCredentialsProvider credentials;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final EventBridgeClient eventBridge;
    /** LocalStack only: the queue each bus forwards its events to, and what was read from it so far. */
    private final Map<String, String> busQueues = new ConcurrentHashMap<>();
    private final Map<String, List<LocalEventBus.Entry>> busEvents = new ConcurrentHashMap<>();

    private LocalAws(Backend backend) {
        this.backend = backend;
        this.credentials = SdkClients.credentials(backend.accessKey(), backend.secretKey());
        this.s3 = SdkClients.s3(backend.region(), backend.s3(), credentials);
        this.dynamoDb = SdkClients.dynamoDb(backend.region(), backend.dynamoDb(), credentials);
        this.sqs = SdkClients.sqs(backend.region(), backend.sqs(), credentials);
        this.eventBridge = SdkClients.eventBridge(backend.region(), backend.events(), credentials);
    }

    /** The endpoints of this JVM, started now if they are not yet. */
    public static synchronized LocalAws get() {
        if (instance == null) {
            long start = System.nanoTime();
            boolean docker = useDocker();
            double choice = (System.nanoTime() - start) / 1e9;
            Backend backend = docker ? LocalStackBackend.start() : LoopbackBackend.start();
            LocalAws started = new LocalAws(backend);
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "local-aws-shutdown"));
            System.out.printf(Locale.ROOT, "[local-aws] %s; Docker check %.1f s, all up in %.1f s%n",
                    backend.description(), choice, (System.nanoTime() - start) / 1e9);
            instance = started;
        }
        return instance;
    }

    private static boolean useDocker() {
        String choice = System.getProperty("imagescan.localaws", System.getenv().getOrDefault("IMAGESCAN_LOCALAWS",
                "auto")).toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "docker", "localstack" -> true;
            case "loopback", "local" -> false;
            case "auto" -> LocalStackBackend.dockerAvailable();
            default -> throw new IllegalArgumentException("imagescan.localaws is auto, docker or loopback, not "
                    + choice);
        };
    }

    /** What runs: LocalStack, or the loopback servers with their PIDs. */
    public String description() {
        return backend.description();
    }

    /** Whether the endpoints are LocalStack in Docker. */
    public boolean onDocker() {
        return backend.onDocker();
    }

    /** Whether the S3 endpoint implements object tagging (S3Proxy answers 501 Not Implemented). */
    public boolean supportsObjectTagging() {
        return backend.objectTagging();
    }

    /** Whether the DynamoDB endpoint implements UpdateTimeToLive (dynalite does not; items still carry the TTL). */
    public boolean supportsTimeToLive() {
        return backend.timeToLive();
    }

    /** The region the servers answer for. */
    public String region() {
        return backend.region();
    }

    /** The servers' credentials, for code that builds its own clients. */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * The environment variables {@code AwsClients.fromEnvironment} reads, pointing at these endpoints, plus the
     * SDK's credential variables: for a function under test that is configured by its environment.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", backend.region());
        env.put("AWS_ACCESS_KEY_ID", backend.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", backend.secretKey());
        env.put("IMAGESCAN_S3_ENDPOINT", backend.s3().toString());
        env.put("IMAGESCAN_DYNAMODB_ENDPOINT", backend.dynamoDb().toString());
        env.put("IMAGESCAN_SQS_ENDPOINT", backend.sqs().toString());
        env.put("IMAGESCAN_EVENTS_ENDPOINT", backend.events().toString());
        env.put("IMAGESCAN_S3_PATH_STYLE", "true");
        return env;
    }

    public URI s3Endpoint() {
        return backend.s3();
    }

    public URI dynamoDbEndpoint() {
        return backend.dynamoDb();
    }

    public URI sqsEndpoint() {
        return backend.sqs();
    }

    public URI eventsEndpoint() {
        return backend.events();
    }

    /**
     * The in-process EventBridge server, empty on LocalStack: how a test injects entry failures
     * ({@link LocalEventBus#failNext}).
     */
    public Optional<LocalEventBus> localEventBus() {
        return Optional.ofNullable(backend.localEvents());
    }

    /** A shared EventBridge client for these endpoints (closed at exit). */
    public EventBridgeClient eventBridge() {
        return eventBridge;
    }

    /** A shared S3 client for these endpoints (closed at exit). */
    public S3Client s3() {
        return s3;
    }

    /** A shared DynamoDB client for these endpoints (closed at exit). */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** A shared SQS client for these endpoints (closed at exit). */
    public SqsClient sqs() {
        return sqs;
    }

    /** A new empty bucket with a unique name; returns the name. */
    public String createBucket() {
        String name = uniqueName("bucket");
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    /**
     * A new empty table with a unique name, made by {@code create} (given the client and the name; it waits until
     * the table is ACTIVE), with TTL turned on by {@code timeToLive} where the endpoint implements it; returns the
     * name.
     */
    public String createTable(BiConsumer<DynamoDbClient, String> create,
            BiConsumer<DynamoDbClient, String> timeToLive) {
        String name = uniqueName("table");
        create.accept(dynamoDb, name);
        if (backend.timeToLive()) {
            try {
                timeToLive.accept(dynamoDb, name);
            } catch (DynamoDbException e) {
                throw new IllegalStateException("turning on TTL for " + name + ": " + e.getMessage(), e);
            }
        }
        return name;
    }

    /** A new standard queue with a unique name; returns its URL. */
    public String createQueue() {
        return createQueue(Map.of());
    }

    /** A new standard queue with a unique name and these attributes; returns its URL. */
    public String createQueue(Map<QueueAttributeName, String> attributes) {
        String name = uniqueName("queue");
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    /**
     * A new event bus with a unique name ({@code CreateEventBus}); returns the name. On LocalStack a rule forwards
     * everything it takes to a new queue, which {@link #events} reads.
     */
    public String createEventBus() {
        String name = uniqueName("bus");
        eventBridge.createEventBus(b -> b.name(name));
        if (backend.localEvents() == null) {
            String queueUrl = createQueue();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            eventBridge.putRule(b -> b.name("all-" + name).eventBusName(name)
                    .eventPattern("{\"source\":[{\"prefix\":\"\"}]}"));
            eventBridge.putTargets(b -> b.rule("all-" + name).eventBusName(name)
                    .targets(t -> t.id("queue").arn(queueArn)));
            busQueues.put(name, queueUrl);
        }
        return name;
    }

    /**
     * The events {@code bus} took so far, in the order taken (on LocalStack: in the order its queue delivers them,
     * after waiting a second for stragglers).
     */
    public List<LocalEventBus.Entry> events(String bus) {
        if (backend.localEvents() != null) {
            return backend.localEvents().entries(bus);
        }
        String queueUrl = busQueues.get(bus);
        if (queueUrl == null) {
            throw new IllegalArgumentException("no bus " + bus + " made by createEventBus");
        }
        List<LocalEventBus.Entry> seen = busEvents.computeIfAbsent(bus, b -> new ArrayList<>());
        synchronized (seen) {
            while (true) {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages();
                if (messages.isEmpty()) {
                    return List.copyOf(seen);
                }
                for (Message m : messages) {
                    seen.add(envelope(bus, m.body()));
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
        }
    }

    /** An EventBridge event as a rule delivers it ({@code id}, {@code source}, {@code detail-type}, {@code detail}). */
    private static LocalEventBus.Entry envelope(String bus, String json) {
        try {
            Map<String, Object> e = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(json);
            List<String> resources = new ArrayList<>();
            if (e.get("resources") instanceof List<?> rs) {
                rs.forEach(r -> resources.add(String.valueOf(r)));
            }
            return new LocalEventBus.Entry((String) e.get("id"), bus, (String) e.get("source"),
                    (String) e.get("detail-type"), com.fasterxml.jackson.jr.ob.JSON.std.asString(e.get("detail")),
                    resources, java.time.Instant.now());
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("an event forwarded to a queue is not JSON: " + json, ex);
        }
    }

    /**
     * A name no other test of this JVM (nor, very likely, of another) uses: {@code prefix}, a counter and random
     * letters, lower case, valid as a bucket, table and queue name.
     */
    public static String uniqueName(String prefix) {
        StringBuilder random = new StringBuilder();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            random.append((char) ('a' + rnd.nextInt(26)));
        }
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + random;
    }

    private void shutdown() {
        s3.close();
        dynamoDb.close();
        sqs.close();
        eventBridge.close();
        backend.stop().run();
    }
}
