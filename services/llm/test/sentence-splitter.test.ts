import { splitSentences } from '../src/domain/sentence-splitter';

describe('sentence splitting', () => {
  it('does not split after titles, initials, dotted acronyms or decimals', () => {
    expect(splitSentences('Dr. Alan Cho met J. K. Rowling in the U.S. capital. Growth was 3.5 percent. Sales rose on Jan. 5 again.')).toEqual([
      'Dr. Alan Cho met J. K. Rowling in the U.S. capital.',
      'Growth was 3.5 percent.',
      'Sales rose on Jan. 5 again.',
    ]);
  });

  it('splits after closing quotes and question or exclamation marks', () => {
    expect(splitSentences('“We won!” she said. Is it over? Yes. "Really." He left.')).toEqual(['“We won!” she said.', 'Is it over?', 'Yes.', '"Really."', 'He left.']);
  });

  it('keeps "e.g." and lower-case continuations inside the sentence', () => {
    expect(splitSentences('Some fuels, e.g. hydrogen, are costly. Acme Inc. said so.')).toEqual(['Some fuels, e.g. hydrogen, are costly.', 'Acme Inc. said so.']);
  });

  it('treats blank lines as sentence ends and handles CJK full stops', () => {
    expect(splitSentences('A headline without a stop\n\nThe body starts here. 東京は晴れ。次の文。')).toEqual([
      'A headline without a stop',
      'The body starts here.',
      '東京は晴れ。',
      '次の文。',
    ]);
  });

  it('returns nothing for blank text and the whole text when there is no terminator', () => {
    expect(splitSentences('  \n ')).toEqual([]);
    expect(splitSentences('just words')).toEqual(['just words']);
  });
});
