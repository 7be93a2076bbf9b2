import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, fromFile } from '@asyncapi/parser';
import { TOPICS, dlqTopicOf, eventSchemas } from '../src';

describe('AsyncAPI document', () => {
  it('is a valid AsyncAPI 3 document describing every topic and its DLQ', async () => {
    const parser = new Parser();
    const { document, diagnostics } = await fromFile(parser, path.join(__dirname, '..', 'asyncapi.yaml')).parse();
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document).toBeDefined();
    const addresses = document!.channels().all().map((c) => c.address());
    for (const topic of Object.values(TOPICS)) {
      expect(addresses).toContain(topic);
      expect(addresses).toContain(dlqTopicOf(topic));
    }
    // The parser lints with Spectral: ~1 s on a quiet machine, over 10 s on a loaded one.
  }, 60_000);

  it('points every payload at a schema file that exists', () => {
    const text = readFileSync(path.join(__dirname, '..', 'asyncapi.yaml'), 'utf8');
    const refs = [...text.matchAll(/\$ref: '\.\/(events\/[^']+)'/g)].map((m) => m[1]!);
    expect(refs).toHaveLength(Object.keys(eventSchemas).length);
    for (const ref of refs) expect(() => readFileSync(path.join(__dirname, '..', ref))).not.toThrow();
  });
});
