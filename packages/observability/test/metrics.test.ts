import { createMetrics } from '../src';

describe('createMetrics', () => {
  it('labels every series with the service and includes process metrics', async () => {
    const metrics = createMetrics({ service: 'news' });
    metrics.httpRequestDuration.observe({ method: 'GET', route: '/api/v1/articles/:id', status: '200' }, 0.02);
    const text = await metrics.registry.metrics();
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.025",service="news",method="GET",route="/api/v1/articles/:id",status="200"} 1');
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="news"\}/);
  });

  it('lets other packages register their own metrics once and get the same instance back', async () => {
    const metrics = createMetrics({ service: 'llm', defaultMetrics: false });
    const first = metrics.counter({ name: 'pulse_articles_processed_total', help: 'Articles processed', labelNames: ['outcome'] });
    const second = metrics.counter({ name: 'pulse_articles_processed_total', help: 'Articles processed', labelNames: ['outcome'] });
    expect(second).toBe(first);
    first.inc({ outcome: 'ok' }, 2);
    metrics.gauge({ name: 'pulse_consumer_lag', help: 'lag' }).set(5);
    const text = await metrics.registry.metrics();
    expect(text).toContain('pulse_articles_processed_total{outcome="ok",service="llm"} 2');
    expect(text).toContain('pulse_consumer_lag{service="llm"} 5');
    expect(text).not.toContain('process_cpu');
  });

  it('keeps registries of two apps in one process apart', async () => {
    const a = createMetrics({ service: 'a', defaultMetrics: false });
    const b = createMetrics({ service: 'b', defaultMetrics: false });
    a.counter({ name: 'only_in_a_total', help: 'x' }).inc();
    expect(await b.registry.metrics()).not.toContain('only_in_a_total');
  });
});
