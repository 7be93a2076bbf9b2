import { clipWords, summarizeExtractively } from '../src/domain/extractive-summarizer';
import { rankSentences } from '../src/domain/text-rank';
import { CLIMATE_NICHE, longText, solarArticle, SOLAR_TEXT } from './fixtures/articles.fixture';

const LIBRARY = [
  'The city opened a new library downtown on Monday.',
  'Meanwhile a cat sat quietly on a warm windowsill in another town.',
  'The library offers books, computers and study rooms for students.',
  'Students said the library computers and study rooms were popular.',
  'The new library cost the city eight million dollars to build downtown.',
  'Officials hope the library will attract students and families downtown.',
];

const words = (text: string): number => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

describe('extractive summarizer', () => {
  it('ranks the sentences the article agrees with above an off-topic one', () => {
    const ranked = rankSentences(LIBRARY);
    const lowest = ranked.slice().sort((a, b) => a.score - b.score)[0]!;
    expect(lowest.text).toContain('cat sat quietly');
    const result = summarizeExtractively(solarArticle({ title: 'New library', text: LIBRARY.join(' ') }), { ...CLIMATE_NICHE, summaryWords: 25 });
    expect(result.summary).not.toContain('cat');
    expect(result.summary).toContain('library');
  });

  it.each([15, 30, 60, 120])('keeps the summary within %i words and in article order', (target) => {
    const result = summarizeExtractively(solarArticle(), { ...CLIMATE_NICHE, summaryWords: target });
    expect(words(result.summary)).toBeGreaterThan(0);
    expect(words(result.summary)).toBeLessThanOrEqual(target);
    const positions = result.summary
      .split(/(?<=[.!?”])\s+(?=[A-Z“])/)
      .map((sentence) => SOLAR_TEXT.replace(/\s+/g, ' ').indexOf(sentence.replace(/…$/, '')))
      .filter((at) => at >= 0);
    expect(positions).toEqual(positions.slice().sort((a, b) => a - b));
  });

  it('produces facts that are verbatim quotes, so every one verifies', () => {
    const result = summarizeExtractively(solarArticle(), CLIMATE_NICHE);
    expect(result.facts.length).toBeGreaterThanOrEqual(2);
    expect(result.facts.every((f) => f.verified)).toBe(true);
    expect(result.confidence).toBe(1);
  });

  it('marks its output as extractive with templated variants and no token usage', () => {
    const result = summarizeExtractively(solarArticle(), CLIMATE_NICHE);
    expect(result.model).toBe('extractive');
    expect(result.promptVersion).toBe('extractive-v1');
    expect(Object.keys(result.variants).sort()).toEqual(['casual', 'formal', 'question', 'statistic']);
    expect(result.variants.statistic).toMatch(/\d/);
    expect(result.variants.question).toContain('?');
    expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 });
    expect(result.keywords).toContain('solar');
  });

  it('falls back to the title for empty text and reports no facts', () => {
    const result = summarizeExtractively(solarArticle({ text: '   ' }), CLIMATE_NICHE);
    expect(result.summary).toBe('Riverton approves $42 million solar plan for schools');
    expect(result.facts).toEqual([]);
    expect(result.confidence).toBe(0);
  });

  it('summarizes a one-sentence article as that sentence, clipped to the target', () => {
    const sentence = 'The council approved the solar plan for all thirty-one public schools after a long debate on Tuesday night.';
    expect(summarizeExtractively(solarArticle({ text: sentence }), CLIMATE_NICHE).summary).toBe(sentence);
    const clipped = summarizeExtractively(solarArticle({ text: sentence }), { ...CLIMATE_NICHE, summaryWords: 6 }).summary;
    expect(clipped).toBe('The council approved the solar plan…');
  });

  it('handles a huge article by looking at its beginning only and says it was truncated', () => {
    const huge = longText(40_000);
    const started = process.hrtime.bigint();
    const result = summarizeExtractively(solarArticle({ text: huge }), CLIMATE_NICHE);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(result.truncated).toBe(true);
    expect(words(result.summary)).toBeLessThanOrEqual(CLIMATE_NICHE.summaryWords);
    // The sentence cap keeps the O(n^2) graph small whatever the article size.
    expect(elapsedMs).toBeLessThan(500);
  });

  it('clips text to a word count with an ellipsis', () => {
    expect(clipWords('one two three, four five', 3)).toBe('one two three…');
    expect(clipWords('one two', 3)).toBe('one two');
  });
});
