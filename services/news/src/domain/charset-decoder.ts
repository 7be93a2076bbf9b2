/**
 * Bytes -> string for feed documents, the way real feeds need it: a BOM wins, then the encoding
 * declared in the XML prolog, then the HTTP charset, then UTF-8. Servers often send a default
 * `charset=ISO-8859-1` for documents that are really UTF-8 with a correct prolog, which is why
 * the document's own declaration outranks the header here.
 *
 * Decoding uses iconv-lite: Node's TextDecoder decodes "windows-1252" as plain Latin-1 (curly
 * quotes and the euro sign come out as C1 control characters), and windows-1252 is the most common
 * legacy feed encoding. Like browsers (WHATWG Encoding), ISO-8859-1 and US-ASCII are read as
 * windows-1252, because "ISO-8859-1" feeds routinely contain windows-1252 punctuation.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

const BOMS: Array<{ bytes: number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];
const AS_WINDOWS_1252 = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii', 'cp819', 'iso_8859-1', 'ibm819']);
const UTF8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

export interface DecodedDocument {
  text: string;
  /** The encoding actually used, e.g. "utf-8" or "windows-1252". */
  encoding: string;
}

/** Finds the charset parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => bytes[i] === b)) return { encoding: bom.encoding, length: bom.bytes.length };
  }
  return undefined;
}

/** Reads `encoding="..."` from an XML declaration in the first bytes (ASCII-compatible encodings). */
function prologEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('latin1');
  const match = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return match?.[1]?.toLowerCase();
}

/** Decodes a feed body to text, honouring BOM, XML prolog and HTTP charset, in that order. */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): DecodedDocument {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const bom = sniffBom(bytes);
  if (bom) return { text: iconv.decode(buffer.subarray(bom.length), bom.encoding, { stripBOM: true }), encoding: bom.encoding };
  for (const declared of [prologEncoding(bytes), charsetFromContentType(contentType)]) {
    if (declared === undefined) continue;
    // "utf-8" declared over bytes that are not UTF-8 is common (a CMS exporting latin-1):
    // stop here and let the verification below fall back to windows-1252.
    if (UTF8.has(declared)) break;
    const label = AS_WINDOWS_1252.has(declared) ? 'windows-1252' : declared;
    if (iconv.encodingExists(label)) return { text: iconv.decode(buffer, label), encoding: label };
  }
  if (isUtf8(buffer)) return { text: buffer.toString('utf8'), encoding: 'utf-8' };
  return { text: iconv.decode(buffer, 'windows-1252'), encoding: 'windows-1252' };
}
