import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import type { Principal } from '@pulse/auth';
import type { Logger, Metrics } from '@pulse/observability';
import { routeTemplateOf } from './request-context';

const tracer = trace.getTracer('@pulse/http-kit');

/** Route label for requests no route matched: one series, not one per scanned path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * One SERVER span per request (continuing the caller's W3C traceparent), the request-duration
 * histogram and an access log line. Handlers run inside the span's context, so their logs and
 * outgoing Kafka messages carry its trace id.
 */
export function httpTelemetry({ logger, metrics }: { logger: Logger; metrics: Metrics }): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path, 'http.request_id': req.requestId ?? '' } },
      parent,
    );
    const spanContext = trace.setSpan(parent, span);

    // 'close' fires after 'finish' and also when the client goes away first (then: 499).
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      const route = routeTemplateOf(req) ?? UNMATCHED_ROUTE;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      metrics.httpRequestDuration.observe({ method: req.method, route, status: String(status) }, seconds);
      // winston formats a line (trace ids, timestamp, JSON) before its transports drop it by level:
      // at LOG_LEVEL=warn that was a JSON serialization per request for nothing.
      if (!logger.isLevelEnabled('http')) return;
      context.with(spanContext, () =>
        logger.http('request', {
          method: req.method,
          route,
          status,
          durationMs: Math.round(seconds * 1000),
          requestId: req.requestId,
          tenantId: (req.user as Principal | undefined)?.tenantId,
        }),
      );
    });
    context.with(spanContext, next);
  };
}
