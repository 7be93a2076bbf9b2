import type { RequestHandler } from 'express';
import { ValidationError } from '@pulse/errors';
import type { z } from 'zod';

type Schema = z.ZodType;
type Out<S, Fallback> = S extends Schema ? z.output<S> : Fallback;

export interface RequestSchemas<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined> {
  body?: B;
  query?: Q;
  params?: P;
}

/**
 * Validates (and transforms) body, query and params with zod; every problem of every part is
 * listed in one ValidationError (`body.title: Too small ...`). Parsed values replace the raw ones,
 * and the handler after it in the same route sees them typed:
 *
 *   router.post('/sources', validate({ body: createSource }), (req, res) => req.body.url)
 */
export function validate<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined>(
  schemas: RequestSchemas<B, Q, P>,
): RequestHandler<Out<P, Record<string, string>>, unknown, Out<B, unknown>, Out<Q, Record<string, unknown>>> {
  return (req, _res, next) => {
    const problems: string[] = [];
    const parsed: Partial<Record<'body' | 'query' | 'params', unknown>> = {};
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(part === 'body' ? (req.body ?? {}) : req[part]);
      if (result.success) parsed[part] = result.data;
      else for (const issue of result.error.issues) problems.push(`${[part, ...issue.path.map(String)].join('.')}: ${issue.message}`);
    }
    if (problems.length > 0) return next(new ValidationError('The request is invalid', problems));

    if ('body' in parsed) req.body = parsed.body as never;
    // Express 5 exposes query as a getter on the prototype; an own property shadows it.
    if ('query' in parsed) Object.defineProperty(req, 'query', { value: parsed.query, writable: true, configurable: true, enumerable: true });
    if ('params' in parsed) req.params = parsed.params as never;
    next();
  };
}
