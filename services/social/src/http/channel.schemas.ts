import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { ChannelEntity } from '../adapters/db';
import { PLATFORMS } from '../domain/platform';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (24:00 allowed as an end)');

const postingWindow = z
  .object({ weekday: z.number().int().min(1).max(7), start: clock, end: clock })
  .strict()
  .refine((w) => w.end > w.start, { message: 'end must be after start', path: ['end'] });

// Write-only: stored sealed, never returned by any route.
const credentials = z
  .record(z.string().min(1).max(100), z.string().min(1).max(4096))
  .refine((value) => Object.keys(value).length > 0, { message: 'must hold at least one field' });

const fields = {
  name: z.string().trim().min(1).max(200),
  credentials,
  niches: z.array(z.string().trim().min(1).max(64)).min(1).max(50),
  postingWindows: z.array(postingWindow).max(100),
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), { message: 'must be an IANA time zone, e.g. Europe/Berlin' }),
  maxPostsPerHour: z.number().int().min(1).max(1_000),
  autoPublish: z.boolean(),
  enabled: z.boolean(),
};

export const createChannelBody = z
  .object({
    platform: z.enum(PLATFORMS),
    ...fields,
    postingWindows: fields.postingWindows.default([]),
    timeZone: fields.timeZone.default('UTC'),
    maxPostsPerHour: fields.maxPostsPerHour.default(10),
    autoPublish: fields.autoPublish.default(true),
    enabled: fields.enabled.default(true),
  })
  .strict();

export const patchChannelBody = z
  .object(fields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' });

export const channelIdParams = z.object({ id: z.uuid() });

/** A channel as the API shows it: everything but the credentials. */
export function channelView(channel: ChannelEntity) {
  return {
    id: channel.id,
    platform: channel.platform,
    name: channel.name,
    niches: channel.niches,
    postingWindows: channel.postingWindows,
    timeZone: channel.timeZone,
    maxPostsPerHour: channel.maxPostsPerHour,
    autoPublish: channel.autoPublish,
    enabled: channel.enabled,
    status: channel.status,
    lastError: channel.lastError,
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  };
}
