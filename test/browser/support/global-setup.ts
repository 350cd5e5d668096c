import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

/** Newest modification time under a folder (to know whether web/dist is older than its sources). */
function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/**
 * The browser suites need what the integration suites need (the project's Dovecot and SMTP
 * sink) plus Debian's Chromium (installed when missing) and the built UI (rebuilt when its
 * sources, or the shared calendar code, are newer than the build, and always in CI).
 */
export default async function browserGlobalSetup(): Promise<void> {
  execFileSync('bash', [path.join(ROOT, 'scripts/mail-server.sh'), 'start'], { stdio: 'inherit' });
  execFileSync('bash', [path.join(ROOT, 'scripts/smtp-sink.sh'), 'start'], { stdio: 'inherit' });
  execFileSync('bash', [path.join(ROOT, 'scripts/browser.sh'), 'ensure'], { stdio: 'inherit' });
  const built = path.join(ROOT, 'web/dist/index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'web/src')), newestMtime(path.join(ROOT, 'web/index.html')), newestMtime(path.join(ROOT, 'src/calendar')));
  if (process.env.CI || !fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
    // Jest sets NODE_ENV=test, which would give React's development build: test what ships.
    execFileSync('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
}
