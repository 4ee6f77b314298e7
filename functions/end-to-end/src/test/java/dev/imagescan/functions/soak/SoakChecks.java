package dev.imagescan.functions.soak;

import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.Page;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.StoreKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The soak's checks, on the final state read from the servers directly (no faults): every scan final; the FAILED ones
 * exactly the poisoned archives (and API scans whose job could not be queued, which the client was told of); no
 * claim left CLAIMED; per (image, database, analyzers) one DONE claim naming a DONE scan, and exactly one published
 * report set, by that scan; every image with its record on the last database, a verdict, and its {@code latest/}
 * reports; every job accounted for; the dead-letter queue holding exactly the planted bodies.
 */
final class SoakChecks {
    private final SoakDeployment deployment;
    private final FunctionContext direct;
    private final SoakWorkload workload;
    private final String lastDatabase;
    private final Duration lease;
    final List<String> problems = new ArrayList<>();
    final List<String> figures = new ArrayList<>();

    SoakChecks(SoakDeployment deployment, SoakWorkload workload, String lastDatabase, Duration lease) {
        this.deployment = deployment;
        this.lease = lease;
        this.direct = deployment.directContext();
        this.workload = workload;
        this.lastDatabase = lastDatabase;
    }

    /** Runs every check; the problems found (none: the soak passed). */
    List<String> run() {
        workload.problems.forEach(this::problem);
        List<Map<String, AttributeValue>> items = items();
        Map<String, Map<String, AttributeValue>> scans = new HashMap<>();
        List<Map<String, AttributeValue>> claims = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String type = s(item, "type");
            if ("SCAN".equals(type)) {
                scans.put(s(item, "scanId"), item);
            } else if ("CLAIM".equals(type)) {
                claims.add(item);
            }
        }
        checkScans(scans);
        checkJobs(scans);
        Map<String, Set<String>> published = publishedScans();
        checkClaims(claims, scans, published);
        checkImages();
        checkQueues();
        return problems;
    }

    private void checkScans(Map<String, Map<String, AttributeValue>> scans) {
        Map<String, Integer> byStatus = new TreeMap<>();
        for (Map<String, AttributeValue> scan : scans.values()) {
            String id = s(scan, "scanId");
            String status = s(scan, "status");
            byStatus.merge(s(scan, "trigger") + " " + status, 1, Integer::sum);
            if (!"DONE".equals(status) && !"FAILED".equals(status)) {
                problem("scan " + id + " left " + status + " (" + s(scan, "trigger") + ", " + s(scan, "attempts")
                        + " attempts)");
            }
            if ("FAILED".equals(status) && !workload.poisonedPushes.containsKey(id)
                    && !s(scan, "error").startsWith("the scan job could not be queued")) {
                problem("scan " + id + " (" + s(scan, "trigger") + ") FAILED but was not poisoned: "
                        + s(scan, "error"));
            }
            if ("FAILED".equals(status) && s(scan, "error").contains("\n")) {
                problem("scan " + id + " FAILED with a reason of more than one line");
            }
        }
        figures.add("scans by trigger and status: " + byStatus);
    }

    private void checkJobs(Map<String, Map<String, AttributeValue>> scans) {
        int lost = 0;
        for (String id : workload.goodPushes.keySet()) {
            lost += expect(scans, id, "DONE", "push of " + workload.goodPushes.get(id));
        }
        for (String id : workload.manualScans) {
            lost += expect(scans, id, "DONE", "manual scan");
        }
        Map<String, String> poisonReasons = new TreeMap<>();
        for (Map.Entry<String, String> p : workload.poisonedPushes.entrySet()) {
            lost += expect(scans, p.getKey(), "FAILED", "poisoned archive " + p.getValue());
            Map<String, AttributeValue> scan = scans.get(p.getKey());
            if (scan != null) {
                poisonReasons.put(p.getValue(), s(scan, "error"));
            }
        }
        figures.add("jobs lost: " + lost);
        poisonReasons.forEach((key, reason) -> figures.add("  poisoned " + key + " FAILED: " + reason));
    }

    private int expect(Map<String, Map<String, AttributeValue>> scans, String id, String status, String what) {
        Map<String, AttributeValue> scan = scans.get(id);
        if (scan == null) {
            problem(what + ": scan " + id + " was never made (the job is lost)");
            return 1;
        }
        if (!status.equals(s(scan, "status"))) {
            problem(what + ": scan " + id + " is " + s(scan, "status") + ", not " + status + " ("
                    + s(scan, "error") + ")");
            return 1;
        }
        return 0;
    }

    private void checkClaims(List<Map<String, AttributeValue>> claims, Map<String, Map<String, AttributeValue>> scans,
            Map<String, Set<String>> published) {
        Map<String, Integer> doneByImage = new HashMap<>();
        int done = 0;
        for (Map<String, AttributeValue> claim : claims) {
            String key = s(claim, "pk");
            if (!"DONE".equals(s(claim, "state"))) {
                problem("claim " + key + " left " + s(claim, "state") + " by " + s(claim, "owner"));
                continue;
            }
            done++;
            String digest = s(claim, "imageDigest");
            String scanId = s(claim, "scanId");
            doneByImage.merge(digest, 1, Integer::sum);
            Map<String, AttributeValue> scan = scans.get(scanId);
            if (scan == null || !"DONE".equals(s(scan, "status"))) {
                problem("claim " + key + " is DONE by scan " + scanId + ", which is "
                        + (scan == null ? "missing" : s(scan, "status")));
            }
            if (!published.getOrDefault(digest, Set.of()).contains(scanId)) {
                problem("claim " + key + ": the report set of scan " + scanId + " was not published");
            }
        }
        long overLease = claims.stream().filter(c -> held(c) > lease.toMillis()).count();
        long longest = claims.stream().mapToLong(SoakChecks::held).max().orElse(0);
        figures.add("claims held longer than the " + lease.toSeconds() + " s lease: " + overLease + " (longest "
                + longest + " ms; past the lease another attempt may take a claim over, so a scan could be done"
                + " twice: the lease must outlast every scan)");
        int reportSets = 0;
        for (Map.Entry<String, Set<String>> p : published.entrySet()) {
            reportSets += p.getValue().size();
            int expected = doneByImage.getOrDefault(p.getKey(), 0);
            if (p.getValue().size() != expected) {
                problem("image " + p.getKey() + ": " + p.getValue().size() + " report sets published "
                        + p.getValue() + " for " + expected + " DONE claims (one per image, database and analyzers)");
            }
        }
        figures.add("claims: " + claims.size() + " (" + done + " DONE); report sets published: " + reportSets);
    }

    private void checkImages() {
        Set<String> expected = new HashSet<>(workload.uploads.values());
        Set<String> seen = new HashSet<>();
        String token = null;
        do {
            Page<ImageRecord> page = direct.table().images().list(100, token);
            for (ImageRecord image : page.items()) {
                seen.add(image.digest());
                checkImage(image, expected.contains(image.digest()));
            }
            token = page.nextToken();
        } while (token != null);
        for (String digest : expected) {
            if (!seen.contains(digest)) {
                problem("image " + digest + " was pushed and has no record");
            }
        }
        figures.add("images: " + seen.size() + " recorded, " + expected.size() + " pushed");
    }

    private void checkImage(ImageRecord image, boolean pushed) {
        String d = image.digest();
        if (!pushed) {
            problem("image " + d + " has a record but was never pushed (a poisoned archive?)");
            return;
        }
        if (!lastDatabase.equals(image.dbVersion())) {
            problem("image " + d + " was last scanned with " + image.dbVersion() + ", not the current "
                    + lastDatabase);
        }
        if (image.verdict() == null) {
            problem("image " + d + " has no verdict");
        }
        for (String key : List.of(StoreKeys.REPORTS + d + "/latest/report.json",
                StoreKeys.REPORTS + d + "/latest/verdict.json", "images/" + d + "/verdict.json")) {
            if (direct.store().head(key).isEmpty()) {
                problem("image " + d + ": " + key + " is missing");
            }
        }
    }

    /** Published scans by image: the markers {@code reports/<digest>/<scanId>/published.json}. */
    private Map<String, Set<String>> publishedScans() {
        Map<String, Set<String>> published = new TreeMap<>();
        String token = null;
        do {
            Page<ObjectInfo> page = direct.store().list(StoreKeys.REPORTS, 1000, token);
            for (ObjectInfo o : page.items()) {
                String[] parts = o.key().split("/");
                if (parts.length == 4 && parts[3].equals("published.json")) {
                    published.computeIfAbsent(parts[1], k -> new HashSet<>()).add(parts[2]);
                }
            }
            token = page.nextToken();
        } while (token != null);
        return published;
    }

    private void checkQueues() {
        List<String> dead = drain(deployment.scanDeadLetters);
        List<String> planted = new ArrayList<>(workload.poisonedMessages);
        List<String> unexpected = new ArrayList<>();
        for (String body : dead) {
            if (!planted.remove(body)) {
                unexpected.add(body);
            }
        }
        figures.add("scan dead-letter queue: " + dead.size() + " messages (" + (dead.size() - unexpected.size())
                + " planted poisoned bodies, " + unexpected.size() + " others)");
        unexpected.forEach(b -> problem("the dead-letter queue holds a message that was not planted: " + cut(b)));
        planted.forEach(b -> problem("a planted poisoned body did not reach the dead-letter queue: " + cut(b)));
        List<String> deadCompletions = drain(deployment.completedDeadLetters);
        deadCompletions.forEach(b -> problem("the completion dead-letter queue holds " + cut(b) + " (" + published(b)
                + ")"));
        for (String queue : List.of(deployment.scanQueue, deployment.completedQueue)) {
            List<String> left = drain(queue);
            left.forEach(b -> problem("a message was left in a queue: " + cut(b)));
        }
    }

    /** Whether the completion message {@code body} was published after all (its marker), for the problem's text. */
    private String published(String body) {
        try {
            ScanCompleted c = ScanCompleted.fromJson(body);
            return direct.store().head(StoreKeys.REPORTS + c.imageDigest() + "/" + c.scanId() + "/published.json")
                    .isPresent() ? "its report set is published" : "its report set is not published";
        } catch (RuntimeException e) {
            return "not a ScanCompleted: " + e.getMessage();
        }
    }

    private List<String> drain(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> messages = deployment.aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(600)).messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            messages.forEach(m -> bodies.add(m.body()));
        }
    }

    private List<Map<String, AttributeValue>> items() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(deployment.table).consistentRead(true);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = deployment.aws.dynamoDb().scan(request.build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** How long a DONE claim was held, from its claim to its completion, in milliseconds. */
    private static long held(Map<String, AttributeValue> claim) {
        AttributeValue from = claim.get("claimedAt");
        AttributeValue to = claim.get("completedAt");
        return from == null || to == null || from.n() == null || to.n() == null ? 0
                : Long.parseLong(to.n()) - Long.parseLong(from.n());
    }

    private void problem(String text) {
        if (problems.size() < 200) {
            problems.add(text);
        }
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? "" : v.s() != null ? v.s() : v.n() != null ? v.n() : String.valueOf(v);
    }

    private static String cut(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
