import { ValidationError } from '@pulse/errors';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema a DataSource/EntityManager/QueryRunner works in (its `schema` option), or undefined. */
export function schemaOf(holder: { connection: { options: object } } | { options: object }): string | undefined {
  const options = ('connection' in holder ? holder.connection.options : holder.options) as { schema?: string };
  return options.schema;
}

/**
 * `"schema".` ready to prefix a table name, or '' to rely on search_path. Schema names come from
 * configuration, never from requests; they are still checked, because they end up in SQL text.
 */
export function schemaPrefix(schema: string | undefined): string {
  if (schema === undefined) return '';
  assertSchemaName(schema);
  return `"${schema}".`;
}

/** Throws unless `schema` is a plain lowercase PostgreSQL identifier. */
export function assertSchemaName(schema: string): void {
  if (!IDENTIFIER.test(schema)) {
    throw new ValidationError('Invalid schema name', [`schema ${JSON.stringify(schema)} must match ${IDENTIFIER.source}`]);
  }
}

/** Fully qualified names of the analytics relations for `schema`. */
export function analyticsTables(schema: string | undefined): {
  facts: string;
  factsDefault: string;
  postOutcomes: string;
  articleSources: string;
  dailyStats: string;
  fn: (name: string) => string;
} {
  const p = schemaPrefix(schema);
  return {
    facts: `${p}event_facts`,
    factsDefault: `${p}event_facts_default`,
    postOutcomes: `${p}post_outcomes`,
    articleSources: `${p}article_sources`,
    dailyStats: `${p}daily_stats`,
    fn: (name) => `${p}${name}`,
  };
}
