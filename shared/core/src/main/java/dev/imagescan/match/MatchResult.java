package dev.imagescan.match;

import java.util.List;

/** The matches of one inventory, sorted by package then vulnerability, and what the database could cover. */
public record MatchResult(Coverage coverage, List<Match> matches) {
    public MatchResult {
        matches = List.copyOf(matches);
    }
}
