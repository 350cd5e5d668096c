/**
 * npm run bench:ingest — end-to-end intake throughput versus the raw limit.
 *
 * Appends N realistic messages (10 % with attachments) to a fresh Dovecot account, then:
 *  - raw limit: imapflow fetch + mailparser parse (its simpleParser, as the issue defines it) + batched
 *    insert of the raw rows, nothing else;
 *  - raw limit with the service's parser: the same, parsing with parseInboundMessage (mailparser plus
 *    the charset repair, header decoding and HTML sanitizing the intake must do). Printed for reference:
 *    it shows how much of the gap is parsing that the plain baseline leaves out;
 *  - pipeline: the real service (poller, parse, threading, tickets, checkpoint) from start
 *    until every message is a committed ticket.
 * Prints both rates and their ratio. Target: pipeline ≥ 1,000 msg/s and ≥ 70 % of the raw limit.
 *
 * The two are measured in turn BENCH_ROUNDS times (3 by default) on the same appended mail, each
 * pipeline round into a fresh database, and the medians are the result: on a shared 2-core machine a
 * single pair swings by ±20 % with the neighbours' load, which no code change here can hide or cause.
 * Machine CPU per message (this process, all its threads) is printed beside each rate, because
 * it moves much less than the rate does.
 */
import 'reflect-metadata';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { Client } from 'pg';
import { IntakeSupervisor } from '../src/mail/intake/intake-supervisor.service';
import { parseInboundMessage } from '../src/mail/parsing/parse-inbound-message';
import { appendManyByImap, ensureMailServer, mailServerConfig, uniqueTestAccount } from '../test/support/mail-server';
import { connectTestDatabase, createTestDatabase } from '../test/support/test-database';
import { dropQueueKeys, startTestApp, testConfig, waitFor } from '../test/support/test-app';
import { realisticMail } from './realistic-mail';
import { median } from './statistics';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 10000);
const BATCH = Number(process.env.BENCH_BATCH ?? 400);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

interface Measured {
  rate: number;
  /** This process's CPU (all threads) per message, ms. */
  cpuMs: number;
}

type RawParse = (source: Buffer) => Promise<unknown>;

const plainMailparser: RawParse = (source) => simpleParser(source);
const serviceParser: RawParse = (source) => parseInboundMessage(source);

async function rawLimit(account: string, databaseUrl: string, parse: RawParse): Promise<Measured> {
  const db = await connectTestDatabase(databaseUrl);
  await db.query(`CREATE TABLE bench_raw (uid bigint PRIMARY KEY, internal_date timestamptz, size integer, content bytea COMPRESSION lz4)`);
  const settings = mailServerConfig();
  const client = new ImapFlow({ host: settings.host, port: settings.imapPort, secure: false, auth: { user: account, pass: settings.password }, logger: false });
  client.on('error', () => undefined);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  await client.connect();
  let done = 0;
  try {
    await client.mailboxOpen('INBOX');
    const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
    for (let i = 0; i < uids.length; i += BATCH) {
      const batch = uids.slice(i, i + BATCH);
      const messages = await client.fetchAll(batch.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
      for (const m of messages) await parse(m.source as Buffer);
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
  return { rate: done / seconds, cpuMs: cpuMsPerMessage(cpuBefore, done) };
}

/** One round: the two raw limits and the pipeline, measured in turn on the same mail. */
interface Round {
  raw: Measured;
  serviceRaw: Measured;
  pipeline: PipelineFigures;
}

/** Pipeline over the raw limit as issue 3 defines it. */
function ratio(round: Round): number {
  return round.pipeline.rate / round.raw.rate;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

function cpuMsPerMessage(before: NodeJS.CpuUsage, messages: number): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / messages;
}

interface PipelineFigures extends Measured {
  bootSeconds: number;
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
  const cpuBefore = process.cpuUsage();
  // Progress is read from the pollers' own counters (bumped after each commit): polling count(*) on
  // articles every few milliseconds cost PostgreSQL a third of the run and slowed what it measures.
  const supervisor = app.get(IntakeSupervisor);
  const committed = async () => supervisor.status().reduce((sum, s) => sum + s.ingested, 0);
  await waitFor(committed, (n) => n >= COUNT, 600000, 5);
  const finished = process.hrtime.bigint();
  const cpuMs = cpuMsPerMessage(cpuBefore, COUNT);
  const status = supervisor.status();
  const final = Number((await db.query(`SELECT count(*) FROM articles WHERE direction = 'incoming'`)).rows[0].count);
  await app.close();
  await dropQueueKeys(config);
  await db.end();
  if (final !== COUNT) throw new Error(`pipeline stored ${final} of ${COUNT}`);
  if (!status.some((s) => s.ingested === COUNT)) throw new Error('poller count mismatch');
  return {
    bootSeconds: Number(started - bootStarted) / 1e9,
    rate: COUNT / (Number(finished - started) / 1e9),
    cpuMs,
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

  const rounds: Round[] = [];
  const figure = (m: Measured): string => `${m.rate.toFixed(0)} msg/s (${m.cpuMs.toFixed(2)} ms CPU/msg)`;
  for (let n = 1; n <= ROUNDS; n++) {
    const raw = await rawLimit(account, await createTestDatabase('bench_raw'), plainMailparser);
    const serviceRaw = await rawLimit(account, await createTestDatabase('bench_raw'), serviceParser);
    const figures = await pipeline(account, await createTestDatabase('bench_pipeline'));
    const round: Round = { raw, serviceRaw, pipeline: figures };
    rounds.push(round);
    console.log(
      `round ${n}/${ROUNDS}: raw limit ${figure(raw)}, with the service's parser ${figure(serviceRaw)}, ` +
        `pipeline ${figures.rate.toFixed(0)} msg/s (${figures.cpuMs.toFixed(2)} ms CPU/msg in this process, service boot ${figures.bootSeconds.toFixed(1)} s; ` +
        `${figures.rateWithBoot.toFixed(0)} msg/s counting it), ratio ${percent(ratio(round))}`,
    );
  }
  const medianOf = (pick: (round: Round) => number): number => median(rounds.map(pick));
  console.log(`raw limit (fetch + mailparser + batched raw insert):   ${medianOf((r) => r.raw.rate).toFixed(0)} msg/s  (median of ${ROUNDS})`);
  console.log(`  the same with the service's parser (for reference): ${medianOf((r) => r.serviceRaw.rate).toFixed(0)} msg/s`);
  console.log(`pipeline (poller → committed tickets):                 ${medianOf((r) => r.pipeline.rate).toFixed(0)} msg/s  (median of ${ROUNDS})`);
  console.log(`ratio pipeline / raw limit: ${percent(medianOf(ratio))}  (median of the rounds' ratios; targets: ≥ 1000 msg/s, ≥ 70 %)`);
  console.log(`  against the raw limit with the service's parser: ${percent(medianOf((r) => r.pipeline.rate / r.serviceRaw.rate))}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
