import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed } from '../src/domain/feed-parser';
import { hammingDistance, simhash, simhashBands, simhashFromBigInt, simhashToBigInt, storySimhash, tokenize } from '../src/domain/simhash';
import { StoryClusterer } from '../src/domain/story-clusterer';

const SAMPLES = join(__dirname, '..', 'sample-feeds');

describe('storySimhash', () => {
  const wireA = storySimhash(
    'Oil jumps 4% after Northern Star pipeline outage',
    'Oil prices jumped 4% on Tuesday after a leak forced the shutdown of the Northern Star pipeline, which carries about 600,000 barrels a day to Gulf Coast refineries.',
  );
  const wireB = storySimhash(
    'Crude surges after Northern Star pipeline shuts',
    'Oil prices jumped 4% on Tuesday after a leak forced the shutdown of the Northern Star pipeline, which carries roughly 600,000 barrels a day to Gulf Coast refineries.',
  );
  const unrelated = storySimhash(
    'Bees use polarised light to navigate on cloudy days',
    'Honeybees rely on patterns of polarised light that pass through thin cloud to keep their bearings, experiments suggest.',
  );

  it('is 16 hex digits and deterministic', () => {
    expect(wireA).toMatch(/^[0-9a-f]{16}$/);
    expect(storySimhash('Same title', 'Same lead text here')).toBe(storySimhash('Same title', 'Same lead text here'));
  });

  it('puts two outlets rewriting one wire story within a few bits', () => {
    expect(hammingDistance(wireA, wireB)).toBeLessThanOrEqual(12);
  });

  it('keeps unrelated stories far apart', () => {
    expect(hammingDistance(wireA, unrelated)).toBeGreaterThan(18);
  });

  it('ignores case, punctuation, diacritics and stopwords', () => {
    expect(simhash('The Café, in Zürich!')).toBe(simhash('cafe zurich'));
    expect(tokenize('The banks are raising rates')).toEqual(['bank', 'raising', 'rate']);
  });
});

describe('simhash helpers', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
  });

  it('round-trips through a signed 64-bit integer', () => {
    for (const hex of ['0000000000000000', 'ffffffffffffffff', '8000000000000000', '7fffffffffffffff', '0123456789abcdef']) {
      expect(simhashFromBigInt(simhashToBigInt(hex))).toBe(hex);
    }
    expect(simhashToBigInt('ffffffffffffffff')).toBe(-1n);
  });

  it('gives fingerprints within distance d a shared band when there are d+1 bands', () => {
    const a = '0f0f0f0f0f0f0f0f';
    const b = 'f00f0f0f0f0f0f0e'; // 9 bits differ, all in the first and last bands
    const bandsA = simhashBands(a, 10);
    const bandsB = simhashBands(b, 10);
    expect(hammingDistance(a, b)).toBe(9);
    expect(bandsA.filter((band) => bandsB.includes(band)).length).toBeGreaterThan(0);
    expect(bandsA).toHaveLength(10);
  });
});

describe('StoryClusterer', () => {
  it('opens a cluster named after the first article and adds near-duplicates to it', () => {
    const clusterer = new StoryClusterer([], { maxDistance: 3 });
    expect(clusterer.assign('a1', '00000000000000ff')).toEqual({ clusterId: 'a1', isNewCluster: true, clusterSize: 1 });
    expect(clusterer.assign('a2', '00000000000000fe')).toEqual({ clusterId: 'a1', isNewCluster: false, matchedArticleId: 'a1', distance: 1, clusterSize: 2 });
    expect(clusterer.assign('a3', 'ff00000000000000')).toMatchObject({ clusterId: 'a3', isNewCluster: true });
  });

  it('starts from stored candidates and their clusters', () => {
    const clusterer = new StoryClusterer([
      { articleId: 'old1', simhash: '1111111111111111', clusterId: 'story-x' },
      { articleId: 'old2', simhash: '1111111111111113', clusterId: 'story-x' },
    ]);
    expect(clusterer.assign('new', '1111111111111117')).toMatchObject({ clusterId: 'story-x', matchedArticleId: 'old2', distance: 1, clusterSize: 3 });
  });

  it('joins the nearest candidate, the earlier one on a tie', () => {
    const clusterer = new StoryClusterer(
      [
        { articleId: 'far', simhash: '000000000000000f', clusterId: 'c-far' },
        { articleId: 'near1', simhash: '0000000000000001', clusterId: 'c-near1' },
        { articleId: 'near2', simhash: '0000000000000002', clusterId: 'c-near2' },
      ],
      { maxDistance: 5 },
    );
    expect(clusterer.assign('new', '0000000000000000')).toMatchObject({ clusterId: 'c-near1', distance: 1 });
  });

  it('answers the same for an article it already knows', () => {
    const clusterer = new StoryClusterer();
    clusterer.assign('a', 'abcdefabcdefabcd');
    expect(clusterer.assign('a', '0000000000000000')).toEqual({ clusterId: 'a', isNewCluster: false, clusterSize: 1 });
    expect(clusterer.size).toBe(1);
  });

  it('refuses a malformed fingerprint', () => {
    expect(() => new StoryClusterer().assign('a', 'xyz')).toThrow(/16 hex digits/);
  });

  it('groups the shared stories of the sample feeds and nothing else', () => {
    const clusterer = new StoryClusterer();
    const titles = new Map<string, string>();
    for (const file of readdirSync(SAMPLES).sort()) {
      const feed = parseFeed(readFileSync(join(SAMPLES, file)), { url: `https://samples.example/${file}` });
      for (const item of feed.items) {
        titles.set(item.url, item.title);
        clusterer.assign(item.url, storySimhash(item.title, item.contentText));
      }
    }
    const clusters = new Map<string, string[]>();
    for (const url of titles.keys()) {
      const { clusterId } = clusterer.assign(url, '0000000000000000'); // known: returns its cluster
      clusters.set(clusterId, [...(clusters.get(clusterId) ?? []), titles.get(url)!]);
    }
    const multi = [...clusters.values()].filter((members) => members.length > 1).map((members) => members.sort());
    const topic = (words: string) => multi.find((members) => members.every((title) => new RegExp(words, 'i').test(title)));
    for (const words of ['arvion|2nm', 'streamly', 'helio', 'nimbus', 'skyreach', 'central bank', 'oil|crude', 'meridian', 'inflation', 'gold', 'yield']) {
      expect({ words, cluster: topic(words) }).toEqual({ words, cluster: expect.any(Array) });
    }
    // No cluster mixes two stories: each is one of the topics above.
    expect(multi).toHaveLength(11);
  });
});
