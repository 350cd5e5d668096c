/**
 * npm run bench:ingest — end-to-end intake throughput versus the raw limit.
 *
 * Appends N realistic messages (10 % with attachments) to a fresh Dovecot account, then:
 *  - raw limit: imapflow fetch + mailparser parse + batched insert of the raw rows, nothing else;
 *  - pipeline: the real service (poller, parse, threading, tickets, checkpoint) from start
 *    until every message is a committed ticket.
 * Prints both rates and their ratio. Target: pipeline ≥ 1,000 msg/s and ≥ 70 % of the raw limit.
 */
import 'reflect-metadata';
import { ImapFlow } from 'imapflow';
import { Client } from 'pg';
import { IntakeSupervisor } from '../src/mail/intake/intake-supervisor.service';
import { parseInboundMessage } from '../src/mail/parsing/parse-inbound-message';
import { appendManyByImap, ensureMailServer, mailServerConfig, uniqueTestAccount } from '../test/support/mail-server';
import { connectTestDatabase, createTestDatabase } from '../test/support/test-database';
import { startTestApp, testConfig, waitFor } from '../test/support/test-app';
import { realisticMail } from './realistic-mail';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 10000);
const BATCH = Number(process.env.BENCH_BATCH ?? 400);

async function rawLimit(account: string, databaseUrl: string): Promise<number> {
  const db = await connectTestDatabase(databaseUrl);
  await db.query(`CREATE TABLE bench_raw (uid bigint PRIMARY KEY, internal_date timestamptz, size integer, content bytea COMPRESSION lz4)`);
  const settings = mailServerConfig();
  const client = new ImapFlow({ host: settings.host, port: settings.imapPort, secure: false, auth: { user: account, pass: settings.password }, logger: false });
  client.on('error', () => undefined);
  const started = process.hrtime.bigint();
  await client.connect();
  let done = 0;
  try {
    await client.mailboxOpen('INBOX');
    const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    for (let i = 0; i < uids.length; i += BATCH) {
      const batch = uids.slice(i, i + BATCH);
      const messages = await client.fetchAll(batch.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
      for (const m of messages) await parseInboundMessage(m.source as Buffer);
      // The fastest batched form: one multi-row INSERT, each Buffer a binary parameter.
      const params: unknown[] = [];
      const rows = messages.map((m) => {
        params.push(m.uid, new Date(m.internalDate as Date).toISOString(), (m.source as Buffer).length, m.source);
        const n = params.length;
        return `($${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
      });
      await db.query(`INSERT INTO bench_raw VALUES ${rows.join(', ')}`, params);
      done += messages.length;
    }
  } finally {
    await client.logout();
    await db.end();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return done / seconds;
}

interface PipelineFigures {
  bootSeconds: number;
  rate: number;
  rateWithBoot: number;
}

async function pipeline(account: string, databaseUrl: string): Promise<PipelineFigures> {
  const db: Client = await connectTestDatabase(databaseUrl);
  const other = await uniqueTestAccount('bench-kpt');
  const config = testConfig(databaseUrl, { kpt: other, planeacion: account }, { INTAKE_BATCH_SIZE: String(BATCH), OUTBOUND_ENABLED: 'false' });
  const bootStarted = process.hrtime.bigint();
  const app = await startTestApp(config);
  // Boot (Nest, parser workers compiling under ts-node) is reported apart: it is paid once per process, not per message.
  const started = process.hrtime.bigint();
  // Progress is read from the pollers' own counters (bumped after each commit): polling count(*) on
  // articles every few milliseconds cost PostgreSQL a third of the run and slowed what it measures.
  const supervisor = app.get(IntakeSupervisor);
  const committed = async () => supervisor.status().reduce((sum, s) => sum + s.ingested, 0);
  await waitFor(committed, (n) => n >= COUNT, 600000, 5);
  const finished = process.hrtime.bigint();
  const status = supervisor.status();
  const final = Number((await db.query(`SELECT count(*) FROM articles WHERE direction = 'incoming'`)).rows[0].count);
  await app.close();
  await db.end();
  if (final !== COUNT) throw new Error(`pipeline stored ${final} of ${COUNT}`);
  if (!status.some((s) => s.ingested === COUNT)) throw new Error('poller count mismatch');
  return {
    bootSeconds: Number(started - bootStarted) / 1e9,
    rate: COUNT / (Number(finished - started) / 1e9),
    rateWithBoot: COUNT / (Number(finished - bootStarted) / 1e9),
  };
}

async function main(): Promise<void> {
  await ensureMailServer();
  const account = await uniqueTestAccount('bench-ingest');
  const mails = Array.from({ length: COUNT }, (_, i) => realisticMail(i));
  const bytes = mails.reduce((sum, m) => sum + m.length, 0);
  const appendStarted = Date.now();
  await appendManyByImap(account, 'INBOX', mails);
  console.log(`appended ${COUNT} messages (${(bytes / 1048576).toFixed(1)} MiB, ${COUNT / 10} with attachments) in ${((Date.now() - appendStarted) / 1000).toFixed(1)} s`);

  const rawRate = await rawLimit(account, await createTestDatabase('bench_raw'));
  console.log(`raw limit (fetch + parse + batched raw insert): ${rawRate.toFixed(0)} msg/s`);
  const figures = await pipeline(account, await createTestDatabase('bench_pipeline'));
  console.log(`pipeline (poller → committed tickets):         ${figures.rate.toFixed(0)} msg/s  (service boot ${figures.bootSeconds.toFixed(1)} s; ${figures.rateWithBoot.toFixed(0)} msg/s counting it)`);
  console.log(`ratio pipeline / raw limit: ${((figures.rate / rawRate) * 100).toFixed(1)} %  (targets: ≥ 1000 msg/s, ≥ 70 %)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
