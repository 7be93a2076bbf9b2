import { quoteOccursIn, verifyFacts } from '../src/domain/fact-verifier';
import { SOLAR_TEXT } from './fixtures/articles.fixture';

describe('fact verification', () => {
  it('verifies a quote written with straight quotes against an article using curly ones', () => {
    expect(quoteOccursIn('"This is the largest investment in clean energy our city has ever made," Mayor Dana Whitfield said', SOLAR_TEXT)).toBe(true);
    expect(quoteOccursIn("cut the district's electricity bills by nearly half", SOLAR_TEXT)).toBe(true);
  });

  it('verifies a quote with extra whitespace, line breaks and a hyphen for the em dash', () => {
    expect(quoteOccursIn('designed around   the\nacademic calendar - a priority for parents', SOLAR_TEXT)).toBe(true);
  });

  it('matches case-insensitively, so a capitalized mid-sentence quote still verifies', () => {
    expect(quoteOccursIn('Officials expect the panels to pay for themselves', SOLAR_TEXT)).toBe(true);
    expect(quoteOccursIn('CONSTRUCTION IS SCHEDULED TO BEGIN NEXT SPRING', SOLAR_TEXT)).toBe(true);
  });

  it('accepts an ellipsis for an omission only when every part occurs in order', () => {
    expect(quoteOccursIn('The plan, which passed by a vote of 7 to 2 … is expected to generate about 18 megawatts', SOLAR_TEXT)).toBe(true);
    expect(quoteOccursIn('is expected to generate about 18 megawatts ... The plan, which passed by a vote', SOLAR_TEXT)).toBe(false);
  });

  it('does not verify invented quotes, altered numbers or too-short fragments', () => {
    expect(quoteOccursIn('The mayor promised free electricity for every family', SOLAR_TEXT)).toBe(false);
    expect(quoteOccursIn('approved a $45 million plan on Tuesday', SOLAR_TEXT)).toBe(false);
    expect(quoteOccursIn('the', SOLAR_TEXT)).toBe(false);
    expect(quoteOccursIn('', SOLAR_TEXT)).toBe(false);
  });

  it('keeps unverified facts, marks them and reports the verified share as confidence', () => {
    const result = verifyFacts(
      [
        { statement: 'Cost', quote: 'approved a $42 million plan on Tuesday' },
        { statement: 'Invented', quote: 'the panels were donated by a foreign billionaire' },
        { statement: 'Size', quote: 'will cover 31 school buildings' },
        { statement: 'Invented too', quote: 'schools will close for a year' },
      ],
      SOLAR_TEXT,
    );
    expect(result.facts.map((f) => f.verified)).toEqual([true, false, true, false]);
    expect(result.facts[1]).toEqual({ statement: 'Invented', quote: 'the panels were donated by a foreign billionaire', verified: false });
    expect(result.confidence).toBe(0.5);
  });

  it('reports confidence 0 when there are no facts', () => {
    expect(verifyFacts([], SOLAR_TEXT).confidence).toBe(0);
  });
});
