/**
 * The local run behind `npm start`: starts every service that has a `src/main.ts` as a child
 * process with the local infrastructure's settings, waits for each `/readyz`, prints where to look,
 * and on Ctrl-C stops the services (SIGTERM, graceful) and then the infrastructure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, createWriteStream } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const logs = path.join(root, '.data', 'logs');
mkdirSync(logs, { recursive: true });

/** Service name -> local port. Ports are fixed so the dev gateway and docs can name them. */
const SERVICES: Record<string, number> = { news: 4101, llm: 4102, social: 4103, analytics: 4104, notification: 4105 };

const children: { name: string; child: ChildProcess }[] = [];

async function waitReady(name: string, port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`${name} was not ready within ${timeoutMs / 1000}s (see .data/logs/${name}.log)`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function startService(name: string, port: number): void {
  const dir = path.join(root, 'services', name);
  const out = createWriteStream(path.join(logs, `${name}.log`), { flags: 'a' });
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), SERVICE_NAME: name, NODE_ENV: process.env.NODE_ENV ?? 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[pulse] ${name} exited (${signal ?? code}); see .data/logs/${name}.log`);
  });
  children.push({ name, child });
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\n[pulse] stopping services…');
  await Promise.all(children.map(({ child }) => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  })));
  console.log('[pulse] stopping infrastructure…');
  spawnSync('bash', [path.join(root, 'scripts', 'infra.sh'), 'down'], { stdio: 'inherit' });
  console.log('[pulse] stopped.');
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));

  const present = Object.entries(SERVICES).filter(([name]) => existsSync(path.join(root, 'services', name, 'src', 'main.ts')));
  for (const [name, port] of present) {
    console.log(`[pulse] starting ${name} on 127.0.0.1:${port}`);
    startService(name, port);
  }
  await Promise.all(present.map(([name, port]) => waitReady(name, port).then(() => console.log(`[pulse] ${name} ready`))));

  console.log('');
  console.log('[pulse] Pulse is running locally.');
  console.log(`  Kafka       ${process.env.KAFKA_BROKERS}`);
  console.log(`  PostgreSQL  ${process.env.DATABASE_URL}`);
  console.log(`  Redis       ${process.env.REDIS_URL}`);
  for (const [name, port] of present) console.log(`  ${name.padEnd(11)} http://127.0.0.1:${port}  (/healthz /readyz /metrics)`);
  if (present.length === 0) console.log('  (no services yet: infrastructure only)');
  console.log(`  logs        ${path.relative(process.cwd(), logs)}/`);
  console.log('[pulse] Ctrl-C stops everything.');
  await new Promise(() => undefined);
}

main().catch(async (error: unknown) => {
  console.error(`[pulse] ${error instanceof Error ? error.message : String(error)}`);
  await stop();
  process.exitCode = 1;
});
