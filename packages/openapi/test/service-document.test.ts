import { z } from 'zod';
import { mergeDocuments, serviceDocument, type OperationSpec } from '../src';

const itemParams = z.object({ id: z.uuid() });
const listQuery = z
  .object({ since: z.coerce.date().optional(), limit: z.coerce.number().int().min(1).max(50).default(10) })
  .strict()
  .transform((q) => ({ ...q, limit: q.limit * 1 }));
const createBody = z.object({ name: z.string().min(1), tags: z.array(z.string()).default([]) }).strict();
const item = z.object({ id: z.uuid(), name: z.string(), createdAt: z.date() });

const operations: OperationSpec[] = [
  { method: 'get', path: '/api/v1/items', operationId: 'listItems', summary: 'List', scopes: ['items:read'], query: listQuery,
    responses: { 200: { description: 'Items', schema: z.object({ items: z.array(item) }) } } },
  { method: 'post', path: '/api/v1/items', operationId: 'createItem', summary: 'Create', scopes: ['items:write'], body: createBody, errors: [409],
    responses: { 201: { description: 'Created', schema: item } } },
  { method: 'get', path: '/api/v1/items/{id}', operationId: 'getItem', summary: 'Get', scopes: ['items:read'], params: itemParams,
    responses: { 200: { description: 'Item', schema: item } } },
];

const doc = () => serviceDocument({ service: 'items', version: '1.0.0', description: 'Items.', operations });
type Op = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('serviceDocument', () => {
  it('turns the query schema a route validates with into query parameters, as the client sends them', () => {
    const op = doc().paths['/api/v1/items']!.get as Op;
    expect(op.parameters).toEqual([
      { name: 'since', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 } },
    ]);
  });

  it('describes the JSON body on its input side (defaults make fields optional) and the response on its output side', () => {
    const op = doc().paths['/api/v1/items']!.post as Op;
    const body = op.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['name']);
    expect(body.additionalProperties).toBe(false);
    expect(op.responses['201'].content['application/json'].schema.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
  });

  it('adds 401, 403 and 429 to every operation, 400 when there is input, 404 with path parameters, as problem+json', () => {
    const document = doc();
    const statuses = (p: string, m: string) => Object.keys((document.paths[p]![m] as Op).responses);
    expect(statuses('/api/v1/items', 'get')).toEqual(['200', '400', '401', '403', '429']);
    expect(statuses('/api/v1/items', 'post')).toEqual(['201', '400', '401', '403', '409', '429']);
    expect(statuses('/api/v1/items/{id}', 'get')).toEqual(['200', '400', '401', '403', '404', '429']);
    expect(document.components.responses.NotFound).toEqual({
      description: expect.any(String),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(document.components.responses.TooManyRequests?.headers).toHaveProperty('Retry-After');
  });

  it('names the required scopes in the security requirement and the description', () => {
    const op = doc().paths['/api/v1/items/{id}']!.get as Op;
    expect(op.security).toEqual([{ bearerAuth: ['items:read'] }]);
    expect(op.description).toContain('`items:read`');
    expect(op.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }]);
  });

  it('refuses path parameters that do not match the path template', () => {
    const wrong: OperationSpec = { ...operations[2]!, path: '/api/v1/items/{itemId}' };
    expect(() => serviceDocument({ service: 'items', version: '1', description: 'x', operations: [wrong] })).toThrow(/do not match/);
  });
});

describe('mergeDocuments', () => {
  const other = serviceDocument({
    service: 'others', version: '1.0.0', description: 'Others.',
    operations: [{ ...operations[0]!, path: '/api/v1/others', operationId: 'listOthers' }],
  });

  it('merges paths, tags and shared components into one spec', () => {
    const merged = mergeDocuments([doc(), other], { title: 'All', version: '2.0.0', description: 'Everything.' });
    expect(Object.keys(merged.paths)).toEqual(['/api/v1/items', '/api/v1/items/{id}', '/api/v1/others']);
    expect(merged.tags.map((t) => t.name)).toEqual(['items', 'others']);
    expect(merged.info).toMatchObject({ title: 'All', version: '2.0.0' });
    expect(Object.keys(merged.components.responses)).toContain('Conflict');
  });

  it('refuses two services claiming the same operation', () => {
    const clash = serviceDocument({ service: 'clash', version: '1', description: 'x', operations: [operations[0]!] });
    expect(() => mergeDocuments([doc(), clash], { title: 't', version: '1', description: 'd' })).toThrow(/conflict/);
  });
});
