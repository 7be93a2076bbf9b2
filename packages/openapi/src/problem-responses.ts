import type { JsonSchema } from './json-schema';

/** RFC 9457 problem details as http-kit writes them (packages/http-kit/src/problem-details.ts). */
export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details. `code` is the last segment of `type`; 400s list every invalid field in `errors`.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code'],
  properties: {
    type: { type: 'string', format: 'uri-reference', examples: ['https://pulse.dev/problems/validation-failed'] },
    title: { type: 'string', examples: ['Bad Request'] },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path.' },
    code: { type: 'string', examples: ['validation-failed'] },
    requestId: { type: 'string' },
    errors: { type: 'array', items: { type: 'string' }, description: 'Every invalid field, e.g. `body.url: must be an http(s) URL`.' },
  },
};

/** The error statuses operations may document, with the component name and description of each. */
export const PROBLEM_RESPONSES = {
  400: { name: 'BadRequest', description: 'The request is invalid: every problem is listed in `errors`.' },
  401: { name: 'Unauthorized', description: 'No valid bearer token (missing, expired, wrong issuer or audience).' },
  403: { name: 'Forbidden', description: 'The token lacks a required scope.' },
  404: { name: 'NotFound', description: "No such resource in the caller's tenant." },
  409: { name: 'Conflict', description: 'The resource is in a state that does not allow this.' },
  413: { name: 'PayloadTooLarge', description: 'The request body is over the size limit.' },
  415: { name: 'UnsupportedMediaType', description: 'The request body has a content type this operation does not accept.' },
  422: { name: 'UnprocessableContent', description: 'The request is well-formed but cannot be processed.' },
  429: { name: 'TooManyRequests', description: "The tenant's rate limit is exhausted; `Retry-After` says when to try again." },
  502: { name: 'BadGateway', description: 'An upstream provider failed.' },
  503: { name: 'ServiceUnavailable', description: 'A dependency is temporarily unavailable; retry later.' },
} as const;

export type ProblemStatus = keyof typeof PROBLEM_RESPONSES;

/** The response component of one problem status (with Retry-After on 429 and 503). */
export function problemResponse(status: ProblemStatus): JsonSchema {
  const { description } = PROBLEM_RESPONSES[status];
  const retryAfter = status === 429 || status === 503
    ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } } }
    : {};
  return { description, ...retryAfter, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}
