// One service as its own process, as services/<name>/src/main.ts runs it (runMain: config from the
// environment, SIGTERM handling), except that its PostgreSQL schema is BENCH_SERVICE_SCHEMA: a
// benchmark must not write into the schemas `npm start` uses. Usage: tsx stack-service.main.ts <name>.
import { runMain } from '@pulse/service-runtime';

const loaders: Record<string, () => Promise<Record<string, unknown>>> = {
  news: () => import('@pulse/news/src/service'),
  llm: () => import('@pulse/llm/src/service'),
  social: () => import('@pulse/social/src/service'),
  analytics: () => import('@pulse/analytics/src/service'),
  notification: () => import('@pulse/notification/src/service'),
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const schema = process.env.BENCH_SERVICE_SCHEMA;
  const load = loaders[name];
  if (!load || !schema) throw new Error(`usage: BENCH_SERVICE_SCHEMA=<schema> tsx stack-service.main.ts <${Object.keys(loaders).join('|')}>`);
  const definition = (await load())[`${name}Service`] as Parameters<typeof runMain>[0];
  runMain({ ...definition, name: schema }, [process.argv[0]!, process.argv[1]!], (code) => process.exit(code));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
