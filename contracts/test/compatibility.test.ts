import { readFileSync } from 'node:fs';
import path from 'node:path';
import { breakingChanges, eventSchemas } from '../src';

const baseline = (topic: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '..', 'events', 'baselines', `${topic}.v1.json`), 'utf8'));

describe('schema evolution inside a version', () => {
  it.each(Object.keys(eventSchemas))('keeps %s v1 backward compatible with its released baseline', (topic) => {
    const current = eventSchemas[topic as keyof typeof eventSchemas][1];
    expect(breakingChanges(baseline(topic), current as never)).toEqual([]);
  });

  const base = {
    type: 'object',
    required: ['a'],
    properties: { a: { type: 'string', maxLength: 10 }, b: { type: 'string', enum: ['x', 'y'] }, n: { type: 'integer' } },
  };

  it('allows adding an optional field and widening', () => {
    const next = { ...base, properties: { ...base.properties, c: { type: 'number' }, a: { type: 'string', maxLength: 20 }, n: { type: 'number' } } };
    expect(breakingChanges(base, next)).toEqual([]);
  });

  it.each([
    ['a new required field', { ...base, required: ['a', 'c'], properties: { ...base.properties, c: { type: 'string' } } }, '#/c: became required'],
    ['a removed field', { ...base, properties: { a: base.properties.a, n: base.properties.n } }, '#/b: removed'],
    ['a changed type', { ...base, properties: { ...base.properties, a: { type: 'integer' } } }, '#/a: type narrowed from string to integer'],
    ['a lowered maxLength', { ...base, properties: { ...base.properties, a: { type: 'string', maxLength: 5 } } }, '#/a: maxLength lowered to 5'],
    ['a removed enum value', { ...base, properties: { ...base.properties, b: { type: 'string', enum: ['x'] } } }, '#/b: enum value "y" removed'],
    ['a closed object', { ...base, additionalProperties: false }, '#: object closed (additionalProperties: false)'],
  ])('reports %s as breaking', (_name, next, expected) => {
    expect(breakingChanges(base, next as never)).toContain(expected);
  });
});
