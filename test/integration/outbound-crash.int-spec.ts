import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loadAppConfig } from '../../src/config/app-config';
import { OUTBOUND_QUEUE, OutboundMailer } from '../../src/outbound/outbound-mailer.service';
import { ensureSmtpSink, receivedMessages, smtpSinkConfig, uniqueSinkRecipient } from '../support/smtp-sink';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { dropQueueKeys, startTestApp, testConfig, waitFor } from '../support/test-app';

/**
 * Outgoing mail survives a worker killed mid-batch and a Redis that loses every
 * job: PostgreSQL is the record, so each message reaches the SMTP server at least
 * once, and more than once only when a crash interrupted it after the claim (the
 * RFC 1047 window), which the row counts in crash_resends.
 */

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '../..');
const REDIS_SERVER = '/usr/bin/redis-server';
const FROM = 'planeacionterritorial@dnp.gov.co';

// ---------------------------------------------------------------- rows and sink

/**
 * Inserts COUNT outgoing rows, one made-up sink recipient each. When SLOW_MS(n) > 0,
 * message n's recipient carries `+slow<ms>`: the sink stores it, then waits that long
 * before answering 250, so a kill in between is the crash window.
 */
async function insertRows(db: Client, runId: string, recipientPrefix: string, count: number, slowMs: (n: number) => number): Promise<Array<{ id: string }>> {
  const keys: string[] = [];
  const messageIds: string[] = [];
  const recipients: string[] = [];
  for (let n = 1; n <= count; n++) {
    const slow = slowMs(n);
    keys.push(`prueba-caida:${runId}:${n}`);
    messageIds.push(`<mda-2024-000001.${runId}-${n}@dnp.gov.co>`);
    recipients.push(uniqueSinkRecipient(recipientPrefix, slow > 0 ? `+slow${slow}` : ''));
  }
  const result = await db.query(
    `INSERT INTO outgoing_messages (kind, source_key, message_id, from_address, to_addresses, subject, automatic, body_text)
     SELECT 'agent-reply', k, m, $4, ARRAY[r], 'RE: Solicitud de prueba [MDA-2024-000001] #' || ord, false,
            'Respuesta de prueba número ' || ord || E'.\\n\\nMesa de Ayuda - DNP'
     FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(k, m, r, ord)
     RETURNING id`,
    [keys, messageIds, recipients, FROM],
  );
  return result.rows.map((row) => ({ id: String(row.id) }));
}

interface SinkCopies {
  /** Message-ID → how many times the sink stored it (for this test's recipients only). */
  copies: Map<string, number>;
  /** Message-ID → the envelope recipient it was stored for. */
  recipientOf: Map<string, string>;
}

/** What the sink stored since SINCE for recipients that start with `t-<prefix>-`. */
async function sinkCopies(since: number, recipientPrefix: string): Promise<SinkCopies> {
  const start = `t-${recipientPrefix}-`;
  const copies = new Map<string, number>();
  const recipientOf = new Map<string, string>();
  for (const message of await receivedMessages({ since })) {
    const rcpt = message.envelope.rcptTo.find((r) => r.toLowerCase().startsWith(start));
    if (!rcpt) continue;
    const id = message.headers.messageId ?? '(sin Message-ID)';
    copies.set(id, (copies.get(id) ?? 0) + 1);
    recipientOf.set(id, rcpt.toLowerCase());
  }
  return { copies, recipientOf };
}

interface OutgoingState {
  message_id: string;
  status: string;
  crash_resends: number;
  to_address: string;
}

async function rowsOf(db: Client): Promise<OutgoingState[]> {
  const result = await db.query(`SELECT message_id, status, crash_resends, lower(to_addresses[1]) AS to_address FROM outgoing_messages ORDER BY id`);
  return result.rows;
}

/**
 * The delivery contract against what the sink stored: every row sent and received
 * at least once for its own recipient; a Message-ID received more than once only
 * for a row a crash interrupted, and never more often than 1 + crash_resends.
 */
function checkDelivery(rows: OutgoingState[], sink: SinkCopies): { duplicates: number; extraCopies: number } {
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  const missing = rows.filter((r) => !sink.copies.has(r.message_id)).map((r) => r.message_id);
  expect(missing).toEqual([]);
  const misaddressed = rows.filter((r) => sink.recipientOf.get(r.message_id) !== r.to_address).map((r) => r.message_id);
  expect(misaddressed).toEqual([]);
  const known = new Set(rows.map((r) => r.message_id));
  expect([...sink.copies.keys()].filter((id) => !known.has(id))).toEqual([]);
  const unexplained = rows
    .filter((r) => (sink.copies.get(r.message_id) ?? 0) > 1 + r.crash_resends)
    .map((r) => `${r.message_id}: ${sink.copies.get(r.message_id)} copias, crash_resends=${r.crash_resends}`);
  expect(unexplained).toEqual([]);
  const duplicated = rows.filter((r) => (sink.copies.get(r.message_id) ?? 0) > 1);
  return { duplicates: duplicated.length, extraCopies: duplicated.reduce((sum, r) => sum + sink.copies.get(r.message_id)! - 1, 0) };
}

