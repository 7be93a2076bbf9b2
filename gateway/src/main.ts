/**
 * `pnpm --filter @pulse/gateway start`: the dev gateway on GATEWAY_PORT (default 8080), routing to
 * the local services (see local-upstreams.ts; override with GATEWAY_UPSTREAMS).
 */
import { describeError } from '@pulse/errors';
import { startDevGateway } from './dev-gateway';
import { localUpstreams } from './local-upstreams';
import { ROUTES_FILE } from './paths';

async function main(): Promise<void> {
  const port = Number(process.env.GATEWAY_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`GATEWAY_PORT must be a port number, got ${process.env.GATEWAY_PORT}`);
  const gateway = await startDevGateway({ routesFile: process.env.GATEWAY_ROUTES_FILE ?? ROUTES_FILE, upstreams: localUpstreams(), port });
  console.log(JSON.stringify({ level: 'info', service: 'gateway', message: `dev gateway listening on http://127.0.0.1:${gateway.port}`, routes: gateway.routes.map((r) => r.router) }));
  const stop = (): void => void gateway.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'error', service: 'gateway', message: describeError(error), errors: (error as { errors?: unknown }).errors }));
  process.exit(1);
});
