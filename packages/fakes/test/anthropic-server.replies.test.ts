import { buildToolInput, fakeSentences, sentencesOf } from '../src/anthropic-server.replies';

// What the fake quoted before sentences were split lazily: the replies must not change.
const eagerSentences = (text: string): string[] =>
  text.split(/(?<=[.!?])\s+(?=[A-Z0-9"])/).map((s) => s.trim()).filter((s) => s.split(/\s+/).length >= 4);

const TEXT = `Short one. The council approved a $42 million plan on Tuesday.  "We are proud," the mayor said after the vote!
Is this the end of the debate? 31 schools will get panels by 2027. ok then. The last sentence has no end mark`;

describe('fake Anthropic replies', () => {
  it('splits sentences lazily exactly as the eager split did', () => {
    expect(fakeSentences(TEXT)).toEqual(eagerSentences(TEXT));
    const reader = sentencesOf(`${TEXT} `);
    expect(reader.first(2)).toEqual(eagerSentences(TEXT).slice(0, 2));
    expect(reader.find((s) => /\d{4}/.test(s))).toBe(eagerSentences(TEXT).find((s) => /\d{4}/.test(s)));
    expect(reader.find((s) => s.includes('nowhere'))).toBeUndefined();
  });

  it('quotes the first sentences of the article in a combined reply', () => {
    const input = buildToolInput({
      toolName: 'record_article', title: 't', articleText: TEXT, userText: 'Record up to 3 key facts.', fabricatedQuotes: 0, fabricateAll: false,
    }) as { facts: Array<{ quote: string }>; summary: string; variants: { statistic: string } };
    expect(input.facts.map((f) => f.quote)).toEqual(eagerSentences(TEXT).slice(0, 3));
    expect(input.summary).toBe(eagerSentences(TEXT).slice(0, 2).join(' '));
    expect(input.variants.statistic).toBe(eagerSentences(TEXT).find((s) => /\d/.test(s)));
  });
});
