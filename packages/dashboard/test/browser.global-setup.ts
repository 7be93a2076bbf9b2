import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Installs Debian's chromium when missing (scripts/browser.sh); CI machines start without it. */
export default function installBrowser(): void {
  const script = join(__dirname, '..', '..', '..', 'scripts', 'browser.sh');
  const path = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 15 * 60_000 }).trim();
  process.env.PULSE_CHROMIUM = path;
}
