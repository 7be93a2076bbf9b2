import { runCli } from '../src';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env } };
}

describe('pulse CLI', () => {
  it('refuses to talk to Kafka without KAFKA_BROKERS and names the variable', async () => {
    const { err, io: cliIo } = io();
    expect(await runCli(['node', 'pulse', 'dlq', 'list', 'news.fetched'], cliIo)).toBe(1);
    expect(err.join('')).toContain('KAFKA_BROKERS');
  });

  it('rejects a limit that is not a positive integer', async () => {
    const { err, io: cliIo } = io({ KAFKA_BROKERS: '127.0.0.1:1' });
    expect(await runCli(['node', 'pulse', 'dlq', 'list', 'news.fetched', '--limit', '0'], cliIo)).not.toBe(0);
    expect(err.join('')).toContain('--limit must be a positive integer');
  });

  it('lists the dlq commands in its help', async () => {
    const { out, io: cliIo } = io();
    expect(await runCli(['node', 'pulse', 'dlq', '--help'], cliIo)).toBe(0);
    expect(out.join('')).toMatch(/list \[options\] <topic>[\s\S]*replay \[options\] <topic>/);
  });
});
