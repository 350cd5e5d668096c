import { execFileSync } from 'child_process';
import * as path from 'path';

/**
 * Integration suites run against real servers. PostgreSQL and Redis are started
 * by the machine; the project's own Dovecot (installed if missing) and SMTP sink
 * (scripts/smtp-sink.sh) are started here.
 */
export default async function globalSetup(): Promise<void> {
  const script = path.resolve(__dirname, '../../scripts/mail-server.sh');
  execFileSync('bash', [script, 'start'], { stdio: 'inherit' });
  execFileSync('bash', [path.resolve(__dirname, '../../scripts/smtp-sink.sh'), 'start'], { stdio: 'inherit' });
}
