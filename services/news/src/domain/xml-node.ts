/**
 * Helpers over fast-xml-parser's object tree: a leaf is a string, an element with attributes is
 * an object with "#text" and "@_name" members, a repeated element is an array. Text-bearing
 * fields (titles, descriptions, content) are parsed as "stop nodes", i.e. kept raw, so that
 * CDATA, escaped HTML and inline XHTML all arrive here unmodified and are decoded in one place.
 */

export type XmlValue = string | XmlElement | XmlValue[] | undefined;
export interface XmlElement {
  [key: string]: XmlValue;
}

/** Every value as a list (the parser gives a single child as a value, many as an array). */
export function asArray(value: XmlValue): Array<string | XmlElement> {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => asArray(v));
  return [value];
}

export function first(value: XmlValue): string | XmlElement | undefined {
  return asArray(value)[0];
}

export function isElement(value: XmlValue): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An attribute of an element ("@_" prefix added here). */
export function attr(value: XmlValue, name: string): string | undefined {
  const node = first(value);
  if (!isElement(node)) return undefined;
  const found = node[`@_${name}`];
  return typeof found === 'string' ? found : undefined;
}

/** The raw text content of an element (stop nodes keep CDATA and entities untouched). */
export function rawText(value: XmlValue): string | undefined {
  const node = first(value);
  if (typeof node === 'string') return node;
  if (isElement(node) && typeof node['#text'] === 'string') return node['#text'];
  return undefined;
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric references; other named entities stay for the HTML pass. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return XML_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Turns a raw stop-node body into HTML: CDATA sections are literal, text outside them is
 * XML-escaped HTML (decode once), and inline markup (XHTML content, or a feed that forgot to
 * escape) is already HTML.
 */
export function rawToHtml(raw: string): string {
  if (!raw.includes('<')) return decodeXmlEntities(raw);
  const pieces = raw.split(/<!\[CDATA\[([\s\S]*?)\]\]>/);
  // split() with one capture group alternates: outside, cdata, outside, cdata, ...
  const outside = pieces.filter((_, i) => i % 2 === 0).join('');
  const inlineMarkup = outside.includes('<');
  return pieces.map((piece, i) => (i % 2 === 1 || inlineMarkup ? piece : decodeXmlEntities(piece))).join('');
}

/** The HTML of a text-bearing element, or undefined when absent or empty. */
export function htmlOf(value: XmlValue): string | undefined {
  const raw = rawText(value);
  if (raw === undefined) return undefined;
  const html = rawToHtml(raw).trim();
  return html === '' ? undefined : html;
}

/** Trimmed text of a simple element (guid, link, date); the parser already decoded it. */
export function plainOf(value: XmlValue): string | undefined {
  const raw = rawText(value);
  if (raw === undefined) return undefined;
  const text = raw.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}