/**
 * Waits until the killed worker's PostgreSQL sessions have ended: a statement it sent
 * just before SIGKILL (e.g. the UPDATE to 'sent') still runs and commits first.
 */
async function deadSessionsGone(db: Client): Promise<void> {
  const others = async () =>
    Number((await db.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows[0].count);
  expect(await waitFor(others, (n) => n === 0, 10_000, 20)).toBe(0);
}

const sentCount = async (db: Client): Promise<number> => Number((await db.query(`SELECT count(*) FROM outgoing_messages WHERE status = 'sent'`)).rows[0].count);

/** The production enqueue (same job id and options) without a worker: JOBS on, OUTBOUND off → queue only. */
function enqueuer(redisUrl: string, queuePrefix: string): OutboundMailer {
  const config = loadAppConfig({ REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix, OUTBOUND_ENABLED: 'false', JOBS_ENABLED: 'true' });
  // The data source is only used by the worker side, which this instance never starts.
  const mailer = new OutboundMailer(null as never, config);
  mailer.onApplicationBootstrap();
  return mailer;
}

// ---------------------------------------------------------------- processes

interface WorkerProcess {
  process: ChildProcess;
  /** Warnings and errors the worker logged (stdout), for diagnostics. */
  problems: string[];
}

/** The real worker entry point in its own process, so it can be killed with SIGKILL mid-batch. */
function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const problems: string[] = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (/\b(WARN|ERROR)\b/.test(line)) problems.push(line.replace(/\x1b\[[0-9;]*m/g, ''));
  });
  return { process: child, problems };
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** A loopback port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(reply.startsWith('+PONG')));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      socket.end();
    });
  });
}

/** A private, memory-only redis-server (the machine's Redis on 6379 is never touched). */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const up = await waitFor(() => answersPing(port), (ok) => ok || child.exitCode !== null, 10_000, 50);
  if (!up) throw new Error(`redis-server no respondió en el puerto ${port}`);
  return child;
}

// ---------------------------------------------------------------- tests

