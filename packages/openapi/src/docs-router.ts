import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';
import helmet from 'helmet';
import { PermanentError } from '@pulse/errors';
import { DOCS_INITIALIZER, docsPage } from './docs-page';

/** Where swagger-ui-dist is installed (resolved from this module, as node would at runtime). */
function swaggerUiDir(): string {
  try {
    return dirname(createRequire(__filename).resolve('swagger-ui-dist/package.json'));
  } catch (error) {
    throw new PermanentError('swagger-ui-dist is not installed next to the service: the API docs page cannot be served', { cause: error });
  }
}

// A fixed list: nothing else of the package (or of node_modules) is reachable.
const SWAGGER_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

/**
 * Scripts only from this origin (no inline script, no eval); inline styles are allowed because
 * Swagger UI sets some, which cannot run code. `data:` images are its icons.
 */
export const DOCS_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

export interface DocsRouterOptions {
  /** The public spec to serve. */
  spec: object;
  /** Where the spec is served (default `/api/openapi.json`). */
  specPath?: string;
  /** Where the UI is served (default `/api/docs`). */
  docsPath?: string;
  /** Cache lifetime of the UI's static files in seconds (default 300). */
  maxAgeSeconds?: number;
}

/** An express Router serving the public spec as JSON and Swagger UI on it; mount it at the root. */
export function docsRouter(options: DocsRouterOptions): Router {
  const specPath = options.specPath ?? '/api/openapi.json';
  const docsPath = options.docsPath ?? '/api/docs';
  const maxAge = (options.maxAgeSeconds ?? 300) * 1000;
  const page = docsPage(specPath);
  const swaggerDir = swaggerUiDir();
  const router = express.Router();
  const csp = helmet.contentSecurityPolicy({ useDefaults: false, directives: { ...DOCS_CSP_DIRECTIVES } });

  router.get(specPath, (_req, res) => {
    res.json(options.spec);
  });
  // The page links its files relatively, so `/api/docs` must become `/api/docs/` (express matches both here).
  router.get(docsPath, csp, (req, res) => {
    const at = req.originalUrl.indexOf('?');
    const [path, query] = at === -1 ? [req.originalUrl, ''] : [req.originalUrl.slice(0, at), req.originalUrl.slice(at)];
    if (!path.endsWith('/')) return void res.redirect(301, `${path}/${query}`);
    res.type('html').set('Cache-Control', 'no-cache').send(page);
  });
  router.get(`${docsPath}/swagger-initializer.js`, csp, (_req, res) => {
    res.type('text/javascript').set('Cache-Control', `public, max-age=${maxAge / 1000}`).send(DOCS_INITIALIZER);
  });
  router.get(`${docsPath}/:file`, csp, (req, res, next) => {
    if (!SWAGGER_FILES.includes(req.params.file)) return next();
    // pnpm keeps packages under node_modules/.pnpm: a dot path `send` refuses unless allowed.
    res.sendFile(join(swaggerDir, req.params.file), { maxAge, dotfiles: 'allow' }, (error) => error && next(error));
  });
  return router;
}
