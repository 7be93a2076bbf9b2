/**
 * Redis Stream entry ids are `<ms>-<seq>`; comparing them as strings is wrong ("9-0" > "10-0"),
 * so the hub orders them with this.
 */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = splitStreamId(a);
  const [bMs, bSeq] = splitStreamId(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

export function isStreamId(value: string): boolean {
  return /^\d+-\d+$/.test(value);
}

/** The id before every real entry, used as "nothing seen yet". */
export const STREAM_START = '0-0';

function splitStreamId(id: string): [bigint, bigint] {
  const dash = id.indexOf('-');
  if (dash < 0) return [BigInt(id), 0n];
  return [BigInt(id.slice(0, dash)), BigInt(id.slice(dash + 1))];
}
