/** The platforms a channel can publish to. */
export const PLATFORMS = ['mastodon', 'bluesky', 'x', 'linkedin', 'webhook'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}
