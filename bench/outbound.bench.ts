/**
 * npm run bench:outbound — outgoing mail throughput: queue → worker → local SMTP sink.
 *
 * For each OUTBOUND_CONCURRENCY in BENCH_CONCURRENCY (default 8,16,32):
 *  - raw limit: the same replies sent straight to the sink by a pooled nodemailer
 *    transport with that many connections, built first as the worker builds them
 *    (sendComposed), nothing else (no PostgreSQL, no BullMQ);
 *  - pipeline: N agent replies (draftAgentReply, stored with insertOutgoing) enqueued
 *    to the real service, measured from enqueue until every row is 'sent'.
 * Prints msg/s, p50/p95 queue-to-accept latency (sent_at − queued_at), where a
 * message's time goes (waiting in the queue vs. claimed → accepted; CPU per message of
 * this process, the sink, PostgreSQL and Redis, read from /proc), and checks that the
 * sink stored every Message-ID exactly once. Target: pipeline ≥ 500 msg/s.
 *
 * Environment: BENCH_MESSAGES (5000), BENCH_CONCURRENCY (8,16,32), BENCH_RAW_LIMIT=0 to
 * skip the raw limit, BENCH_KEEP_SINK_FILES=1 to keep what the sink stored.
 * Needs PostgreSQL and Redis (as the integration tests); starts the SMTP sink if needed.
 */
import 'reflect-metadata';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataSource } from 'typeorm';
import { OutboundMailer } from '../src/outbound/outbound-mailer.service';
import { draftAgentReply, OutgoingDraft, TicketForMail } from '../src/outbound/outgoing-draft';
import { insertOutgoing } from '../src/outbound/outgoing-store';
import { createPooledSmtpTransport, sendComposed } from '../src/outbound/send-composed';
import { ensureSmtpSink, receivedMessages, smtpSinkConfig, uniqueSinkRecipient } from '../test/support/smtp-sink';
import { connectTestDatabase, createTestDatabase } from '../test/support/test-database';
import { dropQueueKeys, startTestApp, testConfig, waitFor } from '../test/support/test-app';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 5000);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '8,16,32').split(',').map(Number);
/** BENCH_RAW_LIMIT=0 skips the raw-limit run (e.g. to profile only the pipeline). */
const RAW_LIMIT = process.env.BENCH_RAW_LIMIT !== '0';
const TARGET = 500;
const MUNICIPALITIES = ['San Juan de Pasto', 'Güicán de la Sierra', 'Tumaco', 'Cúcuta', 'Montería', 'Quibdó', 'Leticia', 'Riohacha', 'Ibagué', 'Tunja'];

type CpuGroup = 'app' | 'sink' | 'postgres' | 'redis' | 'other';

/** CPU seconds used so far per group of processes, from /proc (Linux); zeros elsewhere. */
async function cpuSnapshot(): Promise<Record<CpuGroup, number>> {
  const totals: Record<CpuGroup, number> = { app: 0, sink: 0, postgres: 0, redis: 0, other: 0 };
  const sinkPidFile = path.join(path.resolve(process.env.SMTP_SINK_DIR || path.resolve(__dirname, '../.var/smtp-sink')), 'smtp-sink.pid');
  const sinkPid = await fs.readFile(sinkPidFile, 'utf8').then((t) => t.trim(), () => '');
  const pids = await fs.readdir('/proc').catch(() => [] as string[]);
  for (const pid of pids.filter((p) => /^\d+$/.test(p))) {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted after the comm: indexes 11 and 12.
    const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
    const group: CpuGroup =
      pid === String(process.pid) ? 'app' : pid === sinkPid ? 'sink' : comm === 'postgres' ? 'postgres' : comm === 'redis-server' ? 'redis' : 'other';
    totals[group] += seconds;
  }
  return totals;
}

function cpuLine(before: Record<CpuGroup, number>, after: Record<CpuGroup, number>, wallSeconds: number): string {
  const used = (g: CpuGroup) => Math.max(0, after[g] - before[g]);
  const perMessage = (g: CpuGroup) => ((used(g) * 1000) / COUNT).toFixed(2);
  return (
    `CPU ms per message: this process ${perMessage('app')}, SMTP sink ${perMessage('sink')}, PostgreSQL ${perMessage('postgres')}, ` +
    `Redis ${perMessage('redis')}, other processes ${perMessage('other')}; machine busy ` +
    `${(((['app', 'sink', 'postgres', 'redis', 'other'] as CpuGroup[]).reduce((sum, g) => sum + used(g), 0) / (wallSeconds * os.cpus().length)) * 100).toFixed(0)} % of ${os.cpus().length} CPUs`
  );
}

