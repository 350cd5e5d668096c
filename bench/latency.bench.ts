/**
 * npm run bench:latency — new mail → committed ticket, one message at a time.
 * The service runs with its fall-back poll set to an hour, so only IMAP IDLE can
 * make this fast. Target: p95 < 2 s.
 */
import 'reflect-metadata';
import { deliverByLmtp, ensureMailServer, uniqueTestAccount } from '../test/support/mail-server';
import { sampleMail } from '../test/support/sample-mail';
import { connectTestDatabase, createTestDatabase } from '../test/support/test-database';
import { dropQueueKeys, startTestApp, testConfig, waitFor } from '../test/support/test-app';
import { IntakeSupervisor } from '../src/mail/intake/intake-supervisor.service';
import { percentile } from './statistics';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 200);

async function main(): Promise<void> {
  await ensureMailServer();
  const databaseUrl = await createTestDatabase('bench_latency');
  const db = await connectTestDatabase(databaseUrl);
  const planeacion = await uniqueTestAccount('lat-pt');
  const kpt = await uniqueTestAccount('lat-kpt');
  const config = testConfig(databaseUrl, { kpt, planeacion }, { IMAP_POLL_INTERVAL_SECONDS: '3600' });
  const app = await startTestApp(config);
  await waitFor(async () => app.get(IntakeSupervisor).status(), (s) => s.every((p) => p.state === 'connected'));
  await new Promise((resolve) => setTimeout(resolve, 500));

  const latencies: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const mail = sampleMail({ subject: `Prueba de latencia ${i}` });
    const started = process.hrtime.bigint();
    await deliverByLmtp(planeacion, mail.raw);
    const found = await waitFor(
      async () => (await db.query('SELECT 1 FROM articles WHERE message_id = $1', [mail.messageId])).rowCount,
      (n) => n === 1,
      30000,
      5,
    );
    if (found !== 1) throw new Error(`message ${i} not ingested within 30 s`);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  await app.close();
  await dropQueueKeys(config);
  await db.end();
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`new mail → ticket over ${COUNT} messages delivered one by one (LMTP → IDLE → commit):`);
  console.log(`  p50 ${percentile(sorted, 50).toFixed(0)} ms   p95 ${percentile(sorted, 95).toFixed(0)} ms   max ${sorted[sorted.length - 1].toFixed(0)} ms   (target p95 < 2000 ms)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
