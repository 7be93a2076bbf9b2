// patches/kafkajs@2.2.4.patch rewrites kafkajs's produce path for less CPU per message (CRC-32C,
// murmur2, record and request encoding, partition grouping). None of it may change a byte on the
// wire or a partition choice: these compare the patched code with kafkajs 2.2.4's own output
// (golden digests taken from the unpatched package) and with copies of its original functions.
/* eslint-disable @typescript-eslint/no-require-imports */
import { randomBytes as randomBytesOf } from 'node:crypto';
import { encodeProduceCase, produceCases, randomBytes, randomString, seededRandom } from './fixtures/kafkajs-wire-cases';

const Long = require('kafkajs/src/utils/long');
const Encoder = require('kafkajs/src/protocol/encoder');
const crc32C: (buffer: Buffer) => number = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C');
const murmur2: (key: unknown) => number = require('kafkajs/src/producer/partitioners/default/murmur2');
const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition');
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0');
const { Partitioners } = require('kafkajs');

// sha256 of each produceCases() request as encoded by unpatched kafkajs 2.2.4 (encodeProduceCase
// with root = the package installed without patchedDependencies).
const GOLDEN: Record<string, { sha256: string; bytes: number }> = {
  'bus-like: 3 partitions of 1 KiB events, idempotent': { sha256: '9f83ea1ca28dddab3dea644bcd5280364cd293700e2ebcff6a38f6bd8e585bc4', bytes: 704047 },
  'mixed shapes, transactional, two topics': { sha256: '19e06b36ec3691e289c21c2bc1260978a07d205285122a57d072237490002e2f', bytes: 184893 },
  'large values: one message past the encoder growth steps': { sha256: 'b19c1d726b7bf0e7fed4897c43d1095607261d4f8171783e0e7d112230e1691d', bytes: 319929 },
};

// --- kafkajs 2.2.4's original functions (or their exact algorithm), as references ---

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** kafkajs 2.2.4 crc32C.js: one byte per step through the Castagnoli table. */
function originalCrc32C(buffer: Buffer): number {
  let crc = 0 ^ -1;
  for (let i = 0; i < buffer.length; i++) crc = CRC_TABLE[(crc ^ buffer[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** kafkajs 2.2.4 partitioners/default/murmur2.js, verbatim but for types and the tail's switch. */
function originalMurmur2(key: unknown): number {
  const SEED = Long.fromValue(0x9747b28c);
  const M = Long.fromValue(0x5bd1e995);
  const R = 24;
  const data = Buffer.isBuffer(key) ? key : Buffer.from(String(key));
  const length = data.length;
  let h = Long.fromValue(SEED.xor(length));
  const length4 = Math.floor(length / 4);
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = Long.fromValue((data[i4]! & 0xff) + ((data[i4 + 1]! & 0xff) << 8) + ((data[i4 + 2]! & 0xff) << 16) + ((data[i4 + 3]! & 0xff) << 24));
    k = k.multiply(M);
    k = k.xor(k.toInt() >>> R);
    k = Long.fromValue(k).multiply(M);
    h = h.multiply(M);
    h = h.xor(k);
  }
  // the original's switch falling through from case 3 to case 1
  const rest = length % 4;
  if (rest >= 3) h = h.xor((data[(length & ~3) + 2]! & 0xff) << 16);
  if (rest >= 2) h = h.xor((data[(length & ~3) + 1]! & 0xff) << 8);
  if (rest >= 1) {
    h = h.xor(data[length & ~3]! & 0xff);
    h = h.multiply(M);
  }
  h = h.xor(h.toInt() >>> 13);
  h = h.multiply(M);
  h = h.xor(h.toInt() >>> 15);
  return h.toInt();
}

/** kafkajs 2.2.4 groupMessagesPerPartition.js, verbatim. */
function originalGroupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner }: any): Record<string, unknown[]> {
  if (partitionMetadata.length === 0) return {};
  return messages.reduce((result: any, message: unknown) => {
    const partition = partitioner({ topic, partitionMetadata, message });
    const current = result[partition] || [];
    return Object.assign(result, { [partition]: [...current, message] });
  }, {});
}

// kafkajs 2.2.4 Encoder varints: bytes collected in an array; 64-bit ones through Long.
function uvarint(value: number): number[] {
  const bytes = [];
  while ((value & 0xffffff80) !== 0) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value & 0x7f);
  return bytes;
}
const varint = (value: number) => uvarint((value << 1) ^ (value >> 31));
function varlong(value: unknown): number[] {
  const bytes = [];
  const long = Long.fromValue(value);
  let zigZag = long.shiftLeft(1).xor(long.shiftRight(63));
  while (zigZag.and(0xffffffffffffff80n).notEquals(Long.fromInt(0))) {
    bytes.push(zigZag.and(0x7f).or(0x80).toInt());
    zigZag = zigZag.shiftRightUnsigned(7);
  }
  bytes.push(zigZag.toInt());
  return bytes;
}
function varIntBytes(value: string | Buffer | null | undefined): Buffer {
  if (value == null) return Buffer.from(varint(-1));
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
  return Buffer.concat([Buffer.from(varint(bytes.length)), bytes]);
}

