import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import express, { type Router } from 'express';
import helmet from 'helmet';
import { PermanentError } from '@pulse/errors';

/** Absolute path of the page's own static files (index.html, css, js). Vendor files are not in it. */
export const dashboardDir = resolve(__dirname, '..', 'public');

const requireFromHere = createRequire(__filename);

/**
 * Directory of an installed package (works with pnpm's layout). Found from its main entry upwards,
 * because some packages (htm) do not export their package.json.
 */
function packageDir(name: string): string {
  let dir = dirname(requireFromHere.resolve(name));
  while (!isPackageRoot(dir, name)) {
    const parent = dirname(dir);
    if (parent === dir) throw new PermanentError(`package ${name} has no package.json above its entry`);
    dir = parent;
  }
  return dir;
}

function isPackageRoot(dir: string, name: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name;
}

/**
 * The browser files the page imports from `vendor/`, taken from the npm packages as shipped
 * (no build step). A fixed list: nothing else under node_modules is reachable.
 */
export function vendorFiles(): Record<string, string> {
  const preact = packageDir('preact');
  const htm = packageDir('htm');
  const uplot = packageDir('uplot');
  return {
    'preact.mjs': join(preact, 'dist', 'preact.mjs'),
    'htm.mjs': join(htm, 'dist', 'htm.mjs'),
    'uPlot.esm.js': join(uplot, 'dist', 'uPlot.esm.js'),
    'uPlot.min.css': join(uplot, 'dist', 'uPlot.min.css'),
  };
}

/**
 * The page allows only its own origin: no inline script or style, no CDN. uPlot and Preact set
 * styles through the CSSOM (element.style), which CSP does not restrict.
 */
export const DASHBOARD_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
} as const;

export interface DashboardRouterOptions {
  /** Cache lifetime of the static files in seconds (default 60: a deploy shows up within a minute). */
  maxAgeSeconds?: number;
}

/**
 * An express Router serving the dashboard; mount it at `/dashboard`. It serves the page from
 * `dashboardDir`, the vendor modules at `vendor/<file>`, and sets a strict Content-Security-Policy.
 * The page calls `/api/v1/...` on the same origin, so it works behind the gateway.
 */
export function dashboardRouter(options: DashboardRouterOptions = {}): Router {
  const maxAge = (options.maxAgeSeconds ?? 60) * 1000;
  const router = express.Router();
  router.use(helmet.contentSecurityPolicy({ useDefaults: false, directives: { ...DASHBOARD_CSP_DIRECTIVES } }));

  // The page links its files relatively, so `/dashboard` must become `/dashboard/`.
  router.get('/', (req, res, next) => {
    const [path, query] = splitQuery(req.originalUrl);
    if (path.endsWith('/')) return next();
    res.redirect(301, `${path}/${query}`);
  });

  const vendor = vendorFiles();
  router.get('/vendor/:file', (req, res, next) => {
    const file = vendor[req.params.file];
    // public/vendor holds only type declarations for tsc: never served.
    if (!file) return void res.sendStatus(404);
    // pnpm keeps packages under node_modules/.pnpm: a dot path `send` refuses unless allowed.
    res.sendFile(file, { maxAge, dotfiles: 'allow', headers: { 'X-Content-Type-Options': 'nosniff' } }, (error) => {
      if (error) next(error);
    });
  });

  router.use(express.static(dashboardDir, { maxAge, index: 'index.html', fallthrough: true }));
  return router;
}

function splitQuery(url: string): [string, string] {
  const at = url.indexOf('?');
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at)];
}
