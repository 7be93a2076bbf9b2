import iconv from 'iconv-lite';
import { charsetFromContentType, decodeFeedBytes } from '../src/domain/charset-decoder';

const xml = (declaration: string, body: string) => `<?xml version="1.0"${declaration}?><rss><channel><title>${body}</title></channel></rss>`;

describe('decodeFeedBytes', () => {
  it('uses the HTTP charset when the document declares none', () => {
    const bytes = iconv.encode(xml('', 'Привет мир'), 'koi8-r');
    expect(decodeFeedBytes(bytes, 'application/rss+xml; charset=KOI8-R')).toMatchObject({ encoding: 'koi8-r', text: expect.stringContaining('Привет мир') });
  });

  it('prefers the XML declaration to the HTTP charset', () => {
    const bytes = Buffer.from(xml(' encoding="utf-8"', 'Grüße'), 'utf8');
    expect(decodeFeedBytes(bytes, 'text/xml; charset=iso-8859-1').text).toContain('Grüße');
  });

  it('reads ISO-8859-1 as windows-1252, as browsers do', () => {
    const bytes = Buffer.from([...Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>'), 0x93, 0x68, 0x69, 0x94, ...Buffer.from('</t>')]);
    expect(decodeFeedBytes(bytes)).toEqual({ encoding: 'windows-1252', text: '<?xml version="1.0" encoding="ISO-8859-1"?><t>\u201chi\u201d</t>' });
  });

  it('ignores an unknown declared charset and decodes UTF-8', () => {
    expect(decodeFeedBytes(Buffer.from(xml(' encoding="x-made-up"', 'ok ✓'), 'utf8'))).toMatchObject({ encoding: 'utf-8', text: expect.stringContaining('ok ✓') });
  });

  it('falls back to windows-1252 when "utf-8" is declared but the bytes are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="utf-8"?><t>caf'), Buffer.from([0xe9]), Buffer.from('</t>')]);
    expect(decodeFeedBytes(bytes)).toMatchObject({ encoding: 'windows-1252', text: expect.stringContaining('café') });
  });

  it('strips a BOM whatever the declaration says', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml(' encoding="iso-8859-1"', 'ünï'), 'utf8')]);
    const decoded = decodeFeedBytes(bytes);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text.startsWith('<?xml')).toBe(true);
    expect(decoded.text).toContain('ünï');
  });
});

describe('charsetFromContentType', () => {
  it('reads quoted and unquoted charset parameters', () => {
    expect(charsetFromContentType('text/xml; charset="Windows-1252"')).toBe('windows-1252');
    expect(charsetFromContentType('application/xml;charset=utf-8')).toBe('utf-8');
    expect(charsetFromContentType('application/xml')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });
});