/** A record as kafkajs 2.2.4's Record encoder lays it out (Kafka's record v0 format). */
function originalRecord({ offsetDelta = 0, timestampDelta = 0 as unknown, key, value, headers = {} as Record<string, any> }: any): Buffer {
  const headersArray = Object.keys(headers).flatMap((headerKey) =>
    !Array.isArray(headers[headerKey]) ? [{ key: headerKey, value: headers[headerKey] }] : headers[headerKey].map((v: unknown) => ({ key: headerKey, value: v })),
  );
  const body = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(varlong(timestampDelta)),
    Buffer.from(varint(offsetDelta)),
    varIntBytes(key),
    varIntBytes(value),
    Buffer.from(varint(headersArray.length)),
    ...headersArray.flatMap((h) => [varIntBytes(h.key), varIntBytes(h.value)]),
  ]);
  return Buffer.concat([Buffer.from(varint(body.length)), body]);
}

const TIMESTAMP_DELTAS: unknown[] = [
  0, 1, -1, 63, 64, -64, -65, 2 ** 31, -(2 ** 31), 2 ** 32 + 5, -(2 ** 40) - 3, 2 ** 52 - 1, -(2 ** 52 - 1),
  2 ** 52, -(2 ** 52), 2 ** 53 + 2, -(2 ** 60), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, NaN, -0,
  Long.fromValue('9223372036854775807'), Long.fromValue('-9223372036854775808'), '12345', 77n,
];

