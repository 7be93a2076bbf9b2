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

// One Ajv instance, schemas compiled once at import: validation sits on the hot path of every
// produce and consume (tens of thousands of events per second).
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
// "fast" formats: simpler uri/date-time regexes (half the validation cost on the hot path); they still
// refuse malformed values, only calendar edge cases such as Feb 30 pass.
addFormats(ajv, { mode: 'fast' });
ajv.addSchema(envelope);

const compiled = new Map<object, ValidateFunction>();

export function compiledValidator(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Ajv errors as short human-readable lines: `/data/title: must NOT have fewer than 1 characters`. */
export function formatErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${
    e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''
  }${e.keyword === 'const' ? ` (${JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue)})` : ''}`);
}
