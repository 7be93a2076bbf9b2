import { PassThrough } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { createInMemoryTelemetry, createLogger, type Logger } from '../src';

function capture(): { logger: (service: string) => Logger; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return {
    logger: (service) => createLogger({ service, level: 'debug', stream }),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  const telemetry = createInMemoryTelemetry('logger-test');
  afterAll(() => telemetry.shutdown());

  it('writes JSON lines that carry the service name', () => {
    const { logger, lines } = capture();
    logger('news').info('fetched feed', { articles: 3 });
    expect(lines()).toEqual([expect.objectContaining({ level: 'info', message: 'fetched feed', service: 'news', articles: 3, timestamp: expect.any(String) })]);
    expect(lines()[0]).not.toHaveProperty('trace_id');
  });

  it('does no work for a line below the level (not even serializing its fields), and follows level changes', () => {
    const { logger, lines } = capture();
    const log = logger('social');
    log.level = 'warn';
    let serialized = 0;
    const fields = { post: { toJSON: () => { serialized += 1; return 'post-1'; } } };
    log.info('post published', fields);
    log.child({ tenantId: 'tenant-a' }).debug('planned', fields);
    expect(serialized).toBe(0);
    log.warn('post send failed', fields);
    log.level = 'info';
    log.child({ tenantId: 'tenant-a' }).info('post published', fields);
    expect(serialized).toBe(2);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'warn', message: 'post send failed', post: 'post-1' }),
      expect.objectContaining({ level: 'info', message: 'post published', post: 'post-1', tenantId: 'tenant-a' }),
    ]);
  });

  it('adds trace_id and span_id of the active span', () => {
    const { logger, lines } = capture();
    const log = logger('llm');
    const span = trace.getTracer('test').startSpan('summarize');
    context.with(trace.setSpan(context.active(), span), () => log.info('inside the span'));
    span.end();
    log.info('outside again');

    const [inside, outside] = lines();
    expect(inside).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    expect(inside!.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(outside).not.toHaveProperty('trace_id');
    expect(telemetry.exporter.getFinishedSpans().map((s) => s.name)).toContain('summarize');
  });

  it('keeps child fields such as tenantId on every line, together with trace ids', async () => {
    const { logger, lines } = capture();
    const child = logger('social').child({ tenantId: 'tenant-a' });
    await trace.getTracer('test').startActiveSpan('publish', async (span) => {
      await Promise.resolve();
      child.warn('rate limited by platform');
      span.end();
    });
    expect(lines()[0]).toMatchObject({ service: 'social', tenantId: 'tenant-a', level: 'warn', trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('logs an Error with its message and stack', () => {
    const { logger, lines } = capture();
    logger('news').error('feed failed', { error: new Error('boom') });
    logger('news').error(new Error('direct'));
    expect(JSON.stringify(lines()[0])).toContain('boom');
    expect(lines()[1]).toMatchObject({ message: 'direct', stack: expect.stringContaining('Error: direct') });
  });

  it('drops lines below the configured level', () => {
    const stream = new PassThrough();
    const seen: string[] = [];
    stream.on('data', (c: Buffer) => seen.push(c.toString()));
    const log = createLogger({ service: 'news', level: 'warn', stream });
    log.info('quiet');
    log.warn('loud');
    expect(seen.join('')).toContain('loud');
    expect(seen.join('')).not.toContain('quiet');
  });
});
