package dev.imagescan.functions.publish;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The publish function's own setting, beside {@code FunctionSettings}': {@code IMAGESCAN_EVENT_BUS}, the name or ARN
 * of the EventBridge bus the events go to ({@code default}, the account's default bus, when unset).
 *
 * @param eventBus a bus name or ARN
 */
public record PublishSettings(String eventBus) {
    public static final String DEFAULT_BUS = "default";
    private static final Pattern NAME = Pattern.compile("[/.\\-_A-Za-z0-9]{1,256}");
    private static final Pattern ARN =
            Pattern.compile("arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[/.\\-_A-Za-z0-9]{1,256}");

    public PublishSettings {
        if (eventBus == null || !(NAME.matcher(eventBus).matches() || ARN.matcher(eventBus).matches())) {
            throw new IllegalArgumentException("function environment: IMAGESCAN_EVENT_BUS must be an event bus name "
                    + "(1 to 256 of A-Z a-z 0-9 . - _ /) or ARN, not '" + eventBus + "'");
        }
    }

    public static PublishSettings fromEnvironment(Map<String, String> env) {
        String bus = env.get("IMAGESCAN_EVENT_BUS");
        return new PublishSettings(bus == null || bus.isBlank() ? DEFAULT_BUS : bus.trim());
    }
}