describe('outgoing mail after crashes', () => {
  const children: ChildProcess[] = [];
  const clients: Client[] = [];
  const mailers: OutboundMailer[] = [];
  const apps: INestApplication[] = [];
  const tmpDirs: string[] = [];

  beforeAll(async () => {
    await ensureSmtpSink();
  });

  /** Prefixes used on the machine's Redis (not the suite's own, stopped, instance). */
  const sharedRedisPrefixes: string[] = [];

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    for (const mailer of mailers) await mailer.onApplicationShutdown();
    for (const child of children) await kill(child);
    for (const client of clients) await client.end().catch(() => undefined);
    for (const dir of tmpDirs) await fs.rm(dir, { recursive: true, force: true });
    for (const queuePrefix of sharedRedisPrefixes) await dropQueueKeys({ queuePrefix });
  });

  it('sends a batch of 1,000 at least once, duplicates only in the crash window, with the worker SIGKILLed twice', async () => {
    const total = 1000;
    const runId = randomBytes(4).toString('hex');
    const recipientPrefix = `ocrash-kill-${runId}`;
    const databaseUrl = await createTestDatabase('outbound_crash_kill');
    const db = await connectTestDatabase(databaseUrl);
    clients.push(db);
    const queuePrefix = `ocrash-${runId}`;
    sharedRedisPrefixes.push(queuePrefix);
    const { host, port } = smtpSinkConfig();
    const env = {
      DATABASE_URL: databaseUrl,
      RUN_MIGRATIONS: 'false',
      INTAKE_ENABLED: 'false',
      QUEUE_PREFIX: queuePrefix,
      SMTP_HOST: host,
      SMTP_PORT: String(port),
      OUTBOUND_SWEEP_INTERVAL_SECONDS: '1',
      OUTBOUND_CONCURRENCY: '8',
      OUTBOUND_RETRY_BASE_MS: '200',
    };

    const since = Date.now() - 1000;
    // Every 10th recipient makes the sink wait 150 ms after storing: a kill then is the crash window.
    const rows = await insertRows(db, runId, recipientPrefix, total, (n) => (n % 10 === 0 ? 150 : 0));
    const mailer = enqueuer(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', queuePrefix);
    mailers.push(mailer);
    await mailer.enqueue(rows);

    const interrupted = new Set<string>();
    const workers: WorkerProcess[] = [];
    for (const threshold of [250, 550]) {
      const t0 = Date.now();
      const worker = startWorker(env);
      workers.push(worker);
      children.push(worker.process);
      const before = await sentCount(db);
      await waitFor(() => sentCount(db), (n) => n > before, 60_000, 20);
      const firstSend = Date.now() - t0;
      await waitFor(() => sentCount(db), (n) => n >= threshold, 120_000, 5);
      await kill(worker.process);
      await deadSessionsGone(db);
      const sending = await db.query(`SELECT message_id FROM outgoing_messages WHERE status = 'sending'`);
      for (const row of sending.rows) interrupted.add(row.message_id);
      console.log(`worker killed after ${Date.now() - t0} ms (first send after ${firstSend} ms): ${await sentCount(db)} sent, ${sending.rowCount} left in 'sending'`);
    }
    expect(await sentCount(db)).toBeLessThan(total);

    const t0 = Date.now();
    const last = startWorker(env);
    workers.push(last);
    children.push(last.process);
    expect(await waitFor(() => sentCount(db), (n) => n >= total, 150_000, 50)).toBe(total);
    console.log(`restarted worker finished the batch in ${Date.now() - t0} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await kill(last.process);

    const final = await rowsOf(db);
    const { duplicates, extraCopies } = checkDelivery(final, await sinkCopies(since, recipientPrefix));
    // Each row a kill left in 'sending' was claimed again and counted as a crash re-send.
    expect(interrupted.size).toBeGreaterThan(0);
    expect(final.filter((r) => interrupted.has(r.message_id) && r.crash_resends < 1).map((r) => r.message_id)).toEqual([]);
    const crashResends = final.reduce((sum, r) => sum + r.crash_resends, 0);
    const problems = workers.flatMap((w) => w.problems);
    console.log(
      `SIGKILL test: ${total} sent; ${interrupted.size} rows interrupted in 'sending', ${crashResends} crash re-sends; ` +
        `${duplicates} Message-IDs received twice or more (${extraCopies} extra copies), all within crash_resends; ` +
        `${problems.length} warnings logged by the workers${problems.length ? `, e.g. ${problems.slice(0, 3).join(' | ')}` : ''}`,
    );
  });

  it('sends a batch of 500 exactly once when Redis is killed mid-batch, comes back empty, and later replays old jobs', async () => {
    const total = 500;
    const runId = randomBytes(4).toString('hex');
    const recipientPrefix = `ocrash-redis-${runId}`;
    const databaseUrl = await createTestDatabase('outbound_crash_redis');
    const db = await connectTestDatabase(databaseUrl);
    clients.push(db);
    const redisPort = await freePort();
    const redisDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mesa-redis-'));
    tmpDirs.push(redisDir);
    let redis = await startRedis(redisPort, redisDir);
    children.push(redis);

    const { host, port } = smtpSinkConfig();
    const config = testConfig(
      databaseUrl,
      { kpt: 'sin-uso-kpt', planeacion: 'sin-uso-pt' },
      {
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        INTAKE_ENABLED: 'false',
        SMTP_HOST: host,
        SMTP_PORT: String(port),
        OUTBOUND_SWEEP_INTERVAL_SECONDS: '1',
        OUTBOUND_CONCURRENCY: '8',
        OUTBOUND_RETRY_BASE_MS: '200',
      },
    );
    const app = await startTestApp(config);
    apps.push(app);

    const since = Date.now() - 1000;
    // 40 ms per message in the sink keeps the batch going for ~2.5 s, long enough to pull Redis out from under it.
    const rows = await insertRows(db, runId, recipientPrefix, total, () => 40);
    await app.get(OutboundMailer).enqueue(rows);

    await waitFor(() => sentCount(db), (n) => n >= 100, 60_000, 5);
    await kill(redis);
    const atKill = await sentCount(db);
    // Jobs in flight finish against PostgreSQL and SMTP; the rest are gone with Redis.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const whileDown = await sentCount(db);
    expect(whileDown).toBeLessThan(total);
    redis = await startRedis(redisPort, redisDir);
    children.push(redis);
    const t0 = Date.now();
    expect(await waitFor(() => sentCount(db), (n) => n >= total, 90_000, 50)).toBe(total);
    console.log(`Redis killed at ${atKill} sent (${whileDown} once in-flight jobs finished); after the restart the sweeper's jobs sent the remaining ${total - whileDown} in ${Date.now() - t0} ms`);

    // A Redis restored from an older snapshot replays jobs of mail already sent: none may go out again.
    // Our own connection, with an error listener, ended here: a leftover client would keep
    // reconnecting to the private Redis after it is killed and fail a later suite.
    const connection = new Redis({ host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    const queue = new Queue(OUTBOUND_QUEUE, { connection, prefix: config.queuePrefix });
    queue.on('error', () => undefined);
    try {
      await app.get(OutboundMailer).enqueue(rows);
      const jobsLeft = async () => Object.values(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused')).reduce((a, b) => a + b, 0);
      expect(await waitFor(jobsLeft, (n) => n === 0, 30_000, 100)).toBe(0);
    } finally {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const final = await rowsOf(db);
    const { duplicates } = checkDelivery(final, await sinkCopies(since, recipientPrefix));
    // Redis losing jobs is not a crash of the sender: nothing may arrive twice.
    expect(final.filter((r) => r.crash_resends > 0).map((r) => r.message_id)).toEqual([]);
    expect(duplicates).toBe(0);
    console.log(`Redis test: ${total} sent, ${duplicates} duplicate Message-IDs`);
  });
});
