/**
 * Helpers for the deployment tests: the tools scripts/tools.sh builds (helm, kubeconform,
 * compose-check, Kubernetes JSON schemas) and small wrappers that run them on temporary files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CHART_DIR = path.join(REPO_ROOT, 'helm', 'pulse');
export const RENDERED_FILE = path.join(REPO_ROOT, 'k8s', 'pulse.yaml');
/** Kinds kubeconform has no schema for here; validated against the CRD models instead. */
export const CUSTOM_KINDS = ['IngressRoute', 'Middleware', 'TraefikService', 'ServiceMonitor', 'PrometheusRule', 'KafkaTopic'];
/** Same arguments as scripts/render-k8s.sh. */
export const RENDER_ARGS = ['template', 'pulse', CHART_DIR, '--namespace', 'pulse', '--kube-version', '1.31.0'];

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Manifests are checked field by field in the tests; a full typing would add nothing there.
  spec?: any;
  data?: Record<string, string>;
}

let toolsDir: string | undefined;

/** Builds the tools once (slow the first time on a new machine: go install), returns .tools/. */
export function ensureTools(): string {
  toolsDir ??= execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return toolsDir;
}

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'pulse-deploy-'));

/** Runs a tool; returns status and both outputs (never throws on a non-zero exit). */
export function run(tool: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(path.join(ensureTools(), 'bin', tool), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** `helm template` with the render script's arguments plus `--set` values; throws on failure. */
export function helmTemplate(sets: string[] = []): string {
  const result = run('helm', [...RENDER_ARGS, ...sets.flatMap((s) => ['--set', s])]);
  if (result.status !== 0) throw new Error(`helm template ${sets.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => Boolean(o && typeof o === 'object' && o.kind));
}

/** kubeconform -strict over a manifest, with the generated schemas; custom kinds are skipped. */
export function kubeconform(manifest: string): { status: number; output: string } {
  const dir = tmp();
  const file = path.join(dir, 'manifest.yaml');
  writeFileSync(file, manifest);
  const schemas = path.join(ensureTools(), 'k8s-schemas', 'v0.37.0');
  const result = run('kubeconform', [
    '-strict',
    '-summary',
    '-schema-location',
    `${schemas}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
    '-skip',
    CUSTOM_KINDS.join(','),
    file,
  ]);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Validates Traefik and prometheus-operator resources against the @kubernetes-models CRD schemas. */
export function validateCustomResources(manifest: string): { checked: { kind: string; name: string }[]; errors: { kind: string; name: string; message: string }[] } {
  const dir = tmp();
  const file = path.join(dir, 'manifest.yaml');
  writeFileSync(file, manifest);
  const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'gateway', 'tools', 'validate-custom-resources.mjs'), file], {
    encoding: 'utf8',
    cwd: path.join(REPO_ROOT, 'gateway'),
  });
  return JSON.parse(out) as ReturnType<typeof validateCustomResources>;
}
