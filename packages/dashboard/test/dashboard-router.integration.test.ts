import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { dashboardRouter } from '../src';

describe('dashboardRouter', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use('/dashboard', dashboardRouter());
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dashboard`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves the page under a policy that allows only its own origin', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https:|data:/);
    expect(await response.text()).toContain('<script type="module" src="js/main.js">');
  });

  it('redirects /dashboard to /dashboard/ so the page finds its relative files', async () => {
    const response = await fetch(`${base}?x=1`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/dashboard/?x=1');
  });

  it('serves the vendor modules from their npm packages as JavaScript', async () => {
    for (const file of ['preact.mjs', 'htm.mjs', 'uPlot.esm.js']) {
      const response = await fetch(`${base}/vendor/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      expect(await response.text()).toMatch(/export/);
    }
    expect((await fetch(`${base}/vendor/uPlot.min.css`)).headers.get('content-type')).toMatch(/text\/css/);
  });

  it('answers 404 for any other vendor file, the type declarations included', async () => {
    for (const path of ['/vendor/preact.d.mts', '/vendor/package.json', '/vendor/..%2F..%2Fpackage.json', '/vendor/README.md']) {
      expect((await fetch(`${base}${path}`)).status).toBe(404);
    }
  });
});
