import { readFileSync } from 'node:fs';
import { PermanentError } from '@pulse/errors';
import type { z } from 'zod';

type Env = Record<string, string | undefined>;

/**
 * Parses the environment once against `schema` and returns the typed, frozen result.
 *
 * Any variable may instead be given as `<NAME>_FILE` pointing at a file (Kubernetes Secret
 * volumes, Docker secrets); its trimmed content is used. Empty values count as unset so that
 * `FOO=` falls back to the default. On failure the PermanentError names every bad or missing
 * variable at once, so an operator fixes the deployment in one round instead of one per restart.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): Readonly<z.output<S>> {
  const problems: string[] = [];
  const input: Env = {};
  for (const name of Object.keys(schema.shape)) {
    const resolved = resolveVariable(name, env);
    if ('problem' in resolved) problems.push(resolved.problem);
    else if (resolved.value !== undefined) input[name] = resolved.value;
  }

  const result = schema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path.length > 0 ? issue.path.join('.') : '(config)';
      if (problems.some((p) => p.startsWith(`${name}_FILE:`))) continue; // already explained
      problems.push(`${name}: ${describeIssue(issue, input)}`);
    }
  }
  if (problems.length > 0) {
    throw new PermanentError(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`, {
      code: 'invalid-config',
      details: { errors: problems },
    });
  }
  return Object.freeze(result.data as z.output<S>);
}

function resolveVariable(name: string, env: Env): { value: string | undefined } | { problem: string } {
  const direct = blankToUndefined(env[name]);
  const file = blankToUndefined(env[`${name}_FILE`]);
  if (file === undefined) return { value: direct };
  if (direct !== undefined) return { problem: `${name}_FILE: set either ${name} or ${name}_FILE, not both` };
  try {
    return { value: blankToUndefined(readFileSync(file, 'utf8').trim()) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { problem: `${name}_FILE: cannot read ${file} (${code})` };
  }
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

// Reasons never echo the value: it may be a secret.
function describeIssue(issue: z.core.$ZodIssue, input: Env): string {
  const first = issue.path[0];
  if (issue.code === 'invalid_type' && typeof first === 'string' && input[first] === undefined) return 'is required';
  const note = 'note' in issue && typeof issue.note === 'string' ? ` (${issue.note})` : '';
  return `${issue.message}${note}`;
}
