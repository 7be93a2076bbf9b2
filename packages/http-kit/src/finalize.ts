import type { Application, ErrorRequestHandler, RequestHandler } from 'express';
import { NotFoundError } from '@pulse/errors';
import { createLogger } from '@pulse/observability';
import { kitStateOf } from './kit-state';
import { toProblem } from './problem-details';
import { UNMATCHED_ROUTE } from './http-telemetry.middleware';
import { routeTemplateOf } from './request-context';

const DEFAULT_TYPE_BASE = 'urn:pulse:problem:';

/**
 * Adds what must come after every route: the 404 for unmatched paths and the error handler that
 * answers every error as application/problem+json. Call it once, after mounting the routes.
 */
export function finalize(app: Application): Application {
  const state = kitStateOf(app);
  const logger = state?.logger ?? createLogger({ service: 'http' });
  const typeBase = state?.problemTypeBase ?? DEFAULT_TYPE_BASE;

  const notFound: RequestHandler = (req, _res, next) => next(new NotFoundError('Route', `${req.method} ${req.path}`));

  const handleError: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a problem document: let express close the connection.
      logger.error('error after the response started', { error, requestId: req.requestId });
      return next(error);
    }
    const problem = toProblem(error, { instance: req.originalUrl, requestId: req.requestId, typeBase });
    const meta = { method: req.method, route: routeTemplateOf(req) ?? UNMATCHED_ROUTE, status: problem.status, code: problem.body.code, requestId: req.requestId };
    if (problem.status >= 500) logger.error('request failed', { ...meta, error });
    else logger.http('request rejected', { ...meta, detail: problem.body.detail });
    res.status(problem.status).set(problem.headers).send(JSON.stringify(problem.body));
  };

  app.use(notFound);
  app.use(handleError);
  return app;
}
