import type { z } from 'zod';
import { ValidationError } from '@pulse/errors';
import { objectProperties, toJsonSchema, type JsonSchema } from './json-schema';
import { PROBLEM_RESPONSES, PROBLEM_SCHEMA, problemResponse, type ProblemStatus } from './problem-responses';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** An OpenAPI 3.1 document (plain JSON; typed loosely: validators and the linter check its shape). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; identifier?: string; url?: string } };
  servers: Array<{ url: string; description: string }>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

export interface ResponseSpec {
  description: string;
  /** An application/json body: the zod schema of what the handler sends (its output side). */
  schema?: z.ZodType;
  /** Other media types, as JSON Schema (e.g. text/event-stream, text/x-opml). */
  content?: Record<string, JsonSchema>;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

export interface OperationSpec {
  method: HttpMethod;
  /** The path as the public calls it, through the gateway: `/api/v1/sources/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Scopes the route requires (`admin` satisfies all); listed in the description and the security requirement. */
  scopes: string[];
  /** The zod schemas the route validates with (the same objects its `validate(...)` uses). */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A non-JSON request body (media type -> JSON Schema). */
  rawBody?: { description: string; content: Record<string, JsonSchema> };
  responses: Record<number, ResponseSpec>;
  /** Problem statuses beyond those implied (401/403/429 always, 400 with any input schema, 404 with path params). */
  errors?: ProblemStatus[];
  /** Alternatives to the bearer token (e.g. a stream ticket); each entry is one acceptable requirement. */
  extraSecurity?: Array<Record<string, string[]>>;
}

export interface ServiceDocumentSpec {
  /** The service name: the operations' tag, and the Traefik service the paths must route to. */
  service: string;
  description: string;
  version: string;
  operations: OperationSpec[];
  /** Security schemes beyond `bearerAuth`. */
  securitySchemes?: Record<string, JsonSchema>;
}

export const BEARER_SCHEME: JsonSchema = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'A JWT (issuer `pulse`, audience `pulse-api`) carrying `tenantId` and `scopes`; mint one with the CLI or exchange an API key for one.',
};

const LICENSE = { name: 'Proprietary', url: 'https://pulse.dev/terms' };

/** Builds one service's OpenAPI 3.1 document from its operations. */
export function serviceDocument(spec: ServiceDocumentSpec): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const statuses = new Set<ProblemStatus>();
  for (const operation of spec.operations) {
    const item = (paths[operation.path] ??= {});
    if (item[operation.method]) throw new ValidationError(`Duplicate operation ${operation.method.toUpperCase()} ${operation.path}`, [operation.operationId]);
    const built = buildOperation(spec.service, operation);
    built.errors.forEach((status) => statuses.add(status));
    item[operation.method] = built.operation;
  }
  const responses: Record<string, JsonSchema> = {};
  for (const status of [...statuses].sort()) responses[PROBLEM_RESPONSES[status].name] = problemResponse(status);
  return {
    openapi: '3.1.0',
    info: { title: `Pulse ${spec.service} API`, version: spec.version, description: spec.description, license: LICENSE },
    servers: [{ url: '/', description: 'The Pulse gateway (this document is served by it)' }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: spec.service, description: spec.description }],
    paths,
    components: { schemas: { Problem: PROBLEM_SCHEMA }, responses, securitySchemes: { bearerAuth: BEARER_SCHEME, ...spec.securitySchemes } },
  };
}

function buildOperation(service: string, op: OperationSpec): { operation: JsonSchema; errors: ProblemStatus[] } {
  const templateNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const pathParams = op.params ? objectProperties(toJsonSchema(op.params, 'input')) : [];
  const declared = pathParams.map((p) => p.name);
  if (templateNames.join() !== declared.join()) {
    throw new ValidationError(`Path parameters of ${op.operationId} do not match ${op.path}`, [`template: ${templateNames.join(', ')}`, `schema: ${declared.join(', ')}`]);
  }
  const parameters = [
    ...pathParams.map((p) => parameter('path', p.name, p.schema, true)),
    ...(op.query ? objectProperties(toJsonSchema(op.query, 'input')).map((p) => parameter('query', p.name, p.schema, p.required)) : []),
  ];
  const errors = new Set<ProblemStatus>([401, 403, 429, ...(op.errors ?? [])]);
  if (op.params || op.query || op.body || op.rawBody) errors.add(400);
  if (op.params) errors.add(404);

  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(op.responses)) responses[status] = successResponse(response);
  for (const status of [...errors].sort()) responses[String(status)] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[status].name}` };

  const scopeLine = `Requires the scope${op.scopes.length > 1 ? 's' : ''} ${op.scopes.map((s) => `\`${s}\``).join(', ')} (or \`admin\`).`;
  const operation: JsonSchema = {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, scopeLine].filter(Boolean).join('\n\n'),
    tags: [service],
    security: [{ bearerAuth: op.scopes }, ...(op.extraSecurity ?? [])],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(op.body, 'input') } } } } : {}),
    ...(op.rawBody ? { requestBody: { required: true, description: op.rawBody.description, content: mediaTypes(op.rawBody.content) } } : {}),
    responses,
  };
  return { operation, errors: [...errors] };
}

function parameter(location: 'path' | 'query', name: string, schema: JsonSchema, required: boolean): JsonSchema {
  const { description, ...rest } = schema;
  return { name, in: location, required, ...(description ? { description } : {}), schema: rest };
}

function successResponse(response: ResponseSpec): JsonSchema {
  const content: Record<string, JsonSchema> = {};
  if (response.schema) content['application/json'] = { schema: toJsonSchema(response.schema, 'output') };
  Object.assign(content, mediaTypes(response.content ?? {}));
  return {
    description: response.description,
    ...(response.headers ? { headers: response.headers } : {}),
    ...(Object.keys(content).length > 0 ? { content } : {}),
  };
}

function mediaTypes(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(schemas).map(([type, schema]) => [type, { schema }]));
}