describe('kafkajs produce path (patched) is byte-identical to kafkajs 2.2.4', () => {
  it('runs the patched encoder (a reinstall without the patch would pass the checks below, slower)', () => {
    expect(typeof Encoder.prototype.copyEncoder).toBe('function');
  });

  it.each(produceCases().map((c) => [c.name, c] as const))('encodes the produce request "%s" exactly as unpatched kafkajs', async (name, testCase) => {
    expect(await encodeProduceCase('kafkajs', testCase)).toEqual(GOLDEN[name]);
  });

  it('computes the CRC-32C of the original for every length up to 2 KiB at every alignment, and a few large buffers', () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283); // the CRC-32C check value
    const pool = Buffer.alloc(2048 + 8);
    const random = seededRandom(1);
    for (let i = 0; i < pool.length; i++) pool[i] = Math.floor(random() * 256);
    // the patched loop reads 32-bit words from a 4-byte boundary: start at every offset of 8
    for (let length = 0; length <= 2048; length++) {
      for (let offset = 0; offset < 8; offset++) {
        const bytes = pool.subarray(offset, offset + length);
        if (crc32C(bytes) !== originalCrc32C(bytes)) throw new Error(`CRC-32C differs for ${length} bytes at offset ${offset}`);
      }
    }
    for (const length of [65_536, 1_000_003, 2 ** 20 + 7]) {
      const bytes = randomBytesOf(length);
      expect(crc32C(bytes)).toBe(originalCrc32C(bytes));
      // a view into a larger buffer (a record batch body is a slice)
      expect(crc32C(bytes.subarray(3, length - 5))).toBe(originalCrc32C(bytes.subarray(3, length - 5)));
    }
  });

  it('hashes keys with murmur2 as the original (and as Java Kafka) does', () => {
    // Kafka's own Utils.murmur2 test vectors
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
    expect(murmur2('abc')).toBe(479470107);
    const random = seededRandom(2);
    for (let i = 0; i < 3000; i++) {
      const key = i % 3 === 0 ? randomBytes(random, 80) : i % 3 === 1 ? randomString(random, 60) : Math.floor(random() * 1e9);
      expect(murmur2(key)).toBe(originalMurmur2(key));
    }
  });

  it('groups messages per partition as the original, in order, with the same partition choices', () => {
    const random = seededRandom(3);
    const partitionMetadata = [0, 1, 2, 3, 4].map((partitionId) => ({ partitionId, leader: partitionId === 3 ? -1 : 1 }));
    const messages = Array.from({ length: 500 }, (_, i) => ({
      key: i % 7 === 0 ? null : randomString(random, 40),
      partition: i % 11 === 0 ? Math.floor(random() * 5) : undefined,
      value: String(i),
    }));
    const partitioner = Partitioners.DefaultPartitioner();
    // keyless messages go round-robin from a random start: one partitioner per side would differ,
    // so both sides ask the same partitioner, recording its answers the first time.
    const answers: number[] = [];
    let asked = 0;
    const recording = (args: any) => { const p = partitioner(args); answers.push(p); return p; };
    const replaying = () => answers[asked++];
    const patched = groupMessagesPerPartition({ topic: 't', partitionMetadata, messages, partitioner: recording });
    const original = originalGroupMessagesPerPartition({ topic: 't', partitionMetadata, messages, partitioner: replaying });
    expect(patched).toEqual(original);
    expect(Object.keys(patched)).toEqual(Object.keys(original));
    for (const message of messages.filter((m) => m.partition === undefined && m.key !== null)) {
      expect(Object.entries(patched).find(([, ms]) => (ms as unknown[]).includes(message))![0])
        .toBe(String((originalMurmur2(message.key) & 0x7fffffff) % partitionMetadata.length));
    }
    for (const message of messages.filter((m) => m.partition === undefined && m.key === null)) {
      expect(Object.entries(patched).find(([, ms]) => (ms as unknown[]).includes(message))![0]).not.toBe('3'); // no leader
    }
  });

  it('encodes records (varints, varlongs, keys, values, headers) as the original', () => {
    const random = seededRandom(4);
    for (let i = 0; i < 800; i++) {
      const input = {
        offsetDelta: i % 5 === 0 ? Math.floor(random() * 2 ** 31) : i,
        timestampDelta: TIMESTAMP_DELTAS[i % TIMESTAMP_DELTAS.length],
        key: i % 4 === 0 ? null : i % 4 === 1 ? randomBytes(random, 50) : randomString(random, 50),
        value: i % 9 === 0 ? null : i % 2 === 0 ? randomBytes(random, 3000) : randomString(random, 1500),
        headers: i % 3 === 0 ? undefined : { a: randomString(random, 30), b: [randomString(random, 5), randomBytes(random, 5)], 'ü': randomBytes(random, 300) },
      };
      expect(encodeRecord(input).buffer.equals(originalRecord(input))).toBe(true);
    }
  });

  it('sizes and writes varlongs as the original, through the fast path and the Long path', () => {
    for (const value of TIMESTAMP_DELTAS) {
      expect(Encoder.sizeOfVarLong(value)).toBe(varlong(value).length);
      expect([...new Encoder().writeVarLong(value).buffer]).toEqual(varlong(value));
    }
    // non-integers fail as they did (BigInt conversion)
    expect(() => new Encoder().writeVarLong(1.5)).toThrow(RangeError);
    expect(() => Encoder.sizeOfVarLong(1.5)).toThrow(RangeError);
  });

  it('writes unsigned varints as the original for every bit length', () => {
    for (let bits = 0; bits <= 32; bits++) {
      for (const value of [2 ** bits - 1, 2 ** bits, -(2 ** bits)]) {
        expect([...new Encoder().writeUVarInt(value).buffer]).toEqual(uvarint(value));
        expect([...new Encoder().writeVarInt(value).buffer]).toEqual(varint(value));
      }
    }
  });
});
