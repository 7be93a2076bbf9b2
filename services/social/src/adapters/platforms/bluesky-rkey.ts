import { createHash } from 'node:crypto';

const S32 = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * A record key in TID form (13 base32-sortable characters) that is the same on every retry:
 * the timestamp part is the post's creation time, the sub-millisecond and clock-id bits come
 * from a hash of the idempotency key. A second createRecord with it conflicts instead of
 * posting twice, and sorting by key still follows creation time as TIDs should.
 */
export function deterministicRkey(idempotencyKey: string, createdAt: Date): string {
  const digest = createHash('sha256').update(idempotencyKey).digest();
  const microExtra = BigInt(digest.readUInt16BE(0) % 1000);
  const clockId = BigInt(digest.readUInt16BE(2) & 0x3ff);
  const micros = BigInt(createdAt.getTime()) * 1000n + microExtra;
  // 53-bit microsecond timestamp, 10-bit clock id, top bit zero.
  let value = ((micros & ((1n << 53n) - 1n)) << 10n) | clockId;
  let out = '';
  for (let i = 0; i < 13; i += 1) {
    out = S32.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}

/** Whether a string is a syntactically valid TID. */
export function isTid(value: string): boolean {
  return /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/.test(value);
}
