import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SERVICE_NAMES, type ServiceName } from '@pulse/e2e';
import { serviceBundleArgs } from '@pulse/testing';

const run = promisify(execFile);

/**
 * Each service bundled into one file with esbuild, the way its `build` script and the Docker image
 * do (`node dist/main.js` in production), but into the suite's data directory. Started from the
 * bundle, a service loads its code with a quarter of the CPU that tsx needs to transform and
 * resolve its sources file by file: on a busy 2-core machine a restart after kill -9 took ~40 s
 * under tsx, most of it loading code, and every second of it is backlog the pipeline must drain.
 */
export async function bundleService(root: string, name: ServiceName, outDir: string): Promise<string> {
  const serviceDir = path.join(root, 'services', name);
  const outfile = path.join(outDir, name, 'main.js');
  mkdirSync(path.dirname(outfile), { recursive: true });
  // The services' `build` script (package.json), with another output file.
  await run(path.join(serviceDir, 'node_modules', '.bin', 'esbuild'), [...serviceBundleArgs('src/main.ts', outfile), '--log-level=error'], { cwd: serviceDir, timeout: 300_000 });
  return outfile;
}

/** Bundles all five side by side (esbuild is quick; the run does it once, while its servers start). */
export async function bundleServices(root: string, outDir: string): Promise<Record<ServiceName, string>> {
  const files = await Promise.all(SERVICE_NAMES.map(async (name) => [name, await bundleService(root, name, outDir)] as const));
  return Object.fromEntries(files) as Record<ServiceName, string>;
}

/**
 * Runs a bundle as a child process in its own process group (kill -9 reaches all of it), output
 * appended to `<logs>/<name>.log`. The service's directory is its working directory, as with tsx.
 * NODE_PATH: the dashboard and API docs pages (notification) resolve their packages' files at
 * runtime from the module's location, which is the bundle's here; the image copies them beside it.
 */
export function startBundle(root: string, name: ServiceName, bundle: string, port: number, env: Record<string, string>, logs: string): ChildProcess {
  const out = createWriteStream(path.join(logs, `${name}.log`), { flags: 'a' });
  const nodePath = ['dashboard', 'openapi'].map((pkg) => path.join(root, 'packages', pkg, 'node_modules')).join(path.delimiter);
  const child = spawn(process.execPath, [bundle], {
    cwd: path.join(root, 'services', name),
    env: { ...process.env, ...env, PORT: String(port), SERVICE_NAME: name, NODE_PATH: nodePath },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return child;
}
