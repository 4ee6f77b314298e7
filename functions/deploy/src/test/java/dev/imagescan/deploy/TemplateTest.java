package dev.imagescan.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.ScanTableSchema;
import dev.imagescan.vulndb.AdvisorySources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Checks template.yaml: it is a valid SAM template (against the SAM schema), and it keeps the rules the functions
 * and docs rely on: the fixed function names, code locations and handlers; least-privilege policies; SQS timings;
 * the table exactly as {@link ScanTableSchema} creates it; the bucket's notification, protection and lifecycle.
 */
class TemplateTest {
    /** The functions, by logical id, and the module (= jar) name each is built from. */
    private static final Map<String, String> FUNCTIONS = Map.of("ScanFunction", "scan", "EnumerateFunction",
            "enumerate", "DbUpdateFunction", "dbupdate", "PublishFunction", "publish", "ApiFunction", "api",
            "HarborFunction", "harbor");
    private static final Map<String, String> HANDLERS = Map.of(
            "ScanFunction", "dev.imagescan.functions.scan.ScanHandler::handleRequest",
            "EnumerateFunction", "dev.imagescan.functions.enumerate.EnumerateHandler::handleRequest",
            "DbUpdateFunction", "dev.imagescan.functions.dbupdate.DbUpdateHandler::handleRequest",
            "PublishFunction", "dev.imagescan.functions.publish.PublishHandler::handleRequest",
            "ApiFunction", "dev.imagescan.functions.api.ApiHandler::handleRequest",
            "HarborFunction", "dev.imagescan.functions.harbor.HarborHandler::handleRequest");
    /** The variables each function has besides the Globals' (SAM merges the two maps). */
    private static final Map<String, Set<String>> OWN_VARIABLES = Map.of(
            "ScanFunction", Set.of("IMAGESCAN_COMPLETED_QUEUE_URL", "IMAGESCAN_REGISTRY_SECRET"),
            "EnumerateFunction", Set.of("IMAGESCAN_SWEEP", "IMAGESCAN_REGISTRY_SECRET"),
            "DbUpdateFunction", Set.of("IMAGESCAN_FEEDS", "IMAGESCAN_MAX_DROP", "JAVA_TOOL_OPTIONS"),
            "PublishFunction", Set.of("IMAGESCAN_EVENT_BUS"),
            "ApiFunction", Set.of("IMAGESCAN_ADMISSION_UNSCANNED", "IMAGESCAN_ADMISSION_ON_ERROR",
                    "IMAGESCAN_REGISTRY_SECRET"),
            "HarborFunction", Set.of("IMAGESCAN_HARBOR_SECRET_ID", "IMAGESCAN_HARBOR_REGISTRIES"));
    /** The policy documents' prefix (PolicyStore's S3 adapter). */
    private static final String POLICY = "policy/";
    /** The HTTP API's routes, all to ApiFunction. */
    private static final Set<String> API_ROUTES = Set.of("POST /scans", "GET /scans/{id}", "GET /images",
            "GET /images/{digest}", "GET /images/{digest}/report", "GET /images/{digest}/verdict", "GET /policy",
            "PUT /policy", "POST /admission");
    /** The Harbor adapter's routes (Pluggable Scanner API v1.2), all to HarborFunction on HarborApi. */
    private static final Set<String> HARBOR_ROUTES = Set.of("GET /api/v1/metadata", "POST /api/v1/scan",
            "GET /api/v1/scan/{scan_request_id}/report");
    /** SnapStart refuses functions with more ephemeral storage than this (MB). */
    private static final int SNAPSTART_MAX_EPHEMERAL_MB = 512;

    private static JsonNode template;
    private static JsonSchema samSchema;

    @BeforeAll
    static void readTemplate() {
        template = CloudFormationYaml.read(Repository.root().resolve("template.yaml"));
    }

