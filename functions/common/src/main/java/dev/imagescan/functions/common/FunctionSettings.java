package dev.imagescan.functions.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The functions' settings, from their environment (the SAM template sets them):
 * {@code IMAGESCAN_BUCKET}, {@code IMAGESCAN_TABLE}, {@code IMAGESCAN_QUEUE_URL} (required by the functions that send
 * jobs), {@code IMAGESCAN_MAX_RECEIVES} (the queue's redrive {@code maxReceiveCount}, default 3) and
 * {@code IMAGESCAN_DB_CHECK_SECONDS} (how often {@code vulndb/current} and the current policy are looked at, default
 * 60) and {@code IMAGESCAN_COMPLETED_QUEUE_URL} (the queue the scan function tells of finished scans and changed
 * verdicts, for the publish function; optional: without it nobody is told). Endpoint overrides are
 * {@code store.aws.AwsClients}'.
 *
 * @param completedQueueUrl null when not set
 */
public record FunctionSettings(String bucket, String table, String queueUrl, int maxReceives, int dbCheckSeconds,
        String completedQueueUrl) {
    public static final int DEFAULT_MAX_RECEIVES = 3;
    public static final int DEFAULT_DB_CHECK_SECONDS = 60;

    /**
     * Reads the settings; every problem at once in one {@link IllegalArgumentException} naming the variables.
     *
     * @param needsQueue whether {@code IMAGESCAN_QUEUE_URL} is required
     */
    public static FunctionSettings fromEnvironment(Map<String, String> env, boolean needsQueue) {
        List<String> problems = new ArrayList<>();
        String bucket = required(env, "IMAGESCAN_BUCKET", problems);
        String table = required(env, "IMAGESCAN_TABLE", problems);
        String queue = needsQueue ? required(env, "IMAGESCAN_QUEUE_URL", problems) : blankToNull(env.get("IMAGESCAN_QUEUE_URL"));
        int maxReceives = number(env, "IMAGESCAN_MAX_RECEIVES", DEFAULT_MAX_RECEIVES, 1, 1000, problems);
        int dbCheck = number(env, "IMAGESCAN_DB_CHECK_SECONDS", DEFAULT_DB_CHECK_SECONDS, 0, 86_400, problems);
        String completed = blankToNull(env.get("IMAGESCAN_COMPLETED_QUEUE_URL"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("function environment: " + String.join("; ", problems));
        }
        return new FunctionSettings(bucket, table, queue, maxReceives, dbCheck, completed);
    }

    private static String required(Map<String, String> env, String name, List<String> problems) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            problems.add(name + " is not set");
        }
        return value;
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max,
            List<String> problems) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
        return fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