/** N replies on 50 made-up tickets, each to its own sink recipient under PREFIX. */
function replies(prefix: string): OutgoingDraft[] {
  const drafts: OutgoingDraft[] = [];
  for (let i = 0; i < COUNT; i++) {
    const municipality = MUNICIPALITIES[i % MUNICIPALITIES.length];
    const number = String(1 + (i % 50)).padStart(6, '0');
    const ticket: TicketForMail = {
      id: '0',
      reference: `MDA-2024-${number}`,
      subject: `Solicitud de usuario SisPT - ${municipality}`,
      replyFrom: 'planeacionterritorial@dnp.gov.co',
      requesterAddress: uniqueSinkRecipient(prefix),
      requesterName: `Secretaría de Planeación de ${municipality}`,
      threadMessageIds: [`<original-${number}@alcaldia.gov.co>`],
    };
    const body =
      `Cordial saludo.\n\nEl usuario de SisPT para la Secretaría de Planeación de ${municipality} quedó creado; ` +
      'la contraseña temporal llegará en un correo aparte. Recuerde cambiarla en el primer ingreso.\n\n' +
      'Si el enlace no llega en una hora, revise la carpeta de correo no deseado antes de escribirnos de nuevo.';
    // Stored without a ticket row: the bench measures sending, not ticket bookkeeping.
    drafts.push({ ...draftAgentReply(ticket, { body, agentName: 'Laura Gómez', key: `${prefix}:${i}` }, []), ticketId: null });
  }
  return drafts;
}

/**
 * Checks that the sink stored each expected Message-ID exactly once for recipients
 * `t-<prefix>-…` since SINCE. Then removes those files (tens of thousands per run)
 * unless BENCH_KEEP_SINK_FILES=1: only this run's, found by its own prefix.
 */
