/**
 * What "engagement" means everywhere in analytics (and the same rule as the social service's
 * bandit, `engagementOutcome` in services/social): the interactions of a post are
 * likes + reposts + replies (impressions are reach, not engagement); a post is *engaged* (a
 * success for experiment results) when it has at least one interaction.
 */
export interface EngagementCounts {
  likes: number;
  reposts: number;
  replies: number;
}

/** likes + reposts + replies. */
export function interactionsOf(counts: EngagementCounts): number {
  return counts.likes + counts.reposts + counts.replies;
}

/** A post with at least one interaction counts as a success. */
export function isEngaged(counts: EngagementCounts): boolean {
  return interactionsOf(counts) >= 1;
}

/** The SQL twin of `interactionsOf`, over columns named likes/reposts/replies of `alias`. */
export function interactionsSql(alias: string): string {
  return `(coalesce(${alias}.likes, 0) + coalesce(${alias}.reposts, 0) + coalesce(${alias}.replies, 0))`;
}
