import { simhashFeatures, storySimhash, tokenize } from '../src/domain/simhash';

describe('storySimhash', () => {
  // The definition: title words at half weight, then the words of the lead's first 30 pieces of split(/\s+/, 30).
  const reference = (title: string, lead: string): string => {
    const features: Array<[string, number]> = tokenize(title).map((t) => [t, 0.5]);
    for (const token of tokenize(lead.split(/\s+/, 30).join(' '))) features.push([token, 1]);
    return simhashFeatures(features);
  };

  it('fingerprints only the first 30 words of the lead, as split(/\\s+/, 30) counts them', () => {
    const words = ['rates', 'bank', '', ' ', '\n\n', 'délta', 'x', 'inflation'];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 2_000; i++) {
      let lead = next() < 0.3 ? ' ' : '';
      const count = Math.floor(next() * 80);
      for (let w = 0; w < count; w++) lead += words[Math.floor(next() * words.length)]! + (next() < 0.5 ? ' ' : '\n\t');
      expect(storySimhash('Central bank holds rates', lead)).toBe(reference('Central bank holds rates', lead));
    }
  });

  it('ignores everything after the 30th word', () => {
    const lead = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    expect(storySimhash('t', `${lead} tail words here`)).toBe(storySimhash('t', lead));
  });
});
