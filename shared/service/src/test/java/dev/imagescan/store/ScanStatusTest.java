package dev.imagescan.store;

import static dev.imagescan.store.ScanStatus.DONE;
import static dev.imagescan.store.ScanStatus.FAILED;
import static dev.imagescan.store.ScanStatus.QUEUED;
import static dev.imagescan.store.ScanStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScanStatusTest {
    @Test
    void theAllowedMoves() {
        assertThat(QUEUED.canMoveTo(RUNNING)).isTrue();
        assertThat(RUNNING.canMoveTo(RUNNING)).as("a redelivered job").isTrue();
        assertThat(RUNNING.canMoveTo(DONE)).isTrue();
        assertThat(RUNNING.canMoveTo(FAILED)).isTrue();
        assertThat(QUEUED.canMoveTo(FAILED)).isTrue();

        assertThat(QUEUED.canMoveTo(DONE)).isFalse();
        for (ScanStatus from : ScanStatus.values()) {
            assertThat(from.canMoveTo(QUEUED)).as(from + " → QUEUED").isFalse();
        }
        for (ScanStatus to : ScanStatus.values()) {
            assertThat(DONE.canMoveTo(to)).as("DONE → " + to).isFalse();
            assertThat(FAILED.canMoveTo(to)).as("FAILED → " + to).isFalse();
        }
        assertThat(DONE.isFinal()).isTrue();
        assertThat(FAILED.isFinal()).isTrue();
        assertThat(RUNNING.isFinal()).isFalse();
    }
}
