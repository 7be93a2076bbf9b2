import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import express from 'express';
import request from 'supertest';
import { ConflictError, RetriableError } from '@pulse/errors';
import { createInMemoryTelemetry } from '@pulse/observability';
import { finalize } from '../src';
import { closeAll, kitApp, serve } from './support';

const telemetry = createInMemoryTelemetry('http-kit-test');
afterAll(async () => {
  await closeAll();
  await telemetry.shutdown();
});

function appWithRoutes() {
  const kit = kitApp({ bodyLimit: '1kb' });
  const articles = express.Router();
  articles.get('/:id', (req, res) => {
    kit.log.logger.info('loading article', { id: req.params.id });
    res.json({ id: req.params.id });
  });
  articles.post('/', (req, res) => {
    res.status(201).json({ received: req.body });
  });
  articles.put('/:id', () => {
    throw new ConflictError('Article 7 was changed by someone else');
  });
  kit.app.use('/api/v1/articles', articles);
  kit.app.get('/boom', () => {
    throw new Error('connection string postgres://admin:secret@db/internal leaked');
  });
  kit.app.get('/async-boom', async () => {
    throw new RetriableError('PostgreSQL at 10.0.0.5 unreachable');
  });
  finalize(kit.app);
  return kit;
}

const expectProblem = (response: request.Response, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: `urn:pulse:problem:${code}`, status, code, title: expect.any(String), detail: expect.any(String), instance: expect.any(String) });
};

describe('createHttpApp + finalize', () => {
  it('answers /healthz with 200 and security headers', async () => {
    const response = await request(await serve(appWithRoutes().app)).get('/healthz').expect(200);
    expect(response.body).toEqual({ status: 'alive', service: 'test' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('echoes a well-formed X-Request-Id and makes one up otherwise', async () => {
    const server = await serve(appWithRoutes().app);
    expect((await request(server).get('/healthz').set('X-Request-Id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    const generated = (await request(server).get('/healthz').set('X-Request-Id', 'bad id\twith spaces')).headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await request(await serve(appWithRoutes().app)).get('/nope?x=1').set('X-Request-Id', 'req-404');
    expectProblem(response, 404, 'not-found');
    expect(response.body).toMatchObject({ instance: '/nope?x=1', requestId: 'req-404', detail: 'Route GET /nope was not found' });
  });

  it('answers a body over the limit with a 413 problem', async () => {
    const response = await request(await serve(appWithRoutes().app))
      .post('/api/v1/articles')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(2_000) }));
    expectProblem(response, 413, 'payload-too-large');
    expect(response.body.detail).toContain('1024 bytes');
  });

  it('answers malformed JSON with a 400 problem and accepts good JSON', async () => {
    const server = await serve(appWithRoutes().app);
    const bad = await request(server).post('/api/v1/articles').set('Content-Type', 'application/json').send('{"title": ');
    expectProblem(bad, 400, 'malformed-json');
    const good = await request(server).post('/api/v1/articles').send({ title: 'ok' }).expect(201);
    expect(good.body).toEqual({ received: { title: 'ok' } });
  });

  it('maps a PulseError to its status and message', async () => {
    const response = await request(await serve(appWithRoutes().app)).put('/api/v1/articles/7');
    expectProblem(response, 409, 'conflict');
    expect(response.body.detail).toBe('Article 7 was changed by someone else');
  });

  it('answers an unknown error with a 500 that leaks neither message nor stack, and logs it', async () => {
    const kit = appWithRoutes();
    const response = await request(await serve(kit.app)).get('/boom');
    expectProblem(response, 500, 'internal');
    expect(response.text).not.toMatch(/secret|postgres:|at .*\.ts|Error:/);
    const logged = kit.log.lines().find((line) => line.message === 'request failed');
    expect(JSON.stringify(logged)).toContain('leaked');
    expect(logged).toMatchObject({ level: 'error', status: 500, route: '/boom' });
  });

  it('hides the internals of a 5xx PulseError too', async () => {
    const response = await request(await serve(appWithRoutes().app)).get('/async-boom');
    expectProblem(response, 503, 'unavailable');
    expect(response.text).not.toContain('10.0.0.5');
  });

  it('labels HTTP metrics with the route template, not the raw path', async () => {
    const kit = appWithRoutes();
    const server = await serve(kit.app);
    await request(server).get('/api/v1/articles/42').expect(200);
    await request(server).get('/api/v1/articles/43').expect(200);
    await request(server).put('/api/v1/articles/44').expect(409);
    await request(server).get('/random/path/1').expect(404);
    const text = await (await request(server).get('/metrics').expect(200)).text;
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*method="GET",route="\/api\/v1\/articles\/:id",status="200"[^}]*\} 2/);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*method="PUT",route="\/api\/v1\/articles\/:id",status="409"[^}]*\} 1/);
    expect(text).toMatch(/route="unmatched",status="404"/);
    expect(text).not.toContain('/api/v1/articles/42');
  });

  it('continues the caller trace in a server span and puts its ids on handler logs', async () => {
    const kit = appWithRoutes();
    const parent = trace.getTracer('caller').startSpan('caller');
    const traceId = parent.spanContext().traceId;
    const traceparent = `00-${traceId}-${parent.spanContext().spanId}-01`;
    parent.end();

    await request(await serve(kit.app)).get('/api/v1/articles/9').set('traceparent', traceparent).expect(200);

    const span = telemetry.exporter.getFinishedSpans().find((s) => s.name === 'GET /api/v1/articles/:id' && s.spanContext().traceId === traceId);
    expect(span?.attributes['http.response.status_code']).toBe(200);
    const handlerLine = kit.log.lines().find((line) => line.message === 'loading article');
    expect(handlerLine).toMatchObject({ trace_id: traceId, span_id: span?.spanContext().spanId });
    expect(context.active()).toBeDefined();
  });

  it('keeps the trace context across the JSON body parser when the body arrives later', async () => {
    const kit = kitApp();
    let traced: string | undefined;
    kit.app.post('/echo', (req, res) => {
      traced = trace.getActiveSpan()?.spanContext().traceId;
      res.json(req.body);
    });
    finalize(kit.app);
    const server = await serve(kit.app);
    // Send the body only after the server has begun handling the request, so it is read from
    // later socket events (the case where async context gets lost), not from one buffer.
    const headersSeen = new Promise<void>((resolve) => server.once('request', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/echo', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('{"a":');
      void headersSeen.then(() => setImmediate(() => req.end('1}')));
    });
    expect(await response).toEqual({ status: 200, body: '{"a":1}' });
    expect(traced).toMatch(/^[0-9a-f]{32}$/);
  });
});
