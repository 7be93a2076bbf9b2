import { z } from 'zod';

/** A JSON Schema 2020-12 object as OpenAPI 3.1 embeds it. */
export type JsonSchema = Record<string, unknown>;

// Formats that already say what the pattern zod emits for them says; the regex only adds noise.
const SELF_DESCRIBING_FORMATS = new Set(['uuid', 'date-time', 'date', 'time', 'email', 'uri', 'duration']);

/**
 * Converts a zod schema to JSON Schema 2020-12 (OpenAPI 3.1's dialect). `input` describes what a
 * client sends (before coercion, defaults and transforms), `output` what the service answers.
 * Dates become RFC 3339 strings, as JSON carries them; refinements are not representable and are
 * left to the schema's descriptions.
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const target = jsonSchema as JsonSchema;
      if (zodSchema._zod.def.type === 'date') {
        target.type = 'string';
        target.format = 'date-time';
      }
      if (typeof target.format === 'string' && SELF_DESCRIBING_FORMATS.has(target.format)) delete target.pattern;
      if (target.maximum === Number.MAX_SAFE_INTEGER) delete target.maximum;
      if (target.minimum === Number.MIN_SAFE_INTEGER) delete target.minimum;
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** The properties of an object schema (after toJsonSchema) with whether each is required. */
export function objectProperties(schema: JsonSchema): Array<{ name: string; schema: JsonSchema; required: boolean }> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, schema: property, required: required.has(name) }));
}
