/** Where each Traefik service runs in the local run (`npm start`): the ports scripts/run-local.ts uses. */
import { ValidationError } from '@pulse/errors';

export const LOCAL_SERVICE_PORTS: Record<string, number> = { news: 4101, llm: 4102, social: 4103, analytics: 4104, notification: 4105 };

/**
 * Upstream URLs from `GATEWAY_UPSTREAMS` ("news=http://127.0.0.1:4101,llm=http://...") merged over
 * the local defaults, so a test or a developer can point one service elsewhere.
 */
export function localUpstreams(spec: string | undefined = process.env.GATEWAY_UPSTREAMS): Record<string, string> {
  const upstreams: Record<string, string> = Object.fromEntries(
    Object.entries(LOCAL_SERVICE_PORTS).map(([name, port]) => [name, `http://127.0.0.1:${port}`]),
  );
  for (const entry of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, url] = entry.split('=', 2);
    if (!name || !url || !/^https?:\/\//.test(url)) {
      throw new ValidationError('Invalid GATEWAY_UPSTREAMS', [`"${entry}" is not name=http://host:port`]);
    }
    upstreams[name] = url;
  }
  return upstreams;
}
