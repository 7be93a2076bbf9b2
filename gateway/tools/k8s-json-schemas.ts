/**
 * Kubernetes JSON schemas for kubeconform, made offline from the OpenAPI (swagger 2) document of the
 * Kubernetes API that ships inside the k8s.io/cli-runtime Go module.
 *
 *   tsx gateway/tools/k8s-json-schemas.ts <swagger.json> <out dir>
 *
 * Writes one standalone, strict schema per kind in kubeconform's naming
 * (`deployment-apps-v1.json`, `service-v1.json`): the definitions it needs are embedded, objects
 * reject unknown fields (like `kubeconform -strict` against yannh/kubernetes-json-schema), and
 * IntOrString / Quantity accept numbers as well as strings, as the API server does.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Schema = Record<string, unknown>;
interface Gvk {
  group: string;
  version: string;
  kind: string;
}

const LOOSE_TYPES: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

/** Adds additionalProperties:false to every object with declared properties, recursively. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strict(v)])) : strict(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** Names of every definition reachable from `name` through $ref. */
function closure(name: string, definitions: Record<string, Schema>, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  const text = JSON.stringify(definitions[name] ?? {});
  for (const match of text.matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) closure(match[1]!, definitions, seen);
  return seen;
}

function fileName({ group, version, kind }: Gvk): string {
  const suffix = group ? `-${group.split('.')[0]!.toLowerCase()}-${version}` : `-${version}`;
  return `${kind.toLowerCase()}${suffix}.json`;
}

function main(): void {
  const [swaggerFile, outDir] = process.argv.slice(2);
  if (!swaggerFile || !outDir) {
    console.error('usage: k8s-json-schemas.ts <swagger.json> <out dir>');
    process.exitCode = 2;
    return;
  }
  const swagger = JSON.parse(readFileSync(swaggerFile, 'utf8')) as { definitions: Record<string, Schema> };
  const definitions: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(swagger.definitions)) definitions[name] = LOOSE_TYPES[name] ?? (strict(def) as Schema);
  mkdirSync(outDir, { recursive: true });
  let written = 0;
  for (const [name, def] of Object.entries(swagger.definitions)) {
    const gvks = (def['x-kubernetes-group-version-kind'] as Gvk[] | undefined) ?? [];
    if (gvks.length !== 1 || name.endsWith('List')) continue;
    const needed = [...closure(name, definitions)].filter((n) => n !== name);
    const schema: Schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      ...definitions[name],
      definitions: Object.fromEntries(needed.map((n) => [n, definitions[n]])),
    };
    writeFileSync(path.join(outDir, fileName(gvks[0]!)), JSON.stringify(schema));
    written += 1;
  }
  console.error(`[k8s-json-schemas] ${written} kinds written to ${outDir}`);
}

main();
