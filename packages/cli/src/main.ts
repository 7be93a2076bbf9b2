import { runCli } from './program';

runCli(process.argv, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env })
  .then((code) => { process.exitCode = code; })
  .catch((error: unknown) => {
    process.stderr.write(`pulse: ${String(error)}\n`);
    process.exit(1);
  });
