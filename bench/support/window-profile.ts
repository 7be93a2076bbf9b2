// A V8 CPU profile of part of this process's life (the measured window, not boot or shutdown),
// through the inspector. For whole child processes use BENCH_CHILD_NODE_FLAGS="--cpu-prof ...".
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Starts profiling when `file` is given; the returned function stops and writes the .cpuprofile there (a no-op without a file). */
export async function startWindowProfile(file: string | undefined): Promise<() => Promise<void>> {
  if (file === undefined) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
