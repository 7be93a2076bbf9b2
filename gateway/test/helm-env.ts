/**
 * The environment a rendered container really gets — its ConfigMaps, plain values, Secret
 * references and `<NAME>_FILE`s in read-only Secret volumes — with the Secrets filled from the
 * files of gateway/tools/make-secrets.sh the way helm/pulse/README.md creates them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { K8sObject } from './deploy-tools';

/** `<Secret>/<key>` -> the make-secrets.sh file it is created from (helm/pulse/README.md). */
export const SECRET_FILES: Record<string, string> = {
  'pulse-database/url': 'database-url',
  'pulse-jwt/public.pem': 'jwt-public.pem',
  'pulse-jwt-signing/private.pem': 'jwt-private.pem',
  'pulse-social-credentials/keys': 'credentials-encryption-keys',
  'pulse-notification-webhooks/key': 'webhook-secret-key',
  'pulse-news-sources/key': 'source-credentials-key',
};

// Rendered pod specs are read field by field; a full typing would add nothing here.
type PodSpec = any;
type Container = any;

/** The Secret and key behind a file path of a container; throws unless it is a read-only Secret volume. */
export function secretMountOf(spec: PodSpec, container: Container, file: string): { secretName: string; key: string } {
  const mount = (container.volumeMounts ?? []).find((m: { mountPath: string }) => file.startsWith(`${m.mountPath}/`));
  if (!mount) throw new Error(`${container.name}: ${file} is on no volume mount`);
  if (mount.readOnly !== true) throw new Error(`${container.name}: ${mount.mountPath} is not mounted read-only`);
  const volume = (spec.volumes ?? []).find((v: { name: string }) => v.name === mount.name);
  if (!volume?.secret?.secretName) throw new Error(`${container.name}: volume ${mount.name} is not a Secret`);
  const relative = file.slice(mount.mountPath.length + 1);
  const items: { key: string; path: string }[] | undefined = volume.secret.items;
  const key = items ? items.find((i) => i.path === relative)?.key : relative;
  if (!key) throw new Error(`${container.name}: ${relative} is no item of Secret ${volume.secret.secretName}`);
  return { secretName: volume.secret.secretName, key };
}

function secretContent(secretsDir: string, secretName: string, key: string): string | undefined {
  const file = SECRET_FILES[`${secretName}/${key}`];
  return file === undefined ? undefined : readFileSync(path.join(secretsDir, file), 'utf8').trim();
}

/**
 * What the container's process sees in its environment; a `_FILE` variable points at the local
 * file holding the mounted Secret's content. A required Secret the README does not create throws.
 */
export function containerEnv(objects: K8sObject[], spec: PodSpec, container: Container, secretsDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
    if (!map) throw new Error(`${container.name}: envFrom names ConfigMap ${String(name)}, which the chart does not render`);
    Object.assign(env, map.data);
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref) {
      const value = secretContent(secretsDir, ref.name, ref.key);
      if (value === undefined && !ref.optional) throw new Error(`${container.name}: ${variable.name} reads Secret ${ref.name}/${ref.key}, which the README does not create`);
      if (value !== undefined) env[variable.name] = value;
    } else if (variable.name.endsWith('_FILE')) {
      const { secretName, key } = secretMountOf(spec, container, variable.value);
      const file = SECRET_FILES[`${secretName}/${key}`];
      if (!file) throw new Error(`${container.name}: ${variable.name} reads Secret ${secretName}/${key}, which the README does not create`);
      env[variable.name] = path.join(secretsDir, file);
    } else {
      env[variable.name] = String(variable.value);
    }
  }
  return env;
}
