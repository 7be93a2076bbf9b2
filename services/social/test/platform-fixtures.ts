import { PulseError } from '@pulse/errors';
import type { OutgoingPost } from '../src/adapters/platforms/platform-adapter';
import type { Platform } from '../src/domain/platform';
import { composePost } from '../src/domain/post-composer';

/** A composed post ready for an adapter, as the publisher would hand it over. */
export function outgoingPost(platform: Platform, text = 'Solar power hits a record in Germany 🌞', extra: Partial<OutgoingPost> = {}): OutgoingPost {
  const composed = composePost({ platform, text, articleUrl: 'https://news.example.com/solar-record', niche: 'climate', keywords: ['solar power'] });
  return { ...composed, createdAt: new Date('2024-05-06T10:00:00.000Z'), language: 'en', ...extra };
}

/** A post that skips the composer, to see what the platform says about a text it refuses. */
export function rawPost(platform: Platform, text: string): OutgoingPost {
  return { platform, text, length: text.length, maxLength: undefined, truncated: false, hashtags: [], link: undefined, entities: [], createdAt: new Date() };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<PulseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PulseError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
