package dev.imagescan.policy;

import dev.imagescan.report.Finding;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One allow-list entry: findings it matches are waived (they count for no rule) until it expires.
 *
 * @param id        a vulnerability or advisory id; matches a finding's id, one of its advisory ids or aliases
 *                  (ignoring case)
 * @param pkg       when set, only findings of this package: its binary name or the name the advisories use (the
 *                  source package for Debian and Ubuntu, the origin for Alpine); null for any package
 * @param reason    why it is accepted (required: a waiver nobody can explain is not one)
 * @param expires   the first day (UTC) on which the entry no longer applies
 */
public record AllowEntry(String id, String pkg, String reason, LocalDate expires) {
    public AllowEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
    }

    /** Whether the entry still applies on {@code today} (UTC): it does up to the day before {@link #expires()}. */
    public boolean activeOn(LocalDate today) {
        return today.isBefore(expires);
    }

    /** Whether this entry names {@code f}, whatever its expiry. */
    public boolean matches(Finding f) {
        boolean idMatches = id.equalsIgnoreCase(f.id())
                || f.advisoryIds().stream().anyMatch(id::equalsIgnoreCase)
                || f.aliases().stream().anyMatch(id::equalsIgnoreCase);
        return idMatches && (pkg == null || pkg.equals(f.pkg().name()) || pkg.equals(f.matchedName()));
    }
}
