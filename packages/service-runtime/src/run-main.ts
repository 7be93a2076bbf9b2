import type { z } from 'zod';
import type { CommonEnv } from '@pulse/config';
import { migrateService } from './migrate-service';
import type { ServiceDefinition } from './service-definition';
import { startService } from './start-service';

/**
 * What a service's main.ts does with its command line: `migrate` applies migrations and resolves
 * with 0; no argument runs the service until a signal, then `exit` gets the shutdown's code.
 * main.ts owns the process and passes `process.exit`.
 */
export function runMain<S extends z.ZodType<CommonEnv>>(
  definition: ServiceDefinition<S>,
  argv: string[],
  exit: (code: number) => void,
): void {
  const command = argv[2];
  if (command === 'migrate') {
    migrateService(definition).then(() => exit(0), () => exit(1));
    return;
  }
  if (command !== undefined) {
    console.error(`usage: main [migrate]  (unknown command "${command}")`);
    exit(2);
    return;
  }
  startService(definition, { onExit: exit }).catch(() => exit(1));
}
