/**
 * The API commands against the real system: five services behind the dev gateway (tests/e2e's
 * in-process pipeline), the CLI minting its token with the run's operator key like an operator would.
 */
import { startPipelineSystem, type PipelineSystem } from '@pulse/e2e';
import { uniqueName } from '@pulse/testing';
import { runCli } from '../src';

let system: PipelineSystem;
let tenant: string;

beforeAll(async () => {
  system = await startPipelineSystem();
  tenant = uniqueName('cli-tenant');
}, 180_000);

afterAll(async () => {
  await system?.stop();
}, 60_000);

async function pulse(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { JWT_PRIVATE_KEY: system.keys.privateKeyPem, PULSE_API_URL: system.gatewayUrl };
  const code = await runCli(['node', 'pulse', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; }, env });
  return { code, out, err };
}

const servicesSpec = () => Object.entries(system.services).map(([name, service]) => `${name}=http://127.0.0.1:${service.port}`).join(',');

describe('pulse API commands', () => {
  let sourceId: string;

  it('adds a source and lists it with its health', async () => {
    const added = await pulse('sources', 'add', system.feed.urlFor(system.feedPath), '--niche', 'technology', '--title', 'CLI feed', '--tenant', tenant);
    expect(added).toMatchObject({ code: 0, err: '' });
    sourceId = /added ([0-9a-f-]{36})/.exec(added.out)![1]!;

    const listed = await pulse('sources', 'list', '--tenant', tenant);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^ID\s+NICHE\s+STATUS/);
    expect(listed.out).toContain(sourceId);
    expect(listed.out).toContain('technology');
  });

  it('fetches every source now and prints what each brought', async () => {
    const fetched = await pulse('fetch-now', '--all', '--tenant', tenant);
    expect(fetched).toMatchObject({ code: 0, err: '' });
    const row = fetched.out.split('\n').find((line) => line.startsWith(sourceId))!;
    expect(row.split(/\s+/).slice(1, 3)).toEqual(['fetched', String(system.feedItems.length)]);
  });

  it('reports every service ready and the counts of the last hour', async () => {
    const status = await pulse('status', '--tenant', tenant, '--services', servicesSpec(), '--json');
    expect(status).toMatchObject({ code: 0, err: '' });
    const { services, overview } = JSON.parse(status.out) as { services: Array<{ name: string; ready: boolean }>; overview: { lastHour: { articles: number } } };
    expect(services.map((s) => [s.name, s.ready]).sort()).toEqual([['analytics', true], ['llm', true], ['news', true], ['notification', true], ['social', true]]);
    expect(typeof overview.lastHour.articles).toBe('number');
  });

  it('exits 1 naming a service that does not answer', async () => {
    const status = await pulse('status', '--tenant', tenant, '--services', `${servicesSpec()},ghost=http://127.0.0.1:1`);
    expect(status.code).toBe(1);
    expect(status.out).toMatch(/ghost\s+NO/);
    expect(status.err).toContain('not ready: ghost');
  });

  it('explains a problem answer and exits 1', async () => {
    const refused = await pulse('sources', 'add', 'not a url', '--niche', 'technology', '--tenant', tenant);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/400 Bad Request: The request is invalid\n\s+body\.url: /);
    const missing = await pulse('sources', 'remove', '00000000-0000-4000-8000-000000000000', '--tenant', tenant);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/ 404 Not Found/);
  });

  it('removes a source', async () => {
    expect((await pulse('sources', 'remove', sourceId, '--tenant', tenant)).code).toBe(0);
    expect((await pulse('sources', 'list', '--tenant', tenant)).out).not.toContain(sourceId);
  });

  it('says how to authenticate when it has no credentials', async () => {
    let err = '';
    const code = await runCli(['node', 'pulse', 'sources', 'list'], { out: () => undefined, err: (t) => { err += t; }, env: { PULSE_API_URL: system.gatewayUrl } });
    expect(code).toBe(1);
    expect(err).toContain('--token');
  });
});
