import { ValidationError } from '@pulse/errors';
import { canonicalizeUrl, isTrackingParam, tryCanonicalizeUrl } from '../src/domain/canonical-url';

describe('canonicalizeUrl', () => {
  it.each([
    ['lower-cases scheme and host, keeps path case', 'HTTPS://News.Example.COM/World/Story', 'https://news.example.com/World/Story'],
    ['drops the fragment', 'https://news.example.com/a#comments', 'https://news.example.com/a'],
    ['drops utm_* parameters', 'https://news.example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x', 'https://news.example.com/a'],
    ['drops click ids', 'https://news.example.com/a?fbclid=1&gclid=2&msclkid=3&igshid=4', 'https://news.example.com/a'],
    ['drops newsletter ids', 'https://news.example.com/a?mc_cid=1&mc_eid=2&_hsenc=3', 'https://news.example.com/a'],
    ['drops ref parameters', 'https://news.example.com/a?ref=feed&ref_src=twsrc', 'https://news.example.com/a'],
    ['keeps meaningful parameters, sorted by name', 'https://news.example.com/a?page=2&id=7&utm_source=x', 'https://news.example.com/a?id=7&page=2'],
    ['keeps the order of repeated names', 'https://news.example.com/a?tag=b&x=1&tag=a', 'https://news.example.com/a?tag=b&tag=a&x=1'],
    ['strips default ports', 'https://news.example.com:443/a', 'https://news.example.com/a'],
    ['strips the http default port too', 'http://news.example.com:80/a', 'http://news.example.com/a'],
    ['keeps non-default ports', 'https://news.example.com:8443/a', 'https://news.example.com:8443/a'],
    ['removes trailing slashes from non-root paths', 'https://news.example.com/section/story/', 'https://news.example.com/section/story'],
    ['keeps the root slash', 'https://news.example.com', 'https://news.example.com/'],
    ['removes an empty query', 'https://news.example.com/a?', 'https://news.example.com/a'],
    ['removes a trailing dot in the host', 'https://news.example.com./a', 'https://news.example.com/a'],
    ['removes credentials', 'https://user:secret@news.example.com/a', 'https://news.example.com/a'],
    ['resolves dot segments', 'https://news.example.com/a/../b/./c', 'https://news.example.com/b/c'],
    ['punycodes international hosts', 'https://bücher.example/a', 'https://xn--bcher-kva.example/a'],
    ['trims surrounding whitespace', '  https://news.example.com/a  ', 'https://news.example.com/a'],
  ])('%s', (_why, input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('resolves a relative URL against a base', () => {
    expect(canonicalizeUrl('../story?utm_source=x', 'https://news.example.com/section/index.html')).toBe('https://news.example.com/story');
  });

  it('maps variants of one article to one string', () => {
    const variants = [
      'https://news.example.com/story?id=1&utm_source=twitter',
      'https://NEWS.example.com:443/story/?utm_medium=social&id=1#top',
      'https://news.example.com/story?fbclid=abc&id=1',
    ];
    expect(new Set(variants.map((v) => canonicalizeUrl(v))).size).toBe(1);
  });

  it('refuses non-http schemes and garbage with a ValidationError', () => {
    expect(() => canonicalizeUrl('javascript:alert(1)')).toThrow(ValidationError);
    expect(() => canonicalizeUrl('ftp://files.example.com/a')).toThrow(/Only http and https/);
    expect(() => canonicalizeUrl('not a url')).toThrow(ValidationError);
    expect(tryCanonicalizeUrl('mailto:x@example.com')).toBeUndefined();
  });

  it('recognizes tracking parameters case-insensitively', () => {
    expect(isTrackingParam('UTM_Source')).toBe(true);
    expect(isTrackingParam('fbclid')).toBe(true);
    expect(isTrackingParam('id')).toBe(false);
    expect(isTrackingParam('page')).toBe(false);
  });
});
