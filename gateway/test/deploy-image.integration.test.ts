/**
 * The one Dockerfile every service image is built from, checked without Docker: its stages and
 * hardening, and — for notification — that the files the dashboard and API docs read at runtime
 * are in the image. For that the test lays out the image from the Dockerfile's COPY lines in a
 * temporary directory, bundles the same routers the service mounts exactly as the service build
 * does (esbuild, into <image>/app/dist), starts that bundle there and fetches every page and file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_BUILD_SCRIPT } from '@pulse/testing';
import { REPO_ROOT } from './deploy-tools';
import { copiesFromStages, imageStages, materialize, parseDockerfile, workdir, type Dockerfile } from './dockerfile';

const SERVICES = ['news', 'llm', 'social', 'analytics', 'notification'];
const DOCKERFILE = path.join(REPO_ROOT, 'Dockerfile');

const dockerfile: Dockerfile = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
const instructionsOf = (service: string) => imageStages(dockerfile, { SERVICE: service }).flatMap((s) => s.instructions);

describe('the Dockerfile', () => {
  it('is the only one: every service image is built from it with --build-arg SERVICE', () => {
    for (const name of SERVICES) expect({ name, own: existsSync(path.join(REPO_ROOT, 'services', name, 'Dockerfile')) }).toEqual({ name, own: false });
    expect(dockerfile.globalArgs).toEqual({ NODE_IMAGE: 'node:20-slim', SERVICE: undefined });
    expect(dockerfile.stages[dockerfile.stages.length - 1]!.base).toBe('runtime-${SERVICE}');
  });

  it('builds the service from the workspace in a separate stage, installing only its slice', () => {
    const build = dockerfile.stages.find((s) => s.name === 'build')!;
    const runs = build.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((r) => r.includes('pnpm install --offline --frozen-lockfile') && r.includes('--filter "@pulse/${SERVICE}..."'))).toBe(true);
    expect(runs).toContain('pnpm --filter "@pulse/${SERVICE}" run build');
    for (const name of SERVICES) {
      const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', name, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
        devDependencies: Record<string, string>;
      };
      expect({ name, build: pkg.scripts.build, esbuild: pkg.devDependencies.esbuild }).toEqual({ name, build: SERVICE_BUILD_SCRIPT, esbuild: 'catalog:' });
    }
  });

  it.each(SERVICES)('%s: a runtime stage of its own on node:20-slim, non-root, health-checked, running dist/main.js', (name) => {
    const chain = imageStages(dockerfile, { SERVICE: name });
    expect(chain.map((s) => s.name)).toEqual(['runtime-base', `runtime-${name}`]);
    expect(chain[0]!.base).toBe('${NODE_IMAGE}');
    const instructions = instructionsOf(name);
    const user = instructions.filter((i) => i.keyword === 'USER').pop()?.args;
    expect(user).toBe('1000:1000');
    expect(instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args).toMatch(/\/healthz/);
    expect(instructions.filter((i) => i.keyword === 'CMD').pop()?.args).toBe('["node", "dist/main.js"]');
    // The config checks (deploy-env) assume the image's NODE_ENV.
    expect(instructions.find((i) => i.keyword === 'ENV')?.args).toContain('NODE_ENV=production');
    expect(workdir(chain)).toBe('/app');
    const copies = copiesFromStages(dockerfile, chain, { SERVICE: name });
    expect(copies[0]).toEqual({ from: 'build', sources: [`/repo/services/${name}/dist`], dest: '/app/dist', destIsDir: false });
    // Only notification serves static files; the other images carry the bundle alone.
    if (name !== 'notification') expect(copies).toHaveLength(1);
  });

  it('keeps dependencies, local data and secrets out of the build context', () => {
    const ignored = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '.data', '.tools', '.secrets', '.env', '.git']));
  });
});

describe('the notification image serves the dashboard and the API docs', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pulse-image-'));
  const app = path.join(tmp, 'app');
  let child: ChildProcess | undefined;
  let base = '';
  let vendor: string[] = [];

  beforeAll(async () => {
    // Node looks for node_modules in every parent of the bundle: none may exist above the image.
    for (let dir = path.dirname(tmp); ; dir = path.dirname(dir)) {
      expect({ dir, nodeModules: existsSync(path.join(dir, 'node_modules')) }).toEqual({ dir, nodeModules: false });
      if (dir === path.dirname(dir)) break;
    }

    const chain = imageStages(dockerfile, { SERVICE: 'notification' });
    // dist/ is the bundle the build stage makes; the probe bundle below stands in for it.
    const copies = copiesFromStages(dockerfile, chain, { SERVICE: 'notification' }).filter((c) => c.dest !== '/app/dist');
    materialize(copies, { sourceWorkdir: '/repo', sourceRoot: REPO_ROOT, imageRoot: tmp });

    // The routers exactly as services/notification/src/service.ts mounts them, bundled like main.ts.
    const serviceDir = path.join(REPO_ROOT, 'services', 'notification');
    const esbuild = createRequire(path.join(serviceDir, 'package.json'))('esbuild') as {
      buildSync(options: Record<string, unknown>): unknown;
    };
    esbuild.buildSync({
      stdin: {
        contents: `
          import express from 'express';
          import { dashboardRouter, vendorFiles } from '@pulse/dashboard';
          import { docsRouter } from '@pulse/openapi';
          const app = express();
          app.use('/dashboard', dashboardRouter());
          app.use(docsRouter({ spec: { openapi: '3.1.0' } }));
          const server = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port, vendor: Object.keys(vendorFiles()) })));
        `,
        resolveDir: serviceDir,
        sourcefile: 'probe.ts',
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      target: 'node20',
      outfile: path.join(app, 'dist', 'main.js'),
      sourcemap: true,
      external: ['pg-native'],
      logLevel: 'silent',
    });

    const started = spawn(process.execPath, ['dist/main.js'], { cwd: app, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let errors = '';
    started.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const ready = await new Promise<{ port: number; vendor: string[] }>((resolve, reject) => {
      started.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { port: number; vendor: string[] }));
      started.once('exit', (code) => reject(new Error(`the bundle exited (${code}) in the image layout: ${errors}`)));
    });
    base = `http://127.0.0.1:${ready.port}`;
    vendor = ready.vendor;
  }, 60_000);

  afterAll(() => {
    child?.kill();
    rmSync(tmp, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const response = await fetch(new URL(url, base), { redirect: 'manual' });
    await response.arrayBuffer();
    return { url, status: response.status };
  };
  // Every relative src/href of a page.
  const linksOf = (html: string): string[] => [...html.matchAll(/\s(?:src|href)="([^":]+)"/g)].map((m) => m[1]!);

  it('serves the dashboard page, everything it links and every file of its public directory', async () => {
    const page = await fetch(`${base}/dashboard/`);
    expect(page.status).toBe(200);
    const links = linksOf(await page.text()).map((l) => `/dashboard/${l}`);
    expect(links.length).toBeGreaterThan(2);
    const publicDir = path.join(REPO_ROOT, 'packages', 'dashboard', 'public');
    const files = (readdirSync(publicDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
      .filter((e) => e.isFile())
      .map((e) => path.relative(publicDir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      // public/vendor holds type declarations for tsc only (never served).
      .filter((f) => !f.startsWith('vendor/'))
      .map((f) => `/dashboard/${f}`);
    for (const url of [...links, ...files]) expect(await get(url)).toEqual({ url, status: 200 });
  });

  it('serves every vendor module the dashboard names', async () => {
    // The router's own list (preact, htm, uPlot), reported by the bundle.
    expect(vendor.length).toBeGreaterThanOrEqual(4);
    for (const name of vendor) expect(await get(`/dashboard/vendor/${name}`)).toEqual({ url: `/dashboard/vendor/${name}`, status: 200 });
  });

  it('serves the Swagger UI page, every file it links and the spec', async () => {
    const page = await fetch(`${base}/api/docs/`);
    expect(page.status).toBe(200);
    const links = linksOf(await page.text()).map((l) => `/api/docs/${l}`);
    expect(links).toEqual(expect.arrayContaining(['/api/docs/swagger-ui.css', '/api/docs/swagger-ui-bundle.js']));
    for (const url of [...links, '/api/openapi.json']) expect(await get(url)).toEqual({ url, status: 200 });
  });
});
