/**
 * `npm start` after the infrastructure is up (scripts/start.sh): local fakes (sample feeds, a
 * Mastodon sink), the five services, the dev gateway on one port, the demo tenant's data; then it
 * prints where to look. Ctrl-C stops everything: services gracefully, then the infrastructure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createTokenSigner } from '@pulse/auth';
import { startDevGateway, ROUTES_FILE } from '@pulse/gateway';
import { createDemoData } from './demo-data';
import { localKeyPair } from './keys';
import { startLocalFakes } from './local-fakes';
import { LOCAL_SERVICE_PORTS, startServiceProcess, stopServiceProcess, waitReady, type ServiceProcess } from './services';

const root = path.resolve(__dirname, '..', '..', '..');
const data = path.join(root, '.data');
const logs = path.join(data, 'logs');
const API_PORT = Number(process.env.PULSE_API_PORT ?? 8080);
// A new demo tenant per start: dedupe is per tenant, so the sample stories flow to posts again on
// every start instead of being recognised as already seen (PULSE_DEMO_TENANT pins one).
const DEMO_TENANT = process.env.PULSE_DEMO_TENANT ?? `demo-${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;

const log = (message: string) => console.log(`[pulse] ${message}`);

async function main(): Promise<void> {
  mkdirSync(logs, { recursive: true });
  const keys = localKeyPair(data);
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });

  const fakes = await startLocalFakes();
  log(`sample feeds on ${fakes.feeds.url}/feeds, Mastodon sink on ${fakes.mastodon.url}`);

  const env: NodeJS.ProcessEnv = {
    JWT_PUBLIC_KEY: keys.publicKeyPem,
    JWT_PRIVATE_KEY_FILE: keys.privateKeyPath,
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    // Loopback is refused by the SSRF guards unless allowed: the local fakes live there.
    FEED_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    PLATFORM_ALLOWED_HOSTS: '127.0.0.1',
    CREDENTIALS_ENCRYPTION_KEYS: process.env.CREDENTIALS_ENCRYPTION_KEYS ?? 'local:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
  };
  const services: ServiceProcess[] = [];
  let gateway: Awaited<ReturnType<typeof startDevGateway>> | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await gateway?.close().catch(() => undefined);
    await Promise.all(services.map((s) => stopServiceProcess(s)));
    await fakes.close().catch(() => undefined);
    if (process.env.PULSE_KEEP_INFRA === '1') {
      log('infrastructure left running (PULSE_KEEP_INFRA=1; `npm run infra -- down` stops it)');
    } else {
      log('stopping infrastructure…');
      spawnSync('bash', [path.join(root, 'scripts', 'infra.sh'), 'down'], { stdio: 'inherit' });
    }
    log('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const present = Object.entries(LOCAL_SERVICE_PORTS).filter(([name]) => existsSync(path.join(root, 'services', name, 'src', 'main.ts')));
    for (const [name, port] of present) {
      log(`starting ${name} on 127.0.0.1:${port} (log: .data/logs/${name}.log)`);
      const service = startServiceProcess(root, name, port, env, logs);
      service.child.on('exit', (code, signal) => {
        if (!stopping) log(`${name} exited (${signal ?? code}); see .data/logs/${name}.log`);
      });
      services.push(service);
    }
    await Promise.all(services.map(async (s) => { await waitReady(s.name, s.port, s.child); log(`${s.name} ready`); }));

    gateway = await startDevGateway({ routesFile: ROUTES_FILE, upstreams: Object.fromEntries(present.map(([n, p]) => [n, `http://127.0.0.1:${p}`])), port: API_PORT, host: '127.0.0.1' });
    const apiBase = `http://127.0.0.1:${gateway.port}/api/v1`;
    const token = await signer.sign({ sub: 'demo-operator', tenantId: DEMO_TENANT, scopes: ['admin'], ttlSeconds: 12 * 3600 });

    if (present.some(([n]) => n === 'news') && present.some(([n]) => n === 'social')) {
      await createDemoData({ apiBase, token, feeds: fakes.feedUrls, mastodonUrl: fakes.mastodon.url, mastodonToken: fakes.mastodon.token });
      log(`demo tenant "${DEMO_TENANT}": ${fakes.feedUrls.length} sample sources and a Mastodon sink channel`);
    }

    console.log(`
Pulse is running locally.

  API          ${apiBase}          (one port for every service, routes from gateway/traefik/dynamic/routes.yml)
  Dashboard    http://127.0.0.1:${gateway.port}/dashboard
  API docs     http://127.0.0.1:${gateway.port}/api/docs/   (merged OpenAPI 3.1: /api/openapi.json)
  Demo token   ${token}
               (tenant "${DEMO_TENANT}", scope admin, valid 12 h; more: npm run pulse -- token --tenant <id> --scopes <a,b>)
  Try          curl -H "Authorization: Bearer $TOKEN" ${apiBase}/articles
  Posts land   ${fakes.mastodon.url}/api/v1/timelines/public   (the local Mastodon sink)
  Kafka        ${process.env.KAFKA_BROKERS}    PostgreSQL ${process.env.DATABASE_URL}    Redis ${process.env.REDIS_URL}
  Logs         .data/logs/

Ctrl-C stops everything.`);
  } catch (error) {
    console.error(`[pulse] ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

void main();
