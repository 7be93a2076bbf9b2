import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers on every webhook request; receivers use Pulse-Event-Id as their idempotency key. */
export const WEBHOOK_HEADERS = {
  signature: 'Pulse-Signature',
  eventId: 'Pulse-Event-Id',
  eventType: 'Pulse-Event-Type',
  deliveryId: 'Pulse-Delivery-Id',
} as const;

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** HMAC-SHA256 (hex) of `${timestamp}.${body}`: the v1 scheme. */
export function computeSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `Pulse-Signature` header value: `t=<unix seconds>,v1=<hex>`. */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

export type VerifyFailure = 'missing-signature' | 'malformed-signature' | 'stale-timestamp' | 'signature-mismatch';
export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: VerifyFailure };

/** Node's IncomingHttpHeaders, a plain object, or a fetch `Headers`. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * Checks a received webhook: the signature must match the raw body (any `v1=` entry, so a receiver
 * keeps working while a secret is rotated) and the timestamp must be within `toleranceSeconds` of now,
 * which bounds how long a captured request can be replayed.
 */
export function verifyWebhook(
  secret: string,
  headers: HeaderSource,
  body: string | Buffer,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
  nowSeconds = Math.floor(Date.now() / 1000),
): VerifyResult {
  const header = readHeader(headers, WEBHOOK_HEADERS.signature);
  if (!header) return { ok: false, reason: 'missing-signature' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed-signature' };
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return { ok: false, reason: 'stale-timestamp' };
  const expected = Buffer.from(computeSignature(secret, parsed.timestamp, body), 'hex');
  const matches = parsed.signatures.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'signature-mismatch' };
}

export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
