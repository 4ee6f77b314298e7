/**
 * The blocking policy (docs/policy.md): a {@link dev.imagescan.policy.Policy} document read by
 * {@link dev.imagescan.policy.PolicyParser}, applied to every finding of a matched image by
 * {@link dev.imagescan.policy.PolicyEvaluator}, giving a {@link dev.imagescan.policy.Verdict} that
 * {@link dev.imagescan.policy.VerdictJsonWriter} and {@link dev.imagescan.policy.VerdictTable} render.
 */
package dev.imagescan.policy;
