import express from 'express';
import request from 'supertest';
import { docsRouter } from '../src';

const spec = { openapi: '3.1.0', info: { title: 'Test', version: '1' }, paths: {} };
const app = express().use(docsRouter({ spec }));

describe('docsRouter', () => {
  it('serves the spec as JSON', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    expect(res.body).toEqual(spec);
  });

  it('serves the Swagger UI page, which loads the spec, under a CSP without inline scripts', async () => {
    await request(app).get('/api/docs').expect(301).expect('Location', '/api/docs/');
    const page = await request(app).get('/api/docs/').expect(200).expect('Content-Type', /html/);
    expect(page.text).toContain('data-spec-url="/api/openapi.json"');
    expect(page.text).not.toMatch(/<script>/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('serves the scripts the page references from swagger-ui-dist and our initializer', async () => {
    const page = await request(app).get('/api/docs/');
    const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['swagger-ui-bundle.js', 'swagger-initializer.js']);
    for (const script of scripts) await request(app).get(`/api/docs/${script}`).expect(200).expect('Content-Type', /javascript/);
    const init = await request(app).get('/api/docs/swagger-initializer.js');
    expect(init.text).toContain("getAttribute('data-spec-url')");
    await request(app).get('/api/docs/swagger-ui.css').expect(200).expect('Content-Type', /css/);
  });

  it('serves nothing else of the package', async () => {
    await request(app).get('/api/docs/package.json').expect(404);
    await request(app).get('/api/docs/..%2Fpackage.json').expect(404);
    await request(app).get('/api/docs/index.html').expect(404);
  });
});
