export const LEADERBOARD_DIMENSIONS = ['niche', 'source'] as const;
export type LeaderboardDimension = (typeof LEADERBOARD_DIMENSIONS)[number];

export const LEADERBOARD_ORDERS = ['articles', 'posts', 'engagement'] as const;
export type LeaderboardOrder = (typeof LEADERBOARD_ORDERS)[number];

export interface LeaderboardRequest {
  by: LeaderboardDimension;
  from: Date;
  to: Date;
  orderBy?: LeaderboardOrder;
  limit?: number;
}

/**
 * One entry: a niche or a source id. Articles are fetched in the window; posts are published in
 * the window (a source gets the posts made from its articles); engagement is the interactions
 * (see engagement.ts) of those posts, from their newest measurement.
 */
export interface LeaderboardEntry {
  key: string;
  articles: number;
  posts: number;
  engagement: number;
}

/** Sorts entries by the chosen column (ties by the other columns, then key) and keeps the top `limit`. */
export function rankLeaderboard(entries: readonly LeaderboardEntry[], orderBy: LeaderboardOrder, limit: number): LeaderboardEntry[] {
  const others = LEADERBOARD_ORDERS.filter((o) => o !== orderBy);
  return [...entries]
    .sort((a, b) => b[orderBy] - a[orderBy] || others.reduce((d, o) => d || b[o] - a[o], 0) || a.key.localeCompare(b.key))
    .slice(0, limit);
}
