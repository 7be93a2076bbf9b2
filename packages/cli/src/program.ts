import { Command } from 'commander';
import { describeError } from '@pulse/errors';
import { dlqCommand } from './commands/dlq.command';
import { fetchNowCommand } from './commands/fetch-now.command';
import { sourcesCommand } from './commands/sources.command';
import { statusCommand } from './commands/status.command';
import { tokenCommand } from './commands/token.command';

/** Where the CLI writes and what environment it reads; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** The `pulse` command tree. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('pulse')
    .description('Pulse operator CLI')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  program.addCommand(dlqCommand(io));
  program.addCommand(tokenCommand(io));
  program.addCommand(statusCommand(io));
  program.addCommand(sourcesCommand(io));
  program.addCommand(fetchNowCommand(io));
  // addCommand does not pass these settings down: a subcommand's usage error must not exit the process.
  const inherit = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    command.commands.forEach(inherit);
  };
  program.commands.forEach(inherit);
  return program;
}

/** Runs the CLI with `argv` (as process.argv) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv);
    return 0;
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) return (error as { exitCode: number }).exitCode;
    io.err(`pulse: ${describeError(error)}\n`);
    const details = (error as { errors?: unknown }).errors;
    if (Array.isArray(details)) for (const d of details) io.err(`  ${String(d)}\n`);
    return 1;
  }
}
