/**
 * Backward compatibility of a JSON Schema change inside one version: every event valid under the
 * old schema must stay valid under the new one (new consumers read old events), and objects stay
 * open so old consumers keep reading new events. In practice: fields may be added as optional,
 * nothing may be removed, required, narrowed or closed. Returns one line per breaking change.
 */
type Schema = Record<string, unknown>;

export function breakingChanges(oldSchema: Schema, newSchema: Schema, path = '#'): string[] {
  const problems: string[] = [];
  const oldTypes = typesOf(oldSchema);
  const newTypes = typesOf(newSchema);
  if (newTypes && (!oldTypes || oldTypes.some((t) => !newTypes.includes(t) && !(t === 'integer' && newTypes.includes('number'))))) {
    problems.push(`${path}: type narrowed from ${oldTypes?.join('|') ?? 'any'} to ${newTypes.join('|')}`);
  }
  if ('const' in newSchema && JSON.stringify(newSchema.const) !== JSON.stringify(oldSchema.const)) {
    problems.push(`${path}: const changed to ${JSON.stringify(newSchema.const)}`);
  }
  if (Array.isArray(newSchema.enum)) {
    const allowed = new Set((newSchema.enum as unknown[]).map((v) => JSON.stringify(v)));
    const old = Array.isArray(oldSchema.enum) ? (oldSchema.enum as unknown[]) : undefined;
    if (!old) problems.push(`${path}: enum added`);
    else for (const value of old) if (!allowed.has(JSON.stringify(value))) problems.push(`${path}: enum value ${JSON.stringify(value)} removed`);
  }
  if (newSchema.format !== undefined && newSchema.format !== oldSchema.format) problems.push(`${path}: format changed to ${String(newSchema.format)}`);
  if (newSchema.pattern !== undefined && newSchema.pattern !== oldSchema.pattern) problems.push(`${path}: pattern changed`);
  for (const key of ['minLength', 'minimum', 'minItems'] as const) {
    if (num(newSchema[key]) > num(oldSchema[key], -Infinity)) problems.push(`${path}: ${key} raised to ${String(newSchema[key])}`);
  }
  for (const key of ['maxLength', 'maximum', 'maxItems'] as const) {
    if (num(newSchema[key], Infinity) < num(oldSchema[key], Infinity)) problems.push(`${path}: ${key} lowered to ${String(newSchema[key])}`);
  }
  if (newSchema.additionalProperties === false && oldSchema.additionalProperties !== false) {
    problems.push(`${path}: object closed (additionalProperties: false)`);
  }

  const oldRequired = new Set((oldSchema.required as string[] | undefined) ?? []);
  for (const name of (newSchema.required as string[] | undefined) ?? []) {
    if (!oldRequired.has(name)) problems.push(`${path}/${name}: became required`);
  }
  const oldProps = (oldSchema.properties ?? {}) as Record<string, Schema>;
  const newProps = (newSchema.properties ?? {}) as Record<string, Schema>;
  for (const [name, oldProp] of Object.entries(oldProps)) {
    const newProp = newProps[name];
    if (!newProp) problems.push(`${path}/${name}: removed`);
    else problems.push(...breakingChanges(oldProp, newProp, `${path}/${name}`));
  }
  if (isObjectSchema(oldSchema.items) && isObjectSchema(newSchema.items)) {
    problems.push(...breakingChanges(oldSchema.items, newSchema.items, `${path}[]`));
  }
  return problems;
}

function typesOf(schema: Schema): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  return undefined;
}

function num(value: unknown, fallback = -Infinity): number {
  return typeof value === 'number' ? value : fallback;
}

function isObjectSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
