// patches/kafkajs@2.2.4.patch decodes consumed records and resolves offsets without BigInt Long
// arithmetic where plain numbers are exact. What a consumer sees must not change: these compare
// the patched record decoder and offset arithmetic with copies of kafkajs 2.2.4's originals.
/* eslint-disable @typescript-eslint/no-require-imports */
import { deepStrictEqual } from 'node:assert';
import { randomBytes, randomString, seededRandom } from './fixtures/kafkajs-wire-cases';

const Long = require('kafkajs/src/utils/long');
const Decoder = require('kafkajs/src/protocol/decoder');
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0');
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder');
const { addToDecimal, sameDecimal } = require('kafkajs/src/utils/decimalLong');
const SeekOffsets = require('kafkajs/src/consumer/seekOffsets');

const LOG_APPEND_TIME = 1;

/** kafkajs 2.2.4 header/v0/decoder.js with its original readVarIntString (slice, then toString). */
function originalHeader(decoder: any) {
  const byteLength = decoder.readVarInt();
  let key = null;
  if (byteLength !== -1) {
    key = decoder.buffer.slice(decoder.offset, decoder.offset + byteLength).toString('utf8');
    decoder.offset += byteLength;
  }
  return { key, value: decoder.readVarIntBytes() };
}

/** kafkajs 2.2.4 record/v0/decoder.js, verbatim but for types. */
function originalDecodeRecord(decoder: any, batchContext: any = {}) {
  const { firstOffset, firstTimestamp, magicByte, isControlBatch = false, timestampType, maxTimestamp } = batchContext;
  const attributes = decoder.readInt8();
  const timestampDelta = decoder.readVarLong();
  const timestamp = timestampType === LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : Long.fromValue(firstTimestamp).add(timestampDelta).toString();
  const offsetDelta = decoder.readVarInt();
  const offset = Long.fromValue(firstOffset).add(offsetDelta).toString();
  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();
  const headers = decoder.readVarIntArray(originalHeader).reduce(
    (obj: any, { key, value }: any) => ({
      ...obj,
      [key]: obj[key] === undefined ? value : Array.isArray(obj[key]) ? obj[key].concat([value]) : [obj[key], value],
    }),
    {},
  );
  return { magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: isControlBatch, batchContext };
}

/** What the batch decoder hands the record decoder: the record's bytes after its length varint. */
function recordBody(record: any): Buffer {
  const framed = new Decoder(record.buffer);
  return framed.readVarIntBytes();
}

/** The outcome of `fn`: its value, or the class and message of what it threw. */
function outcome(fn: () => unknown): unknown {
  try {
    return { value: fn() };
  } catch (error) {
    return { threw: (error as Error).constructor.name, message: (error as Error).message };
  }
}

const BATCH_CONTEXTS = [
  { firstOffset: '0', firstTimestamp: '1700000000000', timestampType: 0, maxTimestamp: '1700000009999' },
  { firstOffset: '123456789', firstTimestamp: '1700000000000', timestampType: LOG_APPEND_TIME, maxTimestamp: '1700000009999' },
  { firstOffset: '9007199254740900', firstTimestamp: '-1', timestampType: 0, maxTimestamp: '-1' }, // offsets cross 2^53
  { firstOffset: '9223372036854775000', firstTimestamp: '9007199254740991', timestampType: 0, maxTimestamp: '0' },
  { firstOffset: '42', firstTimestamp: '0', isControlBatch: true, magicByte: 2 },
];

const TIMESTAMP_DELTAS: unknown[] = [0, 5, -5, 2 ** 31, -(2 ** 40), 2 ** 48 - 1, 2 ** 49, -(2 ** 52 - 1), Long.fromValue('4611686018427387903'), Long.fromValue('-4611686018427387904')];

describe('kafkajs consume path (patched) decodes as kafkajs 2.2.4', () => {
  it('decodes records (offsets, timestamps, keys, values, headers) exactly as the original', () => {
    const random = seededRandom(5);
    for (let i = 0; i < 600; i++) {
      const headers: Record<string, unknown> = i % 4 === 0 ? {} : {
        'content-type': randomString(random, 30),
        repeated: [randomBytes(random, 8), randomString(random, 8), ''],
        ...(i % 7 === 0 ? { toString: 'shadows a prototype method', '10': 'x', '2': 'y' } : {}),
      };
      const record = encodeRecord({
        offsetDelta: i % 10 === 0 ? 2 ** 31 - 1 - i : i,
        timestampDelta: TIMESTAMP_DELTAS[i % TIMESTAMP_DELTAS.length],
        key: i % 5 === 0 ? null : randomString(random, 40),
        value: i % 6 === 0 ? null : randomBytes(random, 2000),
        headers,
      });
      const body = recordBody(record);
      const batchContext = BATCH_CONTEXTS[i % BATCH_CONTEXTS.length];
      const patched = decodeRecord(new Decoder(body), batchContext);
      const original = originalDecodeRecord(new Decoder(body), batchContext);
      deepStrictEqual(patched, original);
      expect(Object.keys(patched.headers)).toEqual(Object.keys(original.headers));
    }
  });

  it('keeps a "__proto__" header an own property, as the original object literal did', () => {
    // Encoded by hand: Object.keys never yields __proto__ from an object literal's setter.
    const body = Buffer.concat([
      Buffer.from([0, 0, 0]), // attributes, timestamp delta 0, offset delta 0
      Buffer.from([1]), // key: null (varint -1)
      Buffer.from([2, 0x41]), // value: 1 byte
      Buffer.from([4]), // 2 headers
      Buffer.from([18]), Buffer.from('__proto__'), Buffer.from([2, 0x42]),
      Buffer.from([18]), Buffer.from('__proto__'), Buffer.from([2, 0x43]),
    ]);
    const context = BATCH_CONTEXTS[0];
    const patched = decodeRecord(new Decoder(body), context);
    const original = originalDecodeRecord(new Decoder(body), context);
    deepStrictEqual(patched, original);
    expect(Object.getPrototypeOf(patched.headers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(patched.headers)).toEqual(['__proto__']);
  });

  it('answers pending seeks as before (the empty-map shortcut asked on every message)', () => {
    const seeks = new SeekOffsets();
    expect(seeks.has('t', 0)).toBe(false);
    seeks.set('t', 0, '42');
    expect([seeks.has('t', 0), seeks.has('t', 1), seeks.has('u', 0)]).toEqual([true, false, false]);
    expect(seeks.pop('t', 0)).toEqual({ topic: 't', partition: 0, offset: '42' });
    expect(seeks.has('t', 0)).toBe(false);
  });

  it('adds offsets and deltas as Long did, including non-canonical strings and values past 2^53', () => {
    const decimals: unknown[] = ['0', '1', '-1', '123456789', '9007199254740990', '9007199254740991', '9007199254740992', '-9007199254740991',
      '9223372036854775807', '007', '1e3', '1.0', ' 12', '', 'abc', '-0', '+5', '0x10', 'NaN', 5, Long.fromValue('77')];
    const deltas: unknown[] = [0, 1, -1, 2 ** 31, -(2 ** 40), 1.5, Long.fromValue('3')];
    for (const decimal of decimals) {
      for (const delta of deltas) {
        expect(outcome(() => addToDecimal(decimal, delta))).toEqual(outcome(() => Long.fromValue(decimal).add(delta).toString()));
      }
      for (const other of decimals) {
        expect(outcome(() => sameDecimal(decimal, other))).toEqual(outcome(() => Long.fromValue(decimal).equals(Long.fromValue(other))));
      }
    }
  });
});