    @Test
    void isAValidSamTemplate() {
        assertThat(template.path("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(samSchemaProblems(template)).isEmpty();
    }

    @Test
    void theSchemaCheckCatchesAMistake() {
        // the same template with a misspelt function property: proves the validation above is not vacuous
        ObjectNode broken = template.deepCopy();
        ((ObjectNode) broken.at("/Resources/ScanFunction/Properties")).put("MemorySise", 2048);
        assertThat(samSchemaProblems(broken)).isNotEmpty();
        ObjectNode badEvent = template.deepCopy();
        ((ObjectNode) badEvent.at("/Resources/ScanFunction/Properties/Events/ScanQueue/Properties"))
                .put("BatchSise", 5);
        assertThat(samSchemaProblems(badEvent)).isNotEmpty();
    }

    @Test
    void cfnLintAcceptsTheTemplateWhereInstalled() throws Exception {
        // cfn-lint checks the CloudFormation resources' properties too, which the SAM schema leaves open
        Path root = Repository.root();
        Process process;
        try {
            process = new ProcessBuilder("cfn-lint", "--", "template.yaml").directory(root.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "cfn-lint is not installed");
            return;
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
        // 127: a version manager's shim found no cfn-lint for the active interpreter
        assumeTrue(process.exitValue() != 127, "cfn-lint is not installed: " + output);
        assertThat(output).isEmpty();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void functionsHaveTheAgreedNamesCodeAndHandlers() {
        Set<String> functions = new HashSet<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                functions.add(e.getKey());
            }
        });
        assertThat(functions).isEqualTo(FUNCTIONS.keySet());
        FUNCTIONS.forEach((function, module) -> {
            JsonNode properties = properties(function);
            assertThat(properties.path("CodeUri").asText()).as(function)
                    .isEqualTo("functions/" + module + "/target/" + module + ".jar")
                    .matches("functions/([a-z]+)/target/\\1\\.jar");
            assertThat(properties.path("Handler").asText()).as(function).isEqualTo(HANDLERS.get(function))
                    .startsWith("dev.imagescan.functions." + module + ".");
        });
    }

    @Test
    void globalsRunJava21WithSnapStartOnTheLiveAlias() {
        JsonNode globals = template.at("/Globals/Function");
        assertThat(globals.path("Runtime").asText()).isEqualTo("java21");
        assertThat(globals.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(globals.path("AutoPublishAlias").asText()).isEqualTo("live");
        for (String function : FUNCTIONS.keySet()) {
            JsonNode snapStart = effective(function, "SnapStart");
            if (snapStart.path("ApplyOn").asText().equals("PublishedVersions")) {
                assertThat(effective(function, "EphemeralStorage").path("Size").asInt(SNAPSTART_MAX_EPHEMERAL_MB))
                        .as(function + ": SnapStart allows no more ephemeral storage")
                        .isLessThanOrEqualTo(SNAPSTART_MAX_EPHEMERAL_MB);
            }
            assertThat(effective(function, "MemorySize").isInt()).as(function + " MemorySize").isTrue();
            assertThat(effective(function, "Timeout").isInt()).as(function + " Timeout").isTrue();
            assertThat(properties(function).path("LoggingConfig").path("LogGroup").path("Ref").asText())
                    .as(function + " log group").isNotEmpty()
                    .satisfies(group -> assertThat(resource(group).at("/Properties/RetentionInDays").isMissingNode())
                            .isFalse());
        }
    }

    @Test
    void theChosenArchitectureHasTheNativeLibraries() {
        JsonNode architectures = template.at("/Globals/Function/Architectures");
        assertThat(architectures.size()).isEqualTo(1);
        String architecture = architectures.get(0).asText();
        List<String> natives = switch (architecture) {
            case "arm64" -> List.of("linux/aarch64/", "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so");
            case "x86_64" -> List.of("linux/amd64/", "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
            default -> throw new AssertionError("unknown architecture " + architecture);
        };
        ClassLoader loader = getClass().getClassLoader();
        String zstd = natives.get(0) + "libzstd-jni-" + com.github.luben.zstd.util.ZstdVersion.VERSION + ".so";
        assertThat(loader.getResource(zstd)).as(zstd).isNotNull();
        assertThat(loader.getResource(natives.get(1))).as(natives.get(1)).isNotNull();
    }

    @Test
    void everyFunctionGetsTheSameEnvironment() {
        JsonNode variables = template.at("/Globals/Function/Environment/Variables");
        assertThat(names(variables)).containsExactlyInAnyOrder("IMAGESCAN_BUCKET", "IMAGESCAN_TABLE",
                "IMAGESCAN_QUEUE_URL", "IMAGESCAN_MAX_RECEIVES", "IMAGESCAN_DB_CHECK_SECONDS", "IMAGESCAN_REGISTRIES");
        // this account's ECR registry in this region, then the parameter's registries
        assertThat(variables.path("IMAGESCAN_REGISTRIES")).isEqualTo(sub(
                "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix},${RegistryAllowList}"));
        assertThat(variables.path("IMAGESCAN_BUCKET")).isEqualTo(ref("Bucket"));
        assertThat(variables.path("IMAGESCAN_TABLE")).isEqualTo(ref("ScanTable"));
        assertThat(variables.path("IMAGESCAN_QUEUE_URL")).isEqualTo(ref("ScanQueue"));
        assertThat(variables.path("IMAGESCAN_DB_CHECK_SECONDS").asText()).isEqualTo("60");
        assertThat(OWN_VARIABLES.keySet()).isEqualTo(FUNCTIONS.keySet());
        for (String function : FUNCTIONS.keySet()) {
            JsonNode own = properties(function).at("/Environment/Variables");
            assertThat(names(own)).as(function + ": its own variables, besides the Globals'")
                    .containsExactlyInAnyOrderElementsOf(OWN_VARIABLES.get(function));
            assertThat(names(own)).as(function + " overrides no global variable").doesNotContainAnyElementsOf(
                    names(variables));
        }
    }

    @Test
    void eachFunctionIsToldItsOwnResources() {
        assertThat(properties("ScanFunction").at("/Environment/Variables/IMAGESCAN_COMPLETED_QUEUE_URL"))
                .isEqualTo(ref("ScanCompletedQueue"));
        JsonNode bus = properties("PublishFunction").at("/Environment/Variables/IMAGESCAN_EVENT_BUS");
        assertThat(bus).isEqualTo(ref("EventBusName"));
        assertThat(resolve(bus).asText()).isEqualTo("default");
        JsonNode dbupdate = properties("DbUpdateFunction").at("/Environment/Variables");
        JsonNode join = dbupdate.path("IMAGESCAN_FEEDS").path("Fn::Join");
        assertThat(join.get(0).asText()).isEqualTo(",");
        assertThat(join.get(1).get(0).path("Fn::Join").get(1)).isEqualTo(ref("OsvFeeds"));
        assertThat(join.get(1).get(1).path("Fn::Join").get(1)).isEqualTo(ref("AdvisoryFeeds"));
        assertThat(template.at("/Parameters/OsvFeeds/Type").asText()).isEqualTo("CommaDelimitedList");
        for (String feed : template.at("/Parameters/OsvFeeds/Default").asText().split(",")) {
            assertThat(feed).matches("https://\\S+/all\\.zip");
        }
        // the language ecosystems' advisories, for the application packages
        assertThat(template.at("/Parameters/OsvFeeds/Default").asText().split(",")).extracting(
                f -> f.replaceAll(".*/([^/]+)/all\\.zip$", "$1")).contains("Maven", "npm", "PyPI", "Go", "crates.io",
                        "RubyGems", "NuGet", "Packagist");
        assertThat(template.at("/Parameters/AdvisoryFeeds/Type").asText()).isEqualTo("CommaDelimitedList");
        assertThat(template.at("/Parameters/AdvisoryFeeds/Default").asText().split(","))
                .as("every named source by default (Red Hat's VEX files carry its fixes too: not its advisories; the"
                        + " Ubuntu CVE tracker's snapshot is opt-in, docs/functions.md says why)")
                .containsExactlyInAnyOrderElementsOf(AdvisorySources.NAMES.stream()
                        .filter(n -> !AdvisorySources.NEED_LOCATION.contains(n) && !n.equals("redhat-csaf")
                                && !n.equals("ubuntu-tracker")).toList());
        assertThat(Double.parseDouble(dbupdate.path("IMAGESCAN_MAX_DROP").asText())).isEqualTo(0.5);
    }

    @Test
    void maxReceivesIsTheRedriveCount() {
        JsonNode redrive = properties("ScanQueue").path("RedrivePolicy");
        JsonNode env = template.at("/Globals/Function/Environment/Variables/IMAGESCAN_MAX_RECEIVES");
        assertThat(env).isEqualTo(redrive.path("maxReceiveCount"));
        assertThat(resolve(env).asInt()).isEqualTo(resolve(redrive.path("maxReceiveCount")).asInt()).isEqualTo(3);
        assertThat(redrive.path("deadLetterTargetArn")).isEqualTo(getAtt("ScanDeadLetterQueue", "Arn"));
        JsonNode completed = properties("ScanCompletedQueue").path("RedrivePolicy");
        assertThat(completed.path("maxReceiveCount")).isEqualTo(env);
        assertThat(completed.path("deadLetterTargetArn")).isEqualTo(getAtt("ScanCompletedDeadLetterQueue", "Arn"));
    }

    @Test
    void everyQueueOutlastsSixTimesItsConsumersTimeout() {
        Map<String, String> consumers = sqsConsumers();
        assertThat(consumers).containsOnlyKeys("ScanFunction/ScanQueue", "PublishFunction/ScanCompletedQueue");
        consumers.forEach((event, queue) -> {
            String function = event.substring(0, event.indexOf('/'));
            int visibility = properties(queue).path("VisibilityTimeout").asInt();
            JsonNode sqs = properties(function).at("/Events/" + event.substring(event.indexOf('/') + 1)
                    + "/Properties");
            int window = sqs.path("MaximumBatchingWindowInSeconds").asInt(0);
            int timeout = effective(function, "Timeout").asInt();
            assertThat(6 * timeout + window).as(event + ": 6 x timeout + batching window")
                    .isLessThanOrEqualTo(visibility);
        });
    }

    @Test
    void everySqsEventSourceReportsPartialBatchFailures() {
        for (String event : sqsConsumers().keySet()) {
            String function = event.substring(0, event.indexOf('/'));
            JsonNode sqs = properties(function).at("/Events/" + event.substring(event.indexOf('/') + 1)
                    + "/Properties");
            assertThat(sqs.path("FunctionResponseTypes")).as(event)
                    .containsExactly(TextNode.valueOf("ReportBatchItemFailures"));
            assertThat(sqs.path("BatchSize").asInt()).as(event).isBetween(1, 10);
        }
        JsonNode publish = properties("PublishFunction").path("Events");
        assertThat(names(publish)).containsExactly("ScanCompletedQueue");
        assertThat(publish.at("/ScanCompletedQueue/Properties/BatchSize").asInt()).isEqualTo(10);
    }

    @Test
    void theScanQueueFeedsOnlyTheScanFunctionWithPartialBatchResponses() {
        JsonNode sqs = properties("ScanFunction").at("/Events/ScanQueue/Properties");
        assertThat(sqs.path("FunctionResponseTypes")).containsExactly(TextNode.valueOf("ReportBatchItemFailures"));
        assertThat(sqs.path("BatchSize").asInt()).isBetween(1, 10);
        assertThat(resolve(sqs.at("/ScalingConfig/MaximumConcurrency")).asInt()).isGreaterThanOrEqualTo(2);
        assertThat(names(properties("ScanFunction").path("Events"))).containsExactly("ScanQueue");
        JsonNode schedule = properties("EnumerateFunction").path("Events");
        assertThat(names(schedule)).hasSize(1);
        JsonNode periodic = schedule.elements().next();
        assertThat(periodic.path("Type").asText()).isEqualTo("Schedule");
        assertThat(resolve(periodic.at("/Properties/Schedule")).asText()).isEqualTo("rate(1 day)");
    }

    @Test
    void queuesAreEncryptedAndTheDeadLetterQueueKeepsJobs14Days() {
        assertThat(properties("ScanQueue").path("SqsManagedSseEnabled").asBoolean()).isTrue();
        assertThat(properties("ScanDeadLetterQueue").path("SqsManagedSseEnabled").asBoolean()).isTrue();
        assertThat(properties("ScanDeadLetterQueue").path("MessageRetentionPeriod").asInt()).isEqualTo(14 * 86400);
    }

    @Test
    void everyQueueHasARedriveToAnAlarmedDeadLetterQueue() {
        Set<String> queues = resourcesOfType("AWS::SQS::Queue");
        assertThat(queues).containsExactlyInAnyOrder("ScanQueue", "ScanDeadLetterQueue", "ScanCompletedQueue",
                "ScanCompletedDeadLetterQueue", "EnumerateFailureQueue");
        Set<String> deadLetterQueues = new HashSet<>(failureDestinations());
        for (String queue : queues) {
            assertThat(properties(queue).path("SqsManagedSseEnabled").asBoolean()).as(queue).isTrue();
            JsonNode redrive = properties(queue).path("RedrivePolicy");
            if (!redrive.isMissingNode()) {
                assertThat(redrive.path("maxReceiveCount")).as(queue).isEqualTo(ref("MaxReceives"));
                deadLetterQueues.add(redrive.at("/deadLetterTargetArn/Fn::GetAtt/0").asText());
            }
        }
        assertThat(deadLetterQueues).containsExactlyInAnyOrder("ScanDeadLetterQueue", "ScanCompletedDeadLetterQueue",
                "EnumerateFailureQueue");
        assertThat(queues).as("every queue is fed to a function or is a dead-letter queue")
                .containsExactlyInAnyOrderElementsOf(Stream.concat(deadLetterQueues.stream(),
                        sqsConsumers().values().stream()).toList());
        Set<String> alarmed = new HashSet<>();
        for (String alarm : resourcesOfType("AWS::CloudWatch::Alarm")) {
            JsonNode properties = properties(alarm);
            if (properties.path("Namespace").asText().equals("AWS/SQS")) {
                assertThat(properties.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
                assertThat(resolve(properties.path("Threshold")).asInt()).isEqualTo(1);
                alarmed.add(properties.at("/Dimensions/0/Value/Fn::GetAtt/0").asText());
            }
        }
        assertThat(alarmed).isEqualTo(deadLetterQueues);
        for (String deadLetterQueue : deadLetterQueues) {
            assertThat(properties(deadLetterQueue).path("MessageRetentionPeriod").asInt()).isEqualTo(14 * 86400);
            assertThat(properties(deadLetterQueue).has("RedrivePolicy")).isFalse();
        }
    }

    @Test
    void dbUpdateRunsWithoutSnapStartOnTwoGigabytesOfTmp() {
        JsonNode dbupdate = properties("DbUpdateFunction");
        assertThat(dbupdate.at("/SnapStart/ApplyOn").asText()).isEqualTo("None");
        assertThat(dbupdate.at("/EphemeralStorage/Size").asInt()).isEqualTo(2048)
                .isGreaterThan(SNAPSTART_MAX_EPHEMERAL_MB);
        assertThat(dbupdate.path("MemorySize").asInt()).isEqualTo(3008);
        // the database build measured at 1.4 GB of heap with every feed at full size (docs/languages.md): three
        // quarters of 3008 MB, not the JVM's default quarter, which ran out
        assertThat(dbupdate.at("/Environment/Variables/JAVA_TOOL_OPTIONS").asText())
                .isEqualTo("-XX:MaxRAMPercentage=75");
        assertThat(dbupdate.path("Timeout").asInt()).isEqualTo(900);
        assertThat(dbupdate.at("/EventInvokeConfig/MaximumRetryAttempts").asInt()).isEqualTo(1);
        JsonNode events = dbupdate.path("Events");
        assertThat(names(events)).hasSize(1);
        JsonNode schedule = events.elements().next();
        assertThat(schedule.path("Type").asText()).isEqualTo("Schedule");
        assertThat(schedule.at("/Properties/Schedule")).isEqualTo(ref("DbUpdateSchedule"));
        assertThat(resolve(schedule.at("/Properties/Schedule")).asText()).isEqualTo("rate(6 hours)");
        // every other function keeps SnapStart from the Globals
        for (String function : FUNCTIONS.keySet()) {
            if (!function.equals("DbUpdateFunction")) {
                assertThat(properties(function).has("SnapStart")).as(function).isFalse();
                assertThat(properties(function).has("EphemeralStorage")).as(function).isFalse();
            }
        }
    }

    @Test
    void aFailedDatabaseUpdateRaisesAnAlarm() {
        JsonNode alarm = properties("DbUpdateErrorsAlarm");
        assertThat(alarm.path("Namespace").asText()).isEqualTo("AWS/Lambda");
        assertThat(alarm.path("MetricName").asText()).isEqualTo("Errors");
        assertThat(alarm.at("/Dimensions/0/Name").asText()).isEqualTo("FunctionName");
        assertThat(alarm.at("/Dimensions/0/Value")).isEqualTo(ref("DbUpdateFunction"));
        assertThat(alarm.path("Statistic").asText()).isEqualTo("Sum");
        assertThat(alarm.path("Threshold").asInt()).isEqualTo(1);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
        for (String id : resourcesOfType("AWS::CloudWatch::Alarm")) {
            assertThat(properties(id).path("AlarmActions").path("Fn::If").path(0).asText()).as(id)
                    .isEqualTo("HasAlarmTopic");
        }
    }

    @Test
    void everyApiRouteGoesToTheApiFunctionWithIamAuthorization() {
        assertThat(resourcesOfType("AWS::Serverless::HttpApi")).containsExactlyInAnyOrder("Api", "HarborApi");
        assertThat(resourcesOfType("AWS::Serverless::Api")).isEmpty();
        JsonNode auth = properties("Api").path("Auth");
        assertThat(auth.path("EnableIamAuthorizer").asBoolean()).isTrue();
        assertThat(auth.path("DefaultAuthorizer").asText()).isEqualTo("AWS_IAM");
        assertThat(auth.has("Authorizers")).isFalse();
        assertThat(template.at("/Globals/HttpApi").isMissingNode()).isTrue();
        Set<String> routes = new HashSet<>();
        for (String function : FUNCTIONS.keySet()) {
            properties(function).path("Events").properties().forEach(e -> {
                JsonNode event = e.getValue();
                if (!event.path("Type").asText().equals("HttpApi")) {
                    assertThat(event.path("Type").asText()).as(function + "/" + e.getKey()).isNotEqualTo("Api");
                    return;
                }
                if (function.equals("HarborFunction")) {
                    return; // its own API: everyHarborRouteGoesToTheHarborFunctionOnItsOwnApi
                }
                assertThat(function).isEqualTo("ApiFunction");
                JsonNode route = event.path("Properties");
                // an HttpApi event without ApiId would make SAM's implicit API, which has no authorizer
                assertThat(route.path("ApiId")).as(e.getKey()).isEqualTo(ref("Api"));
                assertThat(route.path("PayloadFormatVersion").asText()).as(e.getKey()).isEqualTo("2.0");
                JsonNode routeAuth = route.path("Auth");
                assertThat(routeAuth.isMissingNode() || routeAuth.path("Authorizer").asText().equals("AWS_IAM"))
                        .as(e.getKey() + " keeps IAM authorization").isTrue();
                assertThat(routes.add(route.path("Method").asText() + " " + route.path("Path").asText()))
                        .as(e.getKey() + " repeats a route").isTrue();
            });
        }
        assertThat(routes).isEqualTo(API_ROUTES);
        // the gateway gives up after 30 s: the function must time out first
        assertThat(properties("ApiFunction").path("Timeout").asInt()).isLessThan(30);
        assertThat(properties("ApiFunction").path("MemorySize").asInt()).isEqualTo(1024);
        assertThat(properties("Api").at("/AccessLogSettings/DestinationArn"))
                .isEqualTo(getAtt("ApiAccessLogGroup", "Arn"));
    }

    @Test
    void everyHarborRouteGoesToTheHarborFunctionOnItsOwnApi() {
        Set<String> routes = new HashSet<>();
        properties("HarborFunction").path("Events").properties().forEach(e -> {
            JsonNode route = e.getValue().path("Properties");
            assertThat(e.getValue().path("Type").asText()).isEqualTo("HttpApi");
            assertThat(route.path("ApiId")).as(e.getKey()).isEqualTo(ref("HarborApi"));
            assertThat(route.path("PayloadFormatVersion").asText()).isEqualTo("2.0");
            routes.add(route.path("Method").asText() + " " + route.path("Path").asText());
        });
        assertThat(routes).isEqualTo(HARBOR_ROUTES);
        // Harbor cannot sign requests: no gateway authorizer, the function checks the shared secret
        assertThat(properties("HarborApi").has("Auth")).isFalse();
        assertThat(properties("HarborFunction").path("Timeout").asInt()).isLessThan(30);
        assertThat(properties("HarborFunction").at("/Environment/Variables/IMAGESCAN_HARBOR_SECRET_ID"))
                .isEqualTo(ref("HarborScannerSecret"));
        assertThat(resource("HarborScannerSecret").path("Type").asText()).isEqualTo("AWS::SecretsManager::Secret");
        assertThat(properties("HarborApi").at("/AccessLogSettings/DestinationArn"))
                .isEqualTo(getAtt("HarborAccessLogGroup", "Arn"));
    }

    @Test
    void theHarborRoleReadsItsRequestsReportsAndSecretAndSendsJobsOnly() {
        Map<String, List<JsonNode>> grants = grants("HarborFunctionRole");
        assertThat(grants.keySet()).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents",
                "s3:GetObject", "s3:PutObject", "s3:ListBucket", "dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "sqs:SendMessage", "secretsmanager:GetSecretValue");
        assertThat(grants.get("s3:PutObject").toString()).contains("/harbor/*").doesNotContain("/images/*");
        assertThat(grants.get("secretsmanager:GetSecretValue")).containsExactly(ref("HarborScannerSecret"));
        assertThat(grants.get("sqs:SendMessage")).containsExactly(getAtt("ScanQueue", "Arn"));
        assertThat(listBucketPrefixes("HarborFunctionRole")).containsExactlyInAnyOrder("harbor/*", "images/*",
                StoreKeys.VULNDB_CURRENT);
    }

    @Test
    void noAllowGrantsAWildcardActionOrEveryResource() {
        List<JsonNode> statements = new ArrayList<>();
        collectStatements(template.path("Resources"), statements);
        // two roles, the bucket policy, the queue policy (and the roles' trust policies)
        assertThat(statements).hasSizeGreaterThanOrEqualTo(6);
        for (JsonNode statement : statements) {
            if (!statement.path("Effect").asText().equals("Allow")) {
                continue; // a Deny with wildcards only takes away (the bucket's TLS-only rule)
            }
            for (JsonNode action : list(statement.path("Action"))) {
                assertThat(action.asText()).as("action in " + statement).doesNotContain("*");
            }
            assertThat(statement.has("NotAction")).as("NotAction in " + statement).isFalse();
            if (statement.path("Action").asText().equals("ecr:GetAuthorizationToken")) {
                // the one action IAM grants on "*" only (it has no resource type); alone in its statement
                assertThat(statement.path("Resource").asText()).isEqualTo("*");
                continue;
            }
            if (!statement.path("Action").asText().equals("sts:AssumeRole")) {
                assertThat(statement.has("Resource")).as("Resource in " + statement).isTrue();
                for (JsonNode resource : list(statement.path("Resource"))) {
                    assertThat(resource.asText()).as("resource in " + statement).isNotEqualTo("*");
                }
            }
        }
    }

    @Test
    void functionsUseTheirOwnRolesNotSamGeneratedOnes() {
        // SAM's generated role attaches AWSLambdaBasicExecutionRole and, for an SQS event,
        // AWSLambdaSQSQueueExecutionRole: both grant their actions on every resource
        Set<String> roles = new HashSet<>();
        for (String function : FUNCTIONS.keySet()) {
            JsonNode role = properties(function).path("Role");
            assertThat(role.isMissingNode()).as(function + " has a Role").isFalse();
            assertThat(properties(function).has("Policies")).as(function + " Policies would be ignored").isFalse();
            String roleId = role.path("Fn::GetAtt").path(0).asText();
            assertThat(resource(roleId).path("Type").asText()).isEqualTo("AWS::IAM::Role");
            assertThat(properties(roleId).has("ManagedPolicyArns")).isFalse();
            assertThat(roles.add(roleId)).as(function + " shares its role").isTrue();
            // logs: only to the function's own log group
            assertThat(grants(roleId).get("logs:PutLogEvents")).as(function)
                    .containsExactly(getAtt(properties(function).at("/LoggingConfig/LogGroup/Ref").asText(), "Arn"));
        }
        assertThat(resourcesOfType("AWS::IAM::Role")).isEqualTo(roles);
    }

    @Test
    void theScanRoleCanConsumeTheQueueAndReachOnlyItsPrefixes() {
        Map<String, List<JsonNode>> grants = grants("ScanFunctionRole");
        // what a Lambda event source mapping needs from the function's role to poll an SQS queue
        for (String action : List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")) {
            assertThat(grants.get(action)).as(action).containsExactly(getAtt("ScanQueue", "Arn"));
        }
        assertThat(s3ObjectPrefixes(grants.getOrDefault("s3:GetObject", List.of()))).containsExactlyInAnyOrder(StoreKeys.INCOMING,
                StoreKeys.LAYERS, StoreKeys.IMAGES, StoreKeys.VULNDB, POLICY);
        // it tags the uploaded archive with its verdict (scan-verdict=ALLOWED|BLOCKED)
        for (String action : List.of("s3:GetObjectTagging", "s3:PutObjectTagging")) {
            assertThat(s3ObjectPrefixes(grants.get(action))).as(action).containsExactly(StoreKeys.INCOMING);
        }
        assertThat(grants.get("sqs:SendMessage")).containsExactly(getAtt("ScanCompletedQueue", "Arn"));
        assertThat(s3ObjectPrefixes(grants.getOrDefault("s3:PutObject", List.of()))).containsExactlyInAnyOrder(StoreKeys.LAYERS,
                StoreKeys.IMAGES);
        for (String action : List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:Query")) {
            assertThat(grants.get(action)).as(action).containsExactlyInAnyOrder(getAtt("ScanTable", "Arn"),
                    sub("${ScanTable.Arn}/index/" + ScanTableSchema.GSI1));
        }
        assertThat(grants).doesNotContainKeys("s3:DeleteObject", "dynamodb:Scan", "events:PutEvents");
        // ECR: a token, and the pull actions on the configured repositories (default: this account's, this region's)
        assertThat(grants.get("ecr:GetAuthorizationToken")).containsExactly(TextNode.valueOf("*"));
        JsonNode repositories = JsonNodeFactory.instance.objectNode().set("Fn::If", JsonNodeFactory.instance.arrayNode()
                .add("HasEcrRepositoryArns").add(ref("EcrRepositoryArns"))
                .add(sub("arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*")));
        for (String action : List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                "ecr:BatchCheckLayerAvailability")) {
            assertThat(grants.get(action)).as(action).containsExactly(repositories);
        }
        assertThat(grants.keySet().stream().filter(a -> a.startsWith("ecr:"))).containsExactlyInAnyOrder(
                "ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                "ecr:BatchCheckLayerAvailability");
    }

    @Test
    void ecrPushesReachTheScanQueueThroughARuleOnlyItMaySendFrom() {
        JsonNode rule = properties("EcrPushRule");
        assertThat(resource("EcrPushRule").path("Type").asText()).isEqualTo("AWS::Events::Rule");
        JsonNode pattern = rule.path("EventPattern");
        assertThat(list(pattern.path("source"))).containsExactly(TextNode.valueOf("aws.ecr"));
        assertThat(list(pattern.path("detail-type"))).containsExactly(TextNode.valueOf("ECR Image Action"));
        assertThat(list(pattern.at("/detail/action-type"))).containsExactly(TextNode.valueOf("PUSH"));
        assertThat(list(pattern.at("/detail/result"))).containsExactly(TextNode.valueOf("SUCCESS"));
        assertThat(rule.path("Targets").size()).isEqualTo(1);
        assertThat(rule.at("/Targets/0/Arn")).isEqualTo(getAtt("ScanQueue", "Arn"));
        JsonNode events = null;
        for (JsonNode statement : properties("ScanQueuePolicy").at("/PolicyDocument/Statement")) {
            if (statement.at("/Principal/Service").asText().equals("events.amazonaws.com")) {
                events = statement;
            }
        }
        assertThat(events).as("the queue policy lets EventBridge send").isNotNull();
        assertThat(events.path("Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(events.at("/Condition/ArnEquals/aws:SourceArn")).isEqualTo(getAtt("EcrPushRule", "Arn"));
    }

    @Test
    void theDbUpdateRoleReachesOnlyTheDatabasePrefix() {
        Map<String, List<JsonNode>> grants = grants("DbUpdateFunctionRole");
        assertThat(grants.keySet()).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents",
                "s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject");
        assertThat(s3ObjectPrefixes(grants.get("s3:GetObject"))).containsExactly(StoreKeys.VULNDB);
        assertThat(s3ObjectPrefixes(grants.get("s3:PutObject"))).containsExactly(StoreKeys.VULNDB);
        assertThat(s3ObjectPrefixes(grants.get("s3:DeleteObject"))).as("only the sources' kept reads")
                .containsExactly(StoreKeys.VULNDB + "sources/");
        assertThat(listBucketPrefixes("DbUpdateFunctionRole")).containsExactly(StoreKeys.VULNDB + "*");
    }

    @Test
    void thePublishRoleConsumesItsQueueWritesReportsAndPutsEventsOnTheBus() {
        Map<String, List<JsonNode>> grants = grants("PublishFunctionRole");
        assertThat(grants.keySet()).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents",
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "s3:GetObject", "s3:PutObject",
                "s3:ListBucket", "dynamodb:GetItem", "events:PutEvents");
        for (String action : List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")) {
            assertThat(grants.get(action)).as(action).containsExactly(getAtt("ScanCompletedQueue", "Arn"));
        }
        assertThat(s3ObjectPrefixes(grants.get("s3:GetObject"))).containsExactlyInAnyOrder(StoreKeys.IMAGES,
                StoreKeys.REPORTS);
        assertThat(s3ObjectPrefixes(grants.get("s3:PutObject"))).containsExactly(StoreKeys.REPORTS);
        assertThat(listBucketPrefixes("PublishFunctionRole")).containsExactlyInAnyOrder(StoreKeys.IMAGES + "*",
                StoreKeys.REPORTS + "*");
        assertThat(grants.get("dynamodb:GetItem")).containsExactly(getAtt("ScanTable", "Arn"));
        assertThat(grants.get("events:PutEvents")).containsExactly(sub(
                "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${EventBusName}"));
    }

    @Test
    void theApiRoleReadsWhatItServesWritesThePolicyAndSendsJobs() {
        Map<String, List<JsonNode>> grants = grants("ApiFunctionRole");
        assertThat(grants.keySet()).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents",
                "s3:GetObject", "s3:PutObject", "s3:ListBucket", "dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:Query", "sqs:SendMessage", "ecr:GetAuthorizationToken",
                "ecr:BatchGetImage");
        assertThat(grants.get("ecr:BatchGetImage")).as("admission resolves tags, reads no layer")
                .isEqualTo(grants("ScanFunctionRole").get("ecr:BatchGetImage"));
        assertThat(s3ObjectPrefixes(grants.get("s3:GetObject"))).containsExactlyInAnyOrder(StoreKeys.INCOMING,
                StoreKeys.IMAGES, StoreKeys.REPORTS, POLICY);
        assertThat(s3ObjectPrefixes(grants.get("s3:PutObject"))).containsExactly(POLICY);
        assertThat(listBucketPrefixes("ApiFunctionRole")).containsExactlyInAnyOrder(StoreKeys.INCOMING + "*",
                StoreKeys.IMAGES + "*", StoreKeys.REPORTS + "*", POLICY + "*");
        for (String action : List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem")) {
            assertThat(grants.get(action)).as(action).containsExactly(getAtt("ScanTable", "Arn"));
        }
        assertThat(grants.get("dynamodb:Query")).containsExactly(sub("${ScanTable.Arn}/index/" + ScanTableSchema.GSI1));
        assertThat(grants.get("sqs:SendMessage")).containsExactly(getAtt("ScanQueue", "Arn"));
    }

    @Test
    void theApiScanAndEnumerateFunctionsAloneReadTheRegistrySecretAndOnlyWhenOneIsConfigured() {
        JsonNode policy = resource("RegistrySecretPolicy");
        assertThat(policy.path("Type").asText()).isEqualTo("AWS::IAM::Policy");
        assertThat(policy.path("Condition").asText()).isEqualTo("HasRegistrySecret");
        assertThat(list(policy.at("/Properties/Roles"))).containsExactlyInAnyOrder(ref("ApiFunctionRole"),
                ref("ScanFunctionRole"), ref("EnumerateFunctionRole"));
        List<JsonNode> statements = new ArrayList<>();
        collectStatements(policy.at("/Properties/PolicyDocument"), statements);
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).path("Effect").asText()).isEqualTo("Allow");
        assertThat(list(statements.get(0).path("Action"))).containsExactly(TextNode.valueOf(
                "secretsmanager:GetSecretValue"));
        assertThat(list(statements.get(0).path("Resource"))).containsExactly(ref("RegistrySecretArn"));
        for (String function : List.of("ApiFunction", "ScanFunction", "EnumerateFunction")) {
            assertThat(properties(function).at("/Environment/Variables/IMAGESCAN_REGISTRY_SECRET")).as(function)
                    .isEqualTo(ref("RegistrySecretArn"));
        }
        assertThat(template.at("/Conditions/HasRegistrySecret").toString()).contains("RegistrySecretArn");
        // no other policy or role reads that secret, and no standalone policy reaches another role
        for (String id : resourcesOfType("AWS::IAM::Policy")) {
            assertThat(id).isEqualTo("RegistrySecretPolicy");
        }
        assertThat(resourcesOfType("AWS::IAM::RolePolicy")).isEmpty();
        for (String role : resourcesOfType("AWS::IAM::Role")) {
            assertThat(grants(role).getOrDefault("secretsmanager:GetSecretValue", List.of())).as(role)
                    .doesNotContain(ref("RegistrySecretArn"));
        }
    }

    @Test
    void everyListBucketIsOnTheBucketAndConditionalOnAPrefix() {
        for (String role : resourcesOfType("AWS::IAM::Role")) {
            for (JsonNode statement : statements(role)) {
                if (!list(statement.path("Action")).contains(TextNode.valueOf("s3:ListBucket"))) {
                    continue;
                }
                assertThat(list(statement.path("Action"))).as(role).hasSize(1);
                assertThat(list(statement.path("Resource"))).as(role)
                        .containsExactly(sub("arn:${AWS::Partition}:s3:::${Bucket}"));
                assertThat(statement.at("/Condition/StringLike/s3:prefix").isMissingNode()).as(role).isFalse();
            }
        }
    }

    @Test
    void theEnumerateRoleReadsTheIndexWritesScansAndSendsJobs() {
        Map<String, List<JsonNode>> grants = grants("EnumerateFunctionRole");
        assertThat(grants.get("sqs:SendMessage")).containsExactlyInAnyOrder(getAtt("ScanQueue", "Arn"),
                getAtt("EnumerateFailureQueue", "Arn"));
        for (String action : List.of("dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem")) {
            assertThat(grants.get(action)).as(action).containsExactlyInAnyOrder(getAtt("ScanTable", "Arn"),
                    sub("${ScanTable.Arn}/index/" + ScanTableSchema.GSI1));
        }
        assertThat(grants.keySet().stream().filter(a -> a.startsWith("s3:"))).isEmpty();
        assertThat(grants).doesNotContainKeys("dynamodb:DeleteItem", "sqs:ReceiveMessage");
        // the registry sweep lists ECR repositories and images, on the configured repositories only
        JsonNode repositories = JsonNodeFactory.instance.objectNode().set("Fn::If", JsonNodeFactory.instance
                .arrayNode().add("HasEcrRepositoryArns").add(ref("EcrRepositoryArns"))
                .add(sub("arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*")));
        assertThat(grants.keySet().stream().filter(a -> a.startsWith("ecr:"))).containsExactlyInAnyOrder(
                "ecr:DescribeRepositories", "ecr:DescribeImages");
        assertThat(grants.get("ecr:DescribeImages")).containsExactly(repositories);
        assertThat(properties("EnumerateFunction").at("/Environment/Variables/IMAGESCAN_SWEEP"))
                .isEqualTo(ref("SweepTargets"));
    }

    @Test
    void theTableIsWhatScanTableSchemaCreates() {
        JsonNode table = properties("ScanTable");
        CreateTableRequest expected = ScanTableSchema.createTableRequest("t");
        assertThat(table.path("BillingMode").asText()).isEqualTo(expected.billingModeAsString());
        Map<String, String> attributes = new LinkedHashMap<>();
        table.path("AttributeDefinitions").forEach(a -> attributes.put(a.path("AttributeName").asText(),
                a.path("AttributeType").asText()));
        assertThat(attributes).isEqualTo(expected.attributeDefinitions().stream().collect(Collectors.toMap(
                AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString)));
        assertThat(keys(table.path("KeySchema"))).isEqualTo(keys(expected.keySchema()));
        assertThat(table.path("GlobalSecondaryIndexes").size()).isEqualTo(expected.globalSecondaryIndexes().size());
        for (GlobalSecondaryIndex index : expected.globalSecondaryIndexes()) {
            JsonNode declared = null;
            for (JsonNode candidate : table.path("GlobalSecondaryIndexes")) {
                if (candidate.path("IndexName").asText().equals(index.indexName())) {
                    declared = candidate;
                }
            }
            assertThat(declared).as(index.indexName()).isNotNull();
            assertThat(keys(declared.path("KeySchema"))).isEqualTo(keys(index.keySchema()));
            assertThat(declared.at("/Projection/ProjectionType").asText())
                    .isEqualTo(index.projection().projectionTypeAsString());
        }
        assertThat(index(table, ScanTableSchema.GSI1)).isTrue();
        assertThat(table.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo(ScanTableSchema.TTL);
        assertThat(table.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
        assertThat(table.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean()).isTrue();
        assertThat(table.at("/SSESpecification/SSEEnabled").asBoolean()).isTrue();
    }

    @Test
    void uploadsUnderIncomingNotifyTheScanQueue() {
        JsonNode bucket = resource("Bucket");
        JsonNode notifications = bucket.at("/Properties/NotificationConfiguration/QueueConfigurations");
        assertThat(notifications.size()).isEqualTo(1);
        JsonNode notification = notifications.get(0);
        assertThat(notification.path("Event").asText()).isEqualTo("s3:ObjectCreated:*");
        assertThat(notification.path("Queue")).isEqualTo(getAtt("ScanQueue", "Arn"));
        JsonNode rules = notification.at("/Filter/S3Key/Rules");
        assertThat(rules.size()).isEqualTo(1);
        assertThat(rules.get(0).path("Name").asText()).isEqualTo("prefix");
        assertThat(rules.get(0).path("Value").asText()).isEqualTo(StoreKeys.INCOMING);
        // S3 checks it may send when the notification is saved: the queue policy must exist first
        assertThat(list(bucket.path("DependsOn"))).contains(TextNode.valueOf("ScanQueuePolicy"));
    }

    @Test
    void theQueuePolicyLetsOnlyThisBucketSend() {
        JsonNode policy = properties("ScanQueuePolicy");
        assertThat(list(policy.path("Queues"))).containsExactly(ref("ScanQueue"));
        JsonNode statements = policy.at("/PolicyDocument/Statement");
        // S3's notifications, and the ECR push rule's (ecrPushesReachTheScanQueueThroughARuleOnlyItMaySendFrom)
        assertThat(statements.size()).isEqualTo(2);
        JsonNode statement = statements.get(0);
        assertThat(statement.at("/Principal/Service").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(statement.path("Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(statement.at("/Condition/StringEquals/aws:SourceAccount")).isEqualTo(ref("AWS::AccountId"));
        // the bucket's ARN without a reference to the bucket (that would be a cycle): the same name expression
        JsonNode sourceArn = statement.at("/Condition/ArnEquals/aws:SourceArn/Fn::Sub");
        JsonNode bucketName = properties("Bucket").path("BucketName").path("Fn::Sub");
        assertThat(sourceArn.get(0).asText()).isEqualTo("arn:${AWS::Partition}:s3:::" + bucketName.get(0).asText());
        assertThat(sourceArn.get(1)).isEqualTo(bucketName.get(1));
        assertThat(sourceArn.toString()).doesNotContain("\"Bucket\"", "${Bucket}", "Bucket.Arn");
    }

    @Test
    void theBucketNameIsLowercaseByConstruction() {
        JsonNode name = properties("Bucket").path("BucketName").path("Fn::Sub");
        String pattern = name.get(0).asText();
        assertThat(pattern.replaceAll("\\$\\{[^}]+}", "")).isLowerCase();
        assertThat(pattern).contains("${AWS::AccountId}", "${AWS::Region}");
        String prefixPattern = template.at("/Parameters/BucketNamePrefix/AllowedPattern").asText();
        assertThat(template.at("/Parameters/BucketNamePrefix/Default").asText()).matches(prefixPattern);
        assertThat("Imagescan").doesNotMatch(prefixPattern);
        int longestPrefix = 0;
        for (int length = 1; length <= 63; length++) {
            if ("a".repeat(length).matches(prefixPattern)) {
                longestPrefix = length;
            }
        }
        // the longest prefix, a 12-digit account, a 14-character region (ap-southeast-2), 12 hex of the stack id
        int longest = pattern.replace("${BucketNamePrefix}", "a".repeat(longestPrefix))
                .replace("${AWS::AccountId}", "123456789012").replace("${AWS::Region}", "ap-southeast-2")
                .replace("${Suffix}", "0a1b2c3d4e5f").length();
        assertThat(longest).as("longest bucket name").isLessThanOrEqualTo(63);
        assertThat(pattern).doesNotContain("${AWS::StackName}"); // stack names may hold capitals
    }

    @Test
    void theScanRolesListBucketReachesOnlyThePrefixesItReads() {
        assertThat(listBucketPrefixes("ScanFunctionRole")).containsExactlyInAnyOrder(StoreKeys.INCOMING + "*",
                StoreKeys.LAYERS + "*", StoreKeys.IMAGES + "*", StoreKeys.VULNDB + "*", POLICY + "*");
    }

    @Test
    void theApiIsThrottledPerRouteAndItsFunctionHasReservedConcurrency() {
        JsonNode api = properties("Api");
        int rate = api.at("/DefaultRouteSettings/ThrottlingRateLimit").asInt();
        int burst = api.at("/DefaultRouteSettings/ThrottlingBurstLimit").asInt();
        assertThat(rate).isPositive();
        assertThat(burst).isGreaterThanOrEqualTo(rate);
        Set<String> throttled = new HashSet<>();
        api.path("RouteSettings").properties().forEach(e -> {
            assertThat(API_ROUTES).as("a route of the API").contains(e.getKey());
            assertThat(e.getValue().path("ThrottlingRateLimit").asInt()).as(e.getKey()).isPositive()
                    .isLessThan(rate);
            throttled.add(e.getKey());
        });
        assertThat(throttled).as("the writes are held tighter than the reads").contains("PUT /policy",
                "POST /scans");
        int reserved = properties("ApiFunction").path("ReservedConcurrentExecutions").asInt();
        assertThat(reserved).isPositive();
        // at the default rate, each request may run its whole timeout without exceeding the reservation much
        assertThat(reserved).isGreaterThanOrEqualTo(burst);
    }

    @Test
    void enumeratesFailedRunsGoToAnAlarmedQueue() {
        JsonNode config = properties("EnumerateFunction").path("EventInvokeConfig");
        assertThat(config.path("MaximumRetryAttempts").asInt()).isBetween(0, 2);
        assertThat(config.at("/DestinationConfig/OnFailure/Type").asText()).isEqualTo("SQS");
        assertThat(config.at("/DestinationConfig/OnFailure/Destination"))
                .isEqualTo(getAtt("EnumerateFailureQueue", "Arn"));
        assertThat(failureDestinations()).containsExactly("EnumerateFailureQueue");
        assertThat(grants("EnumerateFunctionRole").get("sqs:SendMessage"))
                .contains(getAtt("EnumerateFailureQueue", "Arn"));
        assertThat(properties("EnumerateFailureAlarm").at("/Dimensions/0/Value"))
                .isEqualTo(getAtt("EnumerateFailureQueue", "QueueName"));
    }

    @Test
    void theBucketIsVersionedAndNoncurrentVersionsExpire() {
        JsonNode bucket = properties("Bucket");
        assertThat(bucket.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        JsonNode noncurrent = null;
        for (JsonNode rule : bucket.at("/LifecycleConfiguration/Rules")) {
            if (rule.has("NoncurrentVersionExpiration")) {
                noncurrent = rule;
            }
        }
        assertThat(noncurrent).as("a rule expiring noncurrent versions").isNotNull();
        assertThat(noncurrent.path("Status").asText()).isEqualTo("Enabled");
        assertThat(noncurrent.has("Prefix") || noncurrent.has("TagFilters")).as("on every key").isFalse();
        assertThat(noncurrent.at("/NoncurrentVersionExpiration/NoncurrentDays").asInt()).isBetween(1, 90);
    }

    /** The queues functions send their failed asynchronous invocations to. */
    private static List<String> failureDestinations() {
        List<String> queues = new ArrayList<>();
        for (String function : FUNCTIONS.keySet()) {
            JsonNode destination = properties(function).at("/EventInvokeConfig/DestinationConfig/OnFailure"
                    + "/Destination/Fn::GetAtt/0");
            if (!destination.isMissingNode()) {
                queues.add(destination.asText());
            }
        }
        return queues;
    }

    @Test
    void theBucketIsPrivateEncryptedTlsOnlyAndExpiresReports() {
        JsonNode bucket = properties("Bucket");
        JsonNode block = bucket.path("PublicAccessBlockConfiguration");
        assertThat(names(block)).containsExactlyInAnyOrder("BlockPublicAcls", "BlockPublicPolicy",
                "IgnorePublicAcls", "RestrictPublicBuckets");
        block.elements().forEachRemaining(flag -> assertThat(flag.asBoolean()).isTrue());
        assertThat(bucket.at("/OwnershipControls/Rules/0/ObjectOwnership").asText())
                .isEqualTo("BucketOwnerEnforced");
        assertThat(bucket.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault"
                + "/SSEAlgorithm").asText()).isIn("AES256", "aws:kms");
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        bucket.at("/LifecycleConfiguration/Rules").forEach(rule -> rules.put(rule.path("Id").asText(), rule));
        assertThat(rules.values()).allSatisfy(rule -> assertThat(rule.path("Status").asText()).isEqualTo("Enabled"));
        JsonNode reports = rules.get("ExpireReports");
        assertThat(reports.path("Prefix").asText()).isEqualTo(StoreKeys.REPORTS);
        assertThat(reports.path("ExpirationInDays")).isEqualTo(ref("ReportRetentionDays"));
        // reports/<digest>/latest/ is under the same prefix rule; it survives by being rewritten by newer scans
        // (every database change), so the retention must comfortably exceed the re-scan interval
        assertThat(template.at("/Parameters/ReportRetentionDays/MinValue").asInt()).isGreaterThanOrEqualTo(7);
        assertThat(reports.has("TagFilters")).isFalse();
        assertThat(rules.get("AbortIncompleteMultipartUploads").at("/AbortIncompleteMultipartUpload"
                + "/DaysAfterInitiation").asInt()).isPositive();

        JsonNode policy = properties("BucketPolicy");
        assertThat(policy.path("Bucket")).isEqualTo(ref("Bucket"));
        JsonNode deny = policy.at("/PolicyDocument/Statement/0");
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.path("Principal").asText()).isEqualTo("*");
        assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
        assertThat(list(deny.path("Resource"))).containsExactlyInAnyOrder(getAtt("Bucket", "Arn"),
                sub("${Bucket.Arn}/*"));
    }

    @Test
    void outputsNameEveryResourceADeployerNeeds() {
        assertThat(names(template.path("Outputs"))).contains("BucketName", "TableName", "ScanQueueUrl",
                "DeadLetterQueueUrl", "ScanFunctionArn", "ScanFunctionAliasArn", "EnumerateFunctionArn",
                "EnumerateFunctionAliasArn", "ApiUrl", "ScanCompletedQueueUrl", "ScanCompletedQueueArn",
                "ScanCompletedDeadLetterQueueUrl", "EnumerateFailureQueueUrl");
        for (String function : FUNCTIONS.keySet()) {
            assertThat(template.at("/Outputs/" + function + "Arn/Value")).isEqualTo(getAtt(function, "Arn"));
            assertThat(template.at("/Outputs/" + function + "AliasArn/Value")).isEqualTo(ref(function + ".Alias"));
        }
        assertThat(template.at("/Outputs/ApiUrl/Value/Fn::Sub").asText()).startsWith("https://${Api}.execute-api.");
        assertThat(template.at("/Outputs/ScanCompletedQueueUrl/Value")).isEqualTo(ref("ScanCompletedQueue"));
        assertThat(template.at("/Outputs/ScanCompletedQueueArn/Value")).isEqualTo(getAtt("ScanCompletedQueue",
                "Arn"));
    }

    @Test
    void everyParameterHasADefaultAndADescription() {
        template.path("Parameters").properties().forEach(e -> {
            assertThat(e.getValue().has("Default")).as(e.getKey()).isTrue();
            assertThat(e.getValue().path("Description").asText()).as(e.getKey()).isNotBlank();
        });
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * The problems of {@code document} against the SAM schema (draft-04; shared/schemas/sam-template.schema.json,
     * copied to the test resources). It checks Globals and the AWS::Serverless resources with their events
     * strictly; plain CloudFormation resources only by type (cfn-lint covers those where installed). Its
     * documentation keywords ({@code markdownDescription}, {@code __samPassThrough}) validate nothing.
     */
    private static synchronized Set<String> samSchemaProblems(JsonNode document) {
        if (samSchema == null) {
            JsonMetaSchema draft4 = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                    .keyword(new NonValidationKeyword("markdownDescription"))
                    .keyword(new NonValidationKeyword("__samPassThrough"))
                    .build();
            try (InputStream in = TemplateTest.class.getResourceAsStream("/deploy/sam-template.schema.json")) {
                samSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, b -> b.metaSchema(draft4))
                        .getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return samSchema.validate(document).stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }

    private static JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertThat(resource.isMissingNode()).as("resource " + logicalId).isFalse();
        return resource;
    }

    private static JsonNode properties(String logicalId) {
        return resource(logicalId).path("Properties");
    }

    /** A function's property as SAM applies it: the function's own value, else the global one. */
    private static JsonNode effective(String function, String property) {
        JsonNode own = properties(function).path(property);
        return own.isMissingNode() ? template.at("/Globals/Function/" + property) : own;
    }

    /** {@code {"Ref": X}} with a parameter X → its default; anything else as it is. */
    private static JsonNode resolve(JsonNode value) {
        if (value.size() == 1 && value.has("Ref")) {
            JsonNode parameter = template.path("Parameters").path(value.path("Ref").asText());
            if (parameter.has("Default")) {
                return parameter.path("Default");
            }
        }
        return value;
    }

    private static JsonNode ref(String name) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("Ref", name);
        return node;
    }

    private static JsonNode getAtt(String resource, String attribute) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putArray("Fn::GetAtt").add(resource).add(attribute);
        return node;
    }

    private static JsonNode sub(String text) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("Fn::Sub", text);
        return node;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A value CloudFormation takes as one item or a list of them, as a list. */
    private static List<JsonNode> list(JsonNode value) {
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else if (!value.isMissingNode()) {
            items.add(value);
        }
        return items;
    }

    /** Every policy statement anywhere under {@code node} (any object holding a "Statement"). */
    private static void collectStatements(JsonNode node, List<JsonNode> statements) {
        if (node.isObject()) {
            if (node.has("Statement") && node.has("Version")) {
                statements.addAll(list(node.path("Statement")));
            }
            node.elements().forEachRemaining(child -> collectStatements(child, statements));
        } else if (node.isArray()) {
            node.forEach(child -> collectStatements(child, statements));
        }
    }

    /** A role's inline policies' statements. */
    private static List<JsonNode> statements(String role) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : properties(role).path("Policies")) {
            collectStatements(policy.path("PolicyDocument"), statements);
        }
        return statements;
    }

    /** The {@code s3:prefix} patterns a role's s3:ListBucket is conditioned on (each statement must have one). */
    private static List<String> listBucketPrefixes(String role) {
        List<String> prefixes = new ArrayList<>();
        for (JsonNode statement : statements(role)) {
            if (list(statement.path("Action")).contains(TextNode.valueOf("s3:ListBucket"))) {
                JsonNode condition = statement.path("Condition");
                assertThat(names(condition)).as(role + " ListBucket condition").containsExactly("StringLike");
                assertThat(names(condition.path("StringLike"))).containsExactly("s3:prefix");
                list(condition.at("/StringLike/s3:prefix")).forEach(p -> prefixes.add(p.asText()));
            }
        }
        return prefixes;
    }

    /** Logical ids of the resources of one type. */
    private static Set<String> resourcesOfType(String type) {
        Set<String> ids = new HashSet<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /** "Function/Event" → the queue (logical id) of every SQS event source. */
    private static Map<String, String> sqsConsumers() {
        Map<String, String> consumers = new LinkedHashMap<>();
        for (String function : FUNCTIONS.keySet()) {
            properties(function).path("Events").properties().forEach(e -> {
                if (e.getValue().path("Type").asText().equals("SQS")) {
                    JsonNode queue = e.getValue().at("/Properties/Queue");
                    assertThat(queue.at("/Fn::GetAtt/1").asText()).isEqualTo("Arn");
                    consumers.put(function + "/" + e.getKey(), queue.at("/Fn::GetAtt/0").asText());
                }
            });
        }
        return consumers;
    }

    /** Action → the resources a role's inline policies allow it on. */
    private static Map<String, List<JsonNode>> grants(String role) {
        List<JsonNode> statements = statements(role);
        Map<String, List<JsonNode>> grants = new LinkedHashMap<>();
        for (JsonNode statement : statements) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            for (JsonNode action : list(statement.path("Action"))) {
                grants.computeIfAbsent(action.asText(), a -> new ArrayList<>()).addAll(list(statement.path("Resource")));
            }
        }
        return grants;
    }

    /** The key prefixes of bucket-object ARNs ({@code arn:${AWS::Partition}:s3:::${Bucket}/<prefix>*}). */
    private static List<String> s3ObjectPrefixes(List<JsonNode> resources) {
        String bucket = "arn:${AWS::Partition}:s3:::${Bucket}/";
        List<String> prefixes = new ArrayList<>();
        for (JsonNode resource : resources) {
            String arn = resource.path("Fn::Sub").asText();
            assertThat(arn).as("object ARN").startsWith(bucket).endsWith("/*");
            prefixes.add(arn.substring(bucket.length(), arn.length() - 1));
        }
        return prefixes;
    }

    private static boolean index(JsonNode table, String name) {
        for (JsonNode index : table.path("GlobalSecondaryIndexes")) {
            if (index.path("IndexName").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> keys(JsonNode keySchema) {
        Map<String, String> keys = new LinkedHashMap<>();
        keySchema.forEach(k -> keys.put(k.path("AttributeName").asText(), k.path("KeyType").asText()));
        return keys;
    }

    private static Map<String, String> keys(List<KeySchemaElement> keySchema) {
        Map<String, String> keys = new LinkedHashMap<>();
        keySchema.forEach(k -> keys.put(k.attributeName(), k.keyTypeAsString()));
        return keys;
    }
}
