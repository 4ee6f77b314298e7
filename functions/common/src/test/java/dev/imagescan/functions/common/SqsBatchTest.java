package dev.imagescan.functions.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** One message that throws, even an {@link Error}, is that message's failure: the rest of the batch goes on. */
class SqsBatchTest {

    @Test
    void anErrorOrExceptionInOneMessageFailsOnlyThatMessage() {
        for (Throwable thrown : List.of(new StackOverflowError(), new OutOfMemoryError("Java heap space"),
                new IllegalStateException("boom"))) {
            List<String> handled = new ArrayList<>();
            Predicate<SQSEvent.SQSMessage> handler = m -> {
                handled.add(m.getMessageId());
                if (m.getMessageId().equals("m2")) {
                    throwUnchecked(thrown);
                }
                return !m.getMessageId().equals("m3");
            };

            SQSBatchResponse response = SqsBatch.handle(batch("m1", "m2", "m3", "m4"), handler);

            assertThat(handled).as("after " + thrown).containsExactly("m1", "m2", "m3", "m4");
            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("m2", "m3");
        }
    }

    @Test
    void anEmptyEventHasNoFailures() {
        assertThat(SqsBatch.handle(new SQSEvent(), m -> false).getBatchItemFailures()).isEmpty();
    }

    private static void throwUnchecked(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        throw (RuntimeException) t;
    }

    private static SQSEvent batch(String... ids) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (String id : ids) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(id);
            m.setBody("{}");
            messages.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }
}
