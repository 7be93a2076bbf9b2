/**
 * XML text -> object tree with fast-xml-parser, tolerant the way feed readers must be (a stray
 * "&" or an unclosed tag in an entry does not lose the feed), with namespace prefixes mapped to
 * the conventional ones so the normalizers can say "dc:creator" whatever prefix a feed chose.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PermanentError } from '@pulse/errors';
import type { XmlElement } from './xml-node';

// Namespace URI -> the prefix the normalizers use ('' = unprefixed).
const KNOWN_NAMESPACES: Record<string, string> = {
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/2005/Atom': 'atom',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/': '',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
};

// Text-bearing fields stay raw so CDATA/escaped HTML/XHTML are decoded in one place (xml-node.ts).
const STOP_NODES = ['*.title', '*.description', '*.summary', '*.content', '*.content:encoded', '*.subtitle', '*.media:description'];

export interface XmlDocument {
  /** Root element name after prefix normalization: "rss", "rdf:RDF", "feed". */
  rootName: string;
  root: XmlElement;
}

function rootTagName(text: string): string | undefined {
  // The first start tag that is not a declaration, comment, doctype or processing instruction.
  const head = text.slice(0, 65_536).replace(/<!--[\s\S]*?-->/g, '').replace(/<[?!][^>]*>/g, '');
  const match = /<([A-Za-z_][\w.:-]*)[\s/>]/.exec(head);
  return match?.[1];
}

function prefixMap(text: string, rawRoot: string): Map<string, string> {
  const rootEnd = text.indexOf('>', text.indexOf(`<${rawRoot}`));
  const head = text.slice(0, rootEnd > 0 ? rootEnd + 1 : 8_192);
  const rootPrefix = rawRoot.includes(':') ? rawRoot.slice(0, rawRoot.indexOf(':')) : undefined;
  const map = new Map<string, string>();
  const declaration = /xmlns:([\w.-]+)\s*=\s*["']([^"']+)["']/g;
  for (let m = declaration.exec(head); m; m = declaration.exec(head)) {
    const [, prefix, uri] = m as unknown as [string, string, string];
    let canonical = KNOWN_NAMESPACES[uri.trim()];
    // A document whose root is <atom:feed> uses Atom as its own vocabulary: read it unprefixed.
    if (prefix === rootPrefix && canonical === 'atom') canonical = '';
    if (canonical !== undefined && canonical !== prefix) map.set(prefix, canonical);
  }
  return map;
}

function renamer(map: Map<string, string>): ((name: string) => string) | false {
  if (map.size === 0) return false;
  return (name) => {
    const colon = name.indexOf(':');
    if (colon < 0) return name;
    const canonical = map.get(name.slice(0, colon));
    if (canonical === undefined) return name;
    return canonical === '' ? name.slice(colon + 1) : `${canonical}:${name.slice(colon + 1)}`;
  };
}

function malformed(text: string, cause?: unknown): PermanentError {
  const verdict = XMLValidator.validate(text);
  const where = verdict === true ? '' : ` (line ${verdict.err.line}, column ${verdict.err.col}: ${verdict.err.msg})`;
  return new PermanentError(`The feed is not well-formed XML${where}`, { code: 'malformed-feed', cause });
}

/** Parses a feed's XML; throws PermanentError (code malformed-feed) when it cannot be read. */
export function parseXmlDocument(text: string): XmlDocument {
  const rawRoot = rootTagName(text);
  if (rawRoot === undefined) throw malformed(text);
  // A truncated download parses "fine" into half a feed; insist on the root's end tag.
  if (!new RegExp(`</${rawRoot.replace(/[.]/g, '\\.')}\\s*>`).test(text.slice(-4_096))) {
    throw new PermanentError(`The feed is truncated: no closing </${rawRoot}> tag`, { code: 'malformed-feed' });
  }
  const rename = renamer(prefixMap(text, rawRoot));
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    stopNodes: STOP_NODES,
    transformTagName: rename,
    // Feeds are deep only by accident; entity expansion is bounded by the library's defaults.
    maxNestedTags: 200,
  });
  let tree: XmlElement;
  try {
    tree = parser.parse(text) as XmlElement;
  } catch (error) {
    throw malformed(text, error);
  }
  const rootName = rename ? rename(rawRoot) : rawRoot;
  const root = Array.isArray(tree[rootName]) ? (tree[rootName] as unknown[])[0] : tree[rootName];
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return { rootName, root: {} };
  return { rootName, root: root as XmlElement };
}
