import type { EngagementMetrics } from './variant-selection';

/**
 * Whether a new measurement differs from the stored one: a first measurement always does (even
 * all zeros: it is the post's first known state), after that any counter that moved, in either
 * direction (an unlike is a change too). Impressions count only when the platform reports them.
 */
export function engagementChanged(previous: EngagementMetrics | null, next: EngagementMetrics): boolean {
  if (previous === null) return true;
  return (
    previous.likes !== next.likes ||
    previous.reposts !== next.reposts ||
    previous.replies !== next.replies ||
    (next.impressions !== undefined && previous.impressions !== next.impressions)
  );
}
