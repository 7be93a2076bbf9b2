// CPU time as the benchmarks count it: user + system, in ms, for this process or another one.
import { readdirSync, readFileSync } from 'node:fs';

/** A process.cpuUsage() reading or difference, in ms. */
export function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** This process's CPU since `start` (an earlier process.cpuUsage()), in ms. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  return cpuMs(process.cpuUsage(start));
}

/** Clock ticks per second of /proc/<pid>/stat's utime/stime (USER_HZ: 100 on Linux everywhere). */
const USER_HZ = 100;

/** Command name and CPU so far (utime + stime, in ms) of process `pid`; undefined once it is gone. */
export function processCpu(pid: number): { name: string; cpuMs: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (name) state ...": the name may hold spaces and parentheses, hence the last ')'.
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' '); // from the 3rd field (state) on: utime is the 14th, stime the 15th
  return { name: stat.slice(stat.indexOf('(') + 1, close), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ };
}

/** CPU so far (ms) of every live process on the machine, summed by command name (java, postgres, ...). */
export function cpuByCommand(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = processCpu(Number(entry));
    if (cpu) totals.set(cpu.name, (totals.get(cpu.name) ?? 0) + cpu.cpuMs);
  }
  return totals;
}
