import { MatchersV3 } from '@pact-foundation/pact';
import { pactMatchers } from './pact-matchers';

const { like, regex, number, boolean, eachLike } = MatchersV3;
const { uuid, rfc3339, httpUrl } = pactMatchers;

/**
 * The sample story every consumer pact describes (one chip-plant article through the pipeline),
 * as Pact matchers: the fields the v1 schema requires, which every consumer's pact must carry
 * because the bus validates the whole event before any handler. A consumer spreads these into
 * `messagePactConsumer` and adds the optional fields it reads.
 */
export const pactExamples = {
  articleSummarized: {
    id: '1c7a2d3f-9e8b-4a4c-8f3e-6d5c4b3a2918',
    time: '2026-11-23T08:00:02.000Z',
    data: {
      articleId: uuid('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f'),
      niche: like('technology'),
      url: httpUrl('https://example.com/2026/11/23/chip-plant'),
      title: like('Chipmaker opens a 20 billion dollar plant in Ohio'),
      summary: like('A chipmaker opened a $20B plant in Ohio that will employ 3,000 people by 2028.'),
      // Any number of facts of the right shape: no consumer reads them one by one.
      facts: eachLike({ statement: like('The plant will employ 3,000 people.'), quote: like('The plant will employ 3,000 people'), verified: boolean(true) }, 0),
      confidence: number(1),
      variants: like({}),
      model: like('extractive'),
      promptVersion: like('extractive-v1'),
      truncated: boolean(false),
      fetchedAt: rfc3339('2026-11-23T08:00:00.000Z'),
      summarizedAt: rfc3339('2026-11-23T08:00:02.000Z'),
    } as Record<string, unknown>,
  },
  postPublished: {
    id: '2d8b3e4a-0f9c-4b5d-9a4f-7e6d5c4b3a29',
    time: '2026-11-23T08:00:03.000Z',
    data: {
      postId: uuid('3e9c4f5b-1a0d-4c6e-8b5a-8f7e6d5c4b3a'),
      articleId: uuid('7f3c2a9e-4b1d-4e8a-9c0f-1a2b3c4d5e6f'),
      channelId: uuid('4f0d5a6c-2b1e-4d7f-9c6b-9a8f7e6d5c4b'),
      platform: regex(/^(mastodon|bluesky|x|linkedin|webhook)$/, 'mastodon'),
      remoteId: like('109876543210'),
      text: like('Ohio just got a $20B chip plant and 3,000 jobs.'),
      niche: like('technology'),
      publishedAt: rfc3339('2026-11-23T08:00:03.000Z'),
    } as Record<string, unknown>,
  },
};