async function checkExactlyOnce(since: number, prefix: string, expected: string[]): Promise<string> {
  const mine = (await receivedMessages({ since })).filter((m) => m.envelope.rcptTo.some((r) => r.toLowerCase().startsWith(`t-${prefix}-`)));
  const copies = new Map<string, number>();
  for (const message of mine) {
    const id = message.headers.messageId ?? '';
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  if (process.env.BENCH_KEEP_SINK_FILES !== '1') {
    for (const message of mine) {
      await fs.rm(message.file.replace(/\.eml$/, '.json'), { force: true });
      await fs.rm(message.file, { force: true });
    }
  }
  const lost = expected.filter((id) => !copies.has(id)).length;
  const doubled = expected.filter((id) => (copies.get(id) ?? 0) > 1).length;
  const strangers = [...copies.keys()].filter((id) => !expected.includes(id)).length;
  if (lost || doubled || strangers) throw new Error(`sink check failed: ${lost} lost, ${doubled} received more than once, ${strangers} unexpected`);
  return `all ${expected.length} received exactly once`;
}

/** The ceiling: what the sink takes from a pooled transport with CONCURRENCY connections, with nothing else in the way. */
async function rawLimit(concurrency: number): Promise<{ rate: number; cpu: string; check: string }> {
  const prefix = `bench-out-raw-${randomBytes(3).toString('hex')}`;
  const drafts = replies(prefix);
  const { host, port } = smtpSinkConfig();
  // The service's own transport (TCP_NODELAY socket), so the ceiling is not Nagle's 40 ms per message.
  const transport = createPooledSmtpTransport({ host, port, secure: false, user: null, password: null }, concurrency);
  const since = Date.now() - 1000;
  const cpuBefore = await cpuSnapshot();
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < drafts.length) {
        const d = drafts[next++];
        // Sent the way the worker sends (built first, then written whole), so the limit is comparable.
        await sendComposed(transport, { messageId: d.messageId, from: d.fromAddress, to: d.to, subject: d.subject, inReplyTo: d.inReplyTo ?? undefined, references: d.references, text: d.text, html: d.html });
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuLine(cpuBefore, await cpuSnapshot(), seconds);
  transport.close();
  return { rate: COUNT / seconds, cpu, check: await checkExactlyOnce(since, prefix, drafts.map((d) => d.messageId)) };
}

interface PipelineFigures {
  rate: number;
  enqueueMs: number;
  p50: number;
  p95: number;
  waitP50: number;
  sendP50: number;
  sendP95: number;
  attempts: number;
  cpu: string;
  check: string;
}

async function pipeline(concurrency: number): Promise<PipelineFigures> {
  const databaseUrl = await createTestDatabase(`bench_outbound_c${concurrency}`);
  const db = await connectTestDatabase(databaseUrl);
  const { host, port } = smtpSinkConfig();
  const config = testConfig(
    databaseUrl,
    // Intake is off: the mailbox accounts are never used.
    { kpt: 'sin-uso-kpt', planeacion: 'sin-uso-pt' },
    { INTAKE_ENABLED: 'false', SMTP_HOST: host, SMTP_PORT: String(port), OUTBOUND_CONCURRENCY: String(concurrency) },
  );
  const app = await startTestApp(config);
  try {
    const prefix = `bench-out-c${concurrency}-${randomBytes(3).toString('hex')}`;
    const drafts = replies(prefix);
    const dataSource = app.get(DataSource);
    const stored: Array<{ id: string }> = [];
    for (let i = 0; i < drafts.length; i += 1000) {
      stored.push(...(await dataSource.transaction((manager) => insertOutgoing(manager, drafts.slice(i, i + 1000)))));
    }
    if (stored.length !== COUNT) throw new Error(`stored ${stored.length} of ${COUNT}`);
    const since = Date.now() - 1000;
    // Counted through the partial index on pending rows, every 100 ms: the poll must not load PostgreSQL itself.
    const pending = async () => Number((await db.query(`SELECT count(*) FROM outgoing_messages WHERE status IN ('queued', 'sending')`)).rows[0].count);

    const cpuBefore = await cpuSnapshot();
    const started = process.hrtime.bigint();
    await app.get(OutboundMailer).enqueue(stored);
    const enqueueMs = Number(process.hrtime.bigint() - started) / 1e6;
    const left = await waitFor(pending, (n) => n === 0, 600000, 100);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuLine(cpuBefore, await cpuSnapshot(), seconds);
    const sent = Number((await db.query(`SELECT count(*) FROM outgoing_messages WHERE status = 'sent'`)).rows[0].count);
    if (left !== 0 || sent !== COUNT) throw new Error(`pipeline sent ${sent} of ${COUNT} (${left} still pending)`);

    const ms = (expr: string) => `extract(epoch FROM ${expr}) * 1000`;
    const { rows } = await db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms('sent_at - queued_at')}) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY ${ms('sent_at - queued_at')}) AS p95,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms('sending_started_at - queued_at')}) AS wait_p50,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms('sent_at - sending_started_at')}) AS send_p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY ${ms('sent_at - sending_started_at')}) AS send_p95,
              sum(attempts) AS attempts
       FROM outgoing_messages`,
    );
    const figures = rows[0];
    return {
      rate: COUNT / seconds,
      enqueueMs,
      p50: Number(figures.p50),
      p95: Number(figures.p95),
      waitP50: Number(figures.wait_p50),
      sendP50: Number(figures.send_p50),
      sendP95: Number(figures.send_p95),
      attempts: Number(figures.attempts),
      cpu,
      check: await checkExactlyOnce(since, prefix, drafts.map((d) => d.messageId)),
    };
  } finally {
    await app.close();
    await dropQueueKeys(config);
    await db.end();
  }
}

async function main(): Promise<void> {
  await ensureSmtpSink();
  console.log(`${COUNT} agent replies per run, SMTP sink on ${smtpSinkConfig().host}:${smtpSinkConfig().port}`);
  for (const concurrency of CONCURRENCIES) {
    const raw = RAW_LIMIT ? await rawLimit(concurrency) : null;
    const p = await pipeline(concurrency);
    console.log(`OUTBOUND_CONCURRENCY=${concurrency}`);
    if (raw) {
      console.log(`  raw limit (pooled nodemailer → sink, no DB/queue): ${raw.rate.toFixed(0)} msg/s; ${raw.check}`);
      console.log(`    ${raw.cpu}`);
    }
    const ofRaw = raw ? `${((p.rate / raw.rate) * 100).toFixed(0)} % of raw; ` : '';
    console.log(`  pipeline (enqueue → all 'sent'):                   ${p.rate.toFixed(0)} msg/s (${ofRaw}enqueue ${p.enqueueMs.toFixed(0)} ms; ${p.attempts} attempts) — target ≥ ${TARGET}`);
    console.log(`  queue-to-accept latency: p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms (all ${COUNT} queued at once)`);
    console.log(`  ${p.cpu}`);
    console.log(`  per message: waiting for a worker p50 ${p.waitP50.toFixed(0)} ms; claim → SMTP accepted p50 ${p.sendP50.toFixed(1)} ms, p95 ${p.sendP95.toFixed(1)} ms`);
    console.log(`  sink: ${p.check}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
