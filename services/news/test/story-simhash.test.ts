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

  it('keeps its fingerprints: values computed before the branch-free weighting, which must not change them', () => {
    // Stored articles' fingerprints and new ones must stay comparable: a change here re-clusters everything.
    expect(storySimhash('Central bank holds rates steady as inflation cools', 'The central bank left its benchmark rate unchanged on Tuesday, saying inflation had eased for a third month.')).toBe('6a912b2dc574da5d');
    expect(storySimhash('Café owners in Zürich protest new rules', 'Dozens of café owners gathered outside city hall on Monday.')).toBe('1ab3bdd696b78e40');
    expect(simhashFeatures([['alpha', 0.25], ['beta', 3], ['gamma', -1.5]])).toBe('cef7143d38d0c95a');
  });
});
