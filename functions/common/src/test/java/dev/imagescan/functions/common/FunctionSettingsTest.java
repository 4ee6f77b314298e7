package dev.imagescan.functions.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FunctionSettings} from an environment. */
class FunctionSettingsTest {
    private static final Map<String, String> BASE = Map.of("IMAGESCAN_BUCKET", "b", "IMAGESCAN_TABLE", "t");

    @Test
    void theCompletedQueueIsOptional() {
        assertThat(FunctionSettings.fromEnvironment(BASE, false).completedQueueUrl()).isNull();
        Map<String, String> blank = new HashMap<>(BASE);
        blank.put("IMAGESCAN_COMPLETED_QUEUE_URL", "  ");
        assertThat(FunctionSettings.fromEnvironment(blank, false).completedQueueUrl()).isNull();
        Map<String, String> set = new HashMap<>(BASE);
        set.put("IMAGESCAN_COMPLETED_QUEUE_URL", " https://sqs.eu-west-1.amazonaws.com/1/completed ");
        assertThat(FunctionSettings.fromEnvironment(set, false).completedQueueUrl())
                .isEqualTo("https://sqs.eu-west-1.amazonaws.com/1/completed");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> FunctionSettings.fromEnvironment(Map.of("IMAGESCAN_DB_CHECK_SECONDS", "x"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IMAGESCAN_BUCKET")
                .hasMessageContaining("IMAGESCAN_TABLE").hasMessageContaining("IMAGESCAN_QUEUE_URL")
                .hasMessageContaining("IMAGESCAN_DB_CHECK_SECONDS");
    }
}
