import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { Client } from 'pg';
import { appendManyByImap, ensureMailServer, uniqueTestAccount } from '../support/mail-server';
import { sampleMail } from '../support/sample-mail';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { dropQueueKeys, waitFor } from '../support/test-app';

jest.setTimeout(240000);

const ROOT = path.resolve(__dirname, '../..');

/** The real worker entry point in its own process, so it can be killed with SIGKILL mid-batch. */
function startWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function kill(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGKILL');
  await exited;
}

describe('intake after the process is killed mid-batch', () => {
  let db: Client;
  const workers: ChildProcess[] = [];

  const queuePrefix = `crash-${Date.now()}`;

  afterAll(async () => {
    for (const worker of workers) await kill(worker);
    await db?.end();
    // The killed workers' SLA alert jobs stay in Redis otherwise.
    await dropQueueKeys({ queuePrefix });
  });

  it('ends with every message exactly once after repeated SIGKILLs', async () => {
    await ensureMailServer();
    const databaseUrl = await createTestDatabase('intake_crash');
    db = await connectTestDatabase(databaseUrl);
    const kpt = await uniqueTestAccount('crash-kpt');
    const planeacion = await uniqueTestAccount('crash-pt');
    const total = 800;
    const mails = Array.from({ length: total }, (_, i) => sampleMail({ subject: `Solicitud número ${i + 1}`, withAttachment: i % 10 === 0 }));
    await appendManyByImap(planeacion, 'INBOX', mails.map((m) => m.raw));
    const env = {
      DATABASE_URL: databaseUrl,
      RUN_MIGRATIONS: 'false',
      INTAKE_BATCH_SIZE: '20',
      IMAP_POLL_INTERVAL_SECONDS: '1',
      MAILBOX_KPT_IMAP_USER: kpt,
      MAILBOX_PLANEACION_IMAP_USER: planeacion,
      MAILBOX_PLANEACION_AFTER_INTAKE: 'seen',
      // Intake is under test here; outgoing mail has its own crash test.
      OUTBOUND_ENABLED: 'false',
      QUEUE_PREFIX: queuePrefix,
    };
    const articles = async () => Number((await db.query(`SELECT count(*) FROM articles WHERE direction = 'incoming'`)).rows[0].count);

    // Kill it three times while it is committing, at growing progress.
    for (const threshold of [100, 300, 500]) {
      const t0 = Date.now();
      const worker = startWorker(env);
      workers.push(worker);
      await waitFor(articles, (n) => n >= threshold, 120000, 5);
      await kill(worker);
      console.log(`killed at ${await articles()} articles after ${Date.now() - t0} ms`);
      // Whatever was committed is whole: every stored raw message has its article and vice versa.
      const orphans = await db.query(
        `SELECT (SELECT count(*) FROM raw_messages WHERE article_id IS NULL) AS raw_without_article,
                (SELECT count(*) FROM articles a WHERE a.direction = 'incoming' AND NOT EXISTS (SELECT 1 FROM article_receipts r WHERE r.article_id = a.id)) AS article_without_receipt`,
      );
      expect(orphans.rows[0]).toEqual({ raw_without_article: '0', article_without_receipt: '0' });
    }
    expect(await articles()).toBeLessThan(total);

    const worker = startWorker(env);
    workers.push(worker);
    expect(await waitFor(articles, (n) => n >= total, 120000)).toBe(total);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await kill(worker);

    const summary = await db.query(
      `SELECT (SELECT count(*) FROM articles WHERE direction = 'incoming') AS articles,
              (SELECT count(DISTINCT message_id) FROM articles WHERE direction = 'incoming') AS distinct_ids,
              (SELECT count(*) FROM tickets) AS tickets,
              (SELECT count(DISTINCT reference) FROM tickets) AS refs,
              (SELECT count(*) FROM raw_messages) AS raw,
              (SELECT count(DISTINCT uid) FROM raw_messages) AS distinct_uids,
              (SELECT count(*) FROM raw_messages WHERE post_action_pending) AS pending,
              (SELECT max(last_uid) FROM mailbox_checkpoints WHERE mailbox_address = 'planeacionterritorial@dnp.gov.co') AS last_uid`,
    );
    expect(summary.rows[0]).toEqual({
      articles: String(total),
      distinct_ids: String(total),
      tickets: String(total),
      refs: String(total),
      raw: String(total),
      distinct_uids: String(total),
      pending: '0',
      last_uid: String(total),
    });
    const subjects = await db.query(`SELECT subject FROM articles WHERE direction = 'incoming'`);
    const expected = new Set(mails.map((_, i) => `Solicitud número ${i + 1}`));
    expect(new Set(subjects.rows.map((r) => r.subject))).toEqual(expected);
  });
});
