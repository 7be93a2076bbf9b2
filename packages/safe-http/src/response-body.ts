/**
 * Reading an untrusted response body: capped on the wire (Content-Length and streamed bytes) and
 * after decompression (a gzip bomb stops at the cap instead of filling memory).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Dispatcher } from 'undici';
import { PermanentError, describeError } from '@pulse/errors';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

export function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function tooLarge(url: string, maxBytes: number): PermanentError {
  return new PermanentError(`The response from ${url} is larger than the ${maxBytes}-byte limit`, { code: 'body-too-large', details: { url, maxBytes } });
}

/** Drops a body we will not read; the abort it causes is expected, not an unhandled error. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads and decodes a body of at most maxBytes (before and after decompression); PermanentError body-too-large past it. */
export async function readBody(response: Dispatcher.ResponseData, url: string, maxBytes: number): Promise<{ body: Buffer; wireBytes: number }> {
  const declared = Number(headerValue(response.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(response.body);
    throw tooLarge(url, maxBytes);
  }
  const chunks: Buffer[] = [];
  let wireBytes = 0;
  for await (const chunk of response.body) {
    wireBytes += (chunk as Buffer).length;
    if (wireBytes > maxBytes) {
      discard(response.body);
      throw tooLarge(url, maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks, wireBytes);
  const encoding = headerValue(response.headers, 'content-encoding')?.trim().toLowerCase();
  return { body: await decompress(raw, encoding, url, maxBytes), wireBytes };
}

async function decompress(raw: Buffer, encoding: string | undefined, url: string, maxBytes: number): Promise<Buffer> {
  if (raw.length === 0 || encoding === undefined || encoding === '' || encoding === 'identity') return raw;
  // maxOutputLength stops a decompression bomb before it is inflated in memory.
  const limits = { maxOutputLength: maxBytes };
  try {
    switch (encoding) {
      case 'gzip':
      case 'x-gzip':
        return await gunzip(raw, limits);
      case 'br':
        return await brotli(raw, limits);
      case 'deflate':
        // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
        return (raw[0]! & 0x0f) === 8 ? await inflate(raw, limits) : await inflateRaw(raw, limits);
      default:
        throw new PermanentError(`Unsupported content-encoding "${encoding}" from ${url}`, { code: 'unsupported-encoding' });
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(url, maxBytes);
    if (error instanceof PermanentError) throw error;
    throw new PermanentError(`The ${encoding} body from ${url} could not be decoded: ${describeError(error)}`, { code: 'bad-encoding', cause: error });
  }
}
