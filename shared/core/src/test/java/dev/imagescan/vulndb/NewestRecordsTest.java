package dev.imagescan.vulndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge rule: newest {@code modified} per id, the first on a tie, ids whose newest record is withdrawn out. */
class NewestRecordsTest {

    @Test
    void newestModifiedWinsWhateverTheOrderAndTiesKeepTheFirst() {
        NewestRecords newest = new NewestRecords();
        newest.add(record("DSA-1-1", "2024-01-01T00:00:00Z", null, "first"));
        newest.add(record("DSA-2-1", "2024-01-01T00:00:00Z", null, "tie one"));
        newest.add(record("DSA-1-1", "2024-03-01T00:00:00Z", null, "newest"));
        newest.add(record("DSA-1-1", "2024-02-01T00:00:00Z", null, "older"));
        newest.add(record("DSA-2-1", "2024-01-01T00:00:00Z", null, "tie two"));
        newest.add(record("DSA-3-1", "2023-01-01T00:00:00Z", null, "alone"));

        assertThat(newest.records()).as("in the order ids were first added").extracting(r -> r.advisory().summary())
                .containsExactly("newest", "tie one", "alone");
        assertThat(newest.added()).isEqualTo(6);
        assertThat(newest.duplicates()).isEqualTo(3);
        assertThat(newest.withdrawn()).isZero();
    }

    @Test
    void aNewerWithdrawnRecordDropsTheIdAndAnOlderOneDoesNot() {
        NewestRecords newest = new NewestRecords();
        newest.add(record("DSA-1-1", "2024-01-01T00:00:00Z", null, "live"));
        newest.add(record("DSA-1-1", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z", "withdrawn"));
        newest.add(record("DSA-2-1", "2023-01-01T00:00:00Z", "2023-01-01T00:00:00Z", "withdrawn once"));
        newest.add(record("DSA-2-1", "2024-01-01T00:00:00Z", null, "back"));
        newest.add(record("DSA-3-1", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "only withdrawn"));

        assertThat(newest.records()).extracting(r -> r.advisory().summary()).containsExactly("back");
        assertThat(newest.withdrawn()).isEqualTo(2);
        assertThat(newest.added() - newest.duplicates() - newest.withdrawn()).isEqualTo(newest.records().size());
    }

    @Test
    void nothingAddedKeepsNothing() {
        NewestRecords newest = new NewestRecords();

        assertThat(newest.records()).isEmpty();
        assertThat(newest.added()).isZero();
        assertThat(newest.duplicates()).isZero();
        assertThat(newest.withdrawn()).isZero();
    }

    @Test
    void aRecordWithoutAModifiedTimeIsRefused() {
        OsvRecord undated = new OsvRecord(new Advisory("ALAS-1", List.of(), "", null, null, List.of(), null,
                List.of()), null, List.of());

        assertThatThrownBy(() -> new NewestRecords().add(undated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ALAS-1: a record without a modified time cannot be merged");
    }

    /**
     * Feeds merged each on its own first (as the database update does, to check and report every feed) and then
     * together: a withdrawal in one feed leaves the other feed's live record in, as a single merge would not.
     */
    @Test
    void feedsMergedOnTheirOwnThenTogether() {
        List<OsvRecord> feedA = List.of(record("CVE-1", "2024-01-01T00:00:00Z", null, "a live"),
                record("CVE-2", "2024-01-01T00:00:00Z", null, "a older"));
        List<OsvRecord> feedB = List.of(record("CVE-1", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z", "b gone"),
                record("CVE-2", "2024-02-01T00:00:00Z", null, "b newer"));

        NewestRecords together = new NewestRecords();
        for (List<OsvRecord> feed : List.of(feedA, feedB)) {
            NewestRecords own = new NewestRecords();
            feed.forEach(own::add);
            own.records().forEach(together::add);
        }
        NewestRecords single = new NewestRecords();
        feedA.forEach(single::add);
        feedB.forEach(single::add);

        assertThat(together.records()).extracting(r -> r.advisory().summary()).containsExactly("a live", "b newer");
        assertThat(single.records()).extracting(r -> r.advisory().summary()).containsExactly("b newer");
    }

    private static OsvRecord record(String id, String modified, String withdrawn, String summary) {
        return new OsvRecord(new Advisory(id, List.of(), summary, null, Instant.parse(modified), List.of(), null,
                List.of()), withdrawn == null ? null : Instant.parse(withdrawn), List.of());
    }
}
