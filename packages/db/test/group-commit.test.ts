import { GroupCommit, type JobOutcome } from '../src/group-commit';

/** A write the test finishes by hand, to hold a key "in flight". */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

describe('GroupCommit', () => {
  it('writes the jobs submitted while a write is in flight together, in order, up to the size cap', async () => {
    const groups: Array<{ key: string; jobs: number[][] }> = [];
    const first = deferred<void>();
    const commit = new GroupCommit<number[], number>({
      sizeOf: (job) => job.length,
      maxSize: 4,
      write: async (key, jobs) => {
        groups.push({ key, jobs });
        if (groups.length === 1) await first.promise;
        return jobs.map((job): JobOutcome<number> => ({ ok: true, value: job.reduce((a, b) => a + b, 0) }));
      },
    });
    const a = commit.submit('t1', [1]);
    const b = commit.submit('t1', [2, 3]);
    const c = commit.submit('t1', [4, 5]);
    const d = commit.submit('t1', [6]);
    const other = commit.submit('t2', [7]);
    first.resolve();
    expect(await Promise.all([a, b, c, d, other])).toEqual([1, 5, 9, 6, 7].map((value) => ({ ok: true, value })));
    // t1: [1] alone (in flight), then [2,3] + [4,5] (size 4), then [6]; t2 never waited for t1.
    expect(groups).toEqual([
      { key: 't1', jobs: [[1]] },
      { key: 't2', jobs: [[7]] },
      { key: 't1', jobs: [[2, 3], [4, 5]] },
      { key: 't1', jobs: [[6]] },
    ]);
  });

  it('fails every job of a group whose write throws, and goes on with the next group', async () => {
    const commit = new GroupCommit<string, string>({
      sizeOf: () => 1,
      maxSize: 10,
      write: async (_key, jobs) => {
        if (jobs.includes('bad')) throw new RangeError('broken batch');
        return jobs.map((job) => ({ ok: true, value: job.toUpperCase() }));
      },
    });
    const outcomes = await Promise.all([commit.submit('k', 'bad'), commit.submit('k', 'good')]);
    expect(outcomes[0]).toEqual({ ok: false, error: new RangeError('broken batch') });
    expect(outcomes[1]).toEqual({ ok: true, value: 'GOOD' });
  });

  it('with splitOnError writes a failed group again job by job: only the bad job fails', async () => {
    const first = deferred<void>();
    const writes: string[][] = [];
    const commit = new GroupCommit<string, string>({
      sizeOf: () => 1,
      maxSize: 10,
      splitOnError: true,
      write: async (_key, jobs) => {
        writes.push(jobs);
        if (writes.length === 1) await first.promise;
        if (jobs.includes('bad')) throw new RangeError('broken batch');
        return jobs.map((job) => ({ ok: true, value: job.toUpperCase() }));
      },
    });
    const held = commit.submit('k', 'first');
    const outcomes = Promise.all([commit.submit('k', 'good'), commit.submit('k', 'bad'), commit.submit('k', 'fine')]);
    first.resolve();
    expect(await held).toEqual({ ok: true, value: 'FIRST' });
    expect(await outcomes).toEqual([
      { ok: true, value: 'GOOD' }, { ok: false, error: new RangeError('broken batch') }, { ok: true, value: 'FINE' },
    ]);
    expect(writes).toEqual([['first'], ['good', 'bad', 'fine'], ['good'], ['bad'], ['fine']]);
  });
});
