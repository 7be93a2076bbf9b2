import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import envelope from '../events/envelope.v1.schema.json';
import newsFetched from '../events/news.fetched.v1.schema.json';
import articleSummarized from '../events/article.summarized.v1.schema.json';
import postPublished from '../events/post.published.v1.schema.json';
import postEngagement from '../events/post.engagement.v1.schema.json';

/** The JSON Schemas by topic and version; the files under contracts/events/ are the source of truth. */
export const eventSchemas = {
  'news.fetched': { 1: newsFetched },
  'article.summarized': { 1: articleSummarized },
  'post.published': { 1: postPublished },
  'post.engagement': { 1: postEngagement },
} as const;

export const envelopeSchema = envelope;

// Schemas are compiled once at import: validation sits on the hot path of every produce and consume
// (tens of thousands of events per second).
//
// Two compilations per schema, because of how Ajv checks minLength/maxLength: JSON Schema counts
// code points, so Ajv walks every such string character by character (ucs2length), which was 80%
// of validating a 1 KB news.fetched event (about 12 of 15 µs; a 5 KB article's content costs
// more). A string's UTF-16 length (`.length`, free) is never smaller than its code point count, so:
// - maxLength: passing with `.length` implies passing with code points;
// - minLength: the same holds only for minLength <= 1 (non-empty), the only kind our schemas use.
// So when every minLength of a schema and the envelope is <= 1, a value the `.length` validator
// accepts is valid, full stop; anything it refuses (a real error, or astral characters such as
// emoji pushing `.length` past a maxLength the code points stay under) is decided again by the
// exact validator, whose answer and errors are the ones reported. A schema with a larger minLength
// gets the exact validator alone (sameAnswerWithLength).
const options = { allErrors: true, strict: true, allowUnionTypes: true } as const;
const exactAjv = withEnvelope(new Ajv2020(options));
// `unicode: false` is Ajv's switch to `.length` (documented as deprecated in Ajv 8 but supported;
// its one-time deprecation warning is what `logger: false` silences: strict mode still throws).
// Only its yes/no is used, so it stops at the first error.
const utf16Ajv = withEnvelope(new Ajv2020({ ...options, allErrors: false, unicode: false, logger: false }));

function withEnvelope(ajv: Ajv2020): Ajv2020 {
  // "fast" formats: simpler uri/date-time regexes (half the format cost on the hot path); they
  // still refuse malformed values, only calendar edge cases such as Feb 30 pass.
  addFormats(ajv, { mode: 'fast' });
  return ajv.addSchema(envelope);
}

/** A compiled event schema: undefined for a valid value, otherwise its readable errors. */
export type EventValidator = (value: unknown) => string[] | undefined;

const compiled = new Map<object, EventValidator>();

export function compiledValidator(schema: object): EventValidator {
  let validator = compiled.get(schema);
  if (!validator) {
    const exact = exactAjv.compile(schema);
    const utf16 = sameAnswerWithLength(schema) ? utf16Ajv.compile(schema) : undefined;
    // The exact validator runs once, and only for what the `.length` one refused (or when there is none).
    validator = (value) => (utf16?.(value) || exact(value) ? undefined : formatErrors(exact));
    compiled.set(schema, validator);
  }
  return validator;
}

/** True when the `.length` validator accepts only valid values: no minLength above 1 anywhere. */
export function sameAnswerWithLength(schema: object): boolean {
  return largestMinLength(schema) <= 1 && largestMinLength(envelope) <= 1;
}

function largestMinLength(node: unknown): number {
  if (node === null || typeof node !== 'object') return 0;
  let largest = 0;
  for (const [key, value] of Object.entries(node)) {
    largest = Math.max(largest, key === 'minLength' && typeof value === 'number' ? value : largestMinLength(value));
  }
  return largest;
}

/** Ajv errors as short human-readable lines: `/data/title: must NOT have fewer than 1 characters`. */
function formatErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${
    e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''
  }${e.keyword === 'const' ? ` (${JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue)})` : ''}`);
}
