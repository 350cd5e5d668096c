import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { nextOpening } from '../../src/calendar/business-calendar';
import { holidaysOfYear } from '../../src/calendar/colombian-holidays';
import { AppConfig } from '../../src/config/app-config';
import { IntakeSupervisor } from '../../src/mail/intake/intake-supervisor.service';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { SLA_ALERTS_QUEUE, SlaAlertsService } from '../../src/sla/sla-alerts.service';
import { businessCalendarFrom } from '../../src/sla/sla-policy';
import { appendByImap, deliverByLmtp, ensureMailServer, uniqueTestAccount } from '../support/mail-server';
import { sampleMail } from '../support/sample-mail';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig, waitFor } from '../support/test-app';

jest.setTimeout(90000);

/** Today's and tomorrow's holidays (Bogotá), so a round-the-clock test calendar really is open now. */
function holidaysAroundNow(): string {
  const days = [0, 1].map((d) => new Date(Date.now() - 5 * 3600 * 1000 + d * 86400000).toISOString().slice(0, 10));
  return days.filter((day) => holidaysOfYear(Number(day.slice(0, 4))).some((h) => h.date === day)).join(',');
}

describe('SLA warnings and breaches with real Redis and PostgreSQL', () => {
  let db: Client;
  let databaseUrl: string;
  let app: INestApplication | null = null;

  const alerts = async (ticketId: string) =>
    (await db.query(`SELECT clock, point, due_at, fired_at, notify_at, detected_late FROM sla_alerts WHERE ticket_id = $1 ORDER BY clock, point`, [ticketId])).rows;
  const start = async (config: AppConfig) => {
    app = await startTestApp(config);
    await waitFor(async () => app!.get(IntakeSupervisor).status(), (s) => s.every((p) => p.state === 'connected'), 10000);
  };

  beforeAll(async () => {
    await ensureMailServer();
    databaseUrl = await createTestDatabase('sla');
    db = await connectTestDatabase(databaseUrl);
  });

  afterEach(async () => {
    await app?.close();
    app = null;
  });

  afterAll(async () => {
    await db?.end();
  });

  it('records a breach once, even with the worker restarted before it is due', async () => {
    const kpt = await uniqueTestAccount('sla-kpt');
    const planeacion = await uniqueTestAccount('sla-pt');
    // A round-the-clock calendar and a 18-second first-response target: the breach comes during the test.
    const config = testConfig(databaseUrl, { kpt, planeacion }, {
      BUSINESS_HOURS: '00:00-24:00',
      WORKING_WEEKDAYS: '0,1,2,3,4,5,6',
      CALENDAR_REMOVED_HOLIDAYS: holidaysAroundNow(),
      SLA_TARGETS: 'users=0.005/2,tech=0.005/2,formulation=0.005/2,unclassified=0.005/2',
    });
    await start(config);
    await deliverByLmtp(planeacion, sampleMail({ subject: 'Solicitud de usuario SisPT — ANS' }).raw);
    const ticket = await waitFor(
      async () => (await db.query(`SELECT id, sla_first_response_due, sla_version FROM tickets WHERE subject = 'Solicitud de usuario SisPT — ANS'`)).rows[0],
      (row) => row !== undefined,
      10000,
    );
    const due = new Date(ticket.sla_first_response_due).getTime();
    expect(due - Date.now()).toBeGreaterThan(8000);
    expect(ticket.sla_version).toBe(1);

    // One delayed job per ticket, at its earliest point, carrying the rest in order.
    const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    const queue = new Queue(SLA_ALERTS_QUEUE, { connection: redis, prefix: config.queuePrefix });
    try {
      const jobs = (await queue.getDelayed()).filter((job) => job.data.ticketId === String(ticket.id));
      expect(jobs).toHaveLength(1);
      const times = jobs[0].data.points.map((p: { at: string }) => new Date(p.at).getTime());
      expect(times.length).toBeGreaterThanOrEqual(2);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(jobs[0].data.points[0]).toMatchObject({ clock: 'firstResponse', point: 'warning' });
    } finally {
      await queue.close();
      redis.disconnect();
    }

    // The worker goes away before the warning and comes back: the delayed jobs wait in Redis.
    await app!.close();
    app = null;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await start(config);

    const rows = await waitFor(() => alerts(ticket.id), (r) => r.some((a) => a.point === 'breach'), Math.max(0, due - Date.now()) + 15000, 200);
    expect(rows.map((a) => [a.clock, a.point])).toEqual([
      ['firstResponse', 'breach'],
      ['firstResponse', 'warning'],
    ]);
    const breach = rows.find((a) => a.point === 'breach')!;
    expect(new Date(breach.due_at).getTime()).toBe(due);
    expect(new Date(breach.fired_at).getTime()).toBeGreaterThanOrEqual(due);
    // Round-the-clock calendar: working time now, so nobody is held back.
    expect(new Date(breach.notify_at).getTime()).toBe(new Date(breach.fired_at).getTime());
    const stored = (await db.query(`SELECT sla_first_response_met, sla_first_response_margin_minutes FROM tickets WHERE id = $1`, [ticket.id])).rows[0];
    expect(stored.sla_first_response_met).toBe(false);

    // A job that fires again, or the downtime sweep, records nothing twice.
    const service = app!.get(SlaAlertsService);
    const again = await service.record(
      { ticketId: String(ticket.id), version: 1, clock: 'firstResponse', point: 'breach', due: new Date(due).toISOString(), at: new Date(due).toISOString() },
      new Date(),
    );
    expect(again.outcome).toBe('already-recorded');
    expect(await service.sweepMissedBreaches()).toBe(0);
    expect((await alerts(ticket.id)).filter((a) => a.point === 'breach')).toHaveLength(1);
  });

  it('finds a breach missed while the service was down and holds its notification until the next opening', async () => {
    const kpt = await uniqueTestAccount('sla-kpt2');
    const planeacion = await uniqueTestAccount('sla-pt2');
    const config = testConfig(databaseUrl, { kpt, planeacion });
    // Received long ago (INTERNALDATE), never processed: every clock is past due when the service starts.
    await appendByImap(planeacion, 'INBOX', sampleMail({ subject: 'Error al cargar el Plan Plurianual — atrasado' }).raw, {
      internalDate: new Date('2024-01-16T09:00:00-05:00'),
    });
    await start(config);
    const ticket = await waitFor(
      async () => (await db.query(`SELECT id FROM tickets WHERE subject = 'Error al cargar el Plan Plurianual — atrasado'`)).rows[0],
      (row) => row !== undefined,
      10000,
    );
    const rows = await waitFor(() => alerts(ticket.id), (r) => r.filter((a) => a.point === 'breach').length === 3, 15000, 200);
    const breaches = rows.filter((a) => a.point === 'breach');
    expect(breaches.map((a) => a.clock)).toEqual(['firstResponse', 'legal', 'resolution']);
    const calendar = businessCalendarFrom(config);
    for (const breach of breaches) {
      expect(breach.detected_late).toBe(true);
      // Reported in working time only: at the next opening after it was found (the same instant when open).
      expect(new Date(breach.notify_at).getTime()).toBe(nextOpening(calendar, new Date(breach.fired_at)));
    }
  });

  it('schedules the alerts of deadlines that a changed policy moved while the service was down', async () => {
    const kpt = await uniqueTestAccount('sla-kpt3');
    const planeacion = await uniqueTestAccount('sla-pt3');
    const roundTheClock = { BUSINESS_HOURS: '00:00-24:00', WORKING_WEEKDAYS: '0,1,2,3,4,5,6', CALENDAR_REMOVED_HOLIDAYS: holidaysAroundNow() };
    // First run: 18-second targets and no job queue, so the ticket is stored past due with no alert recorded.
    const short = testConfig(databaseUrl, { kpt, planeacion }, { ...roundTheClock, JOBS_ENABLED: 'false', SLA_TARGETS: 'users=0.005/2,tech=0.005/2,formulation=0.005/2,unclassified=0.005/2' });
    await appendByImap(planeacion, 'INBOX', sampleMail({ subject: 'Solicitud de usuario SisPT — política cambiada' }).raw, {
      internalDate: new Date(Date.now() - 3600_000),
    });
    await start(short);
    const ticket = await waitFor(
      async () => (await db.query(`SELECT id, sla_version FROM tickets WHERE subject = 'Solicitud de usuario SisPT — política cambiada'`)).rows[0],
      (row) => row !== undefined,
      10000,
    );
    expect(ticket.sla_version).toBe(1);
    await app!.close();
    app = null;

    // Second run: long targets. The start-up sweep finds the old breach, the recompute moves it to the future.
    const long = testConfig(databaseUrl, { kpt, planeacion }, { ...roundTheClock, SLA_TARGETS: 'users=500/900,tech=500/900,formulation=500/900,unclassified=500/900' });
    await start(long);
    const redis = new IORedis(long.redisUrl, { maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    const queue = new Queue(SLA_ALERTS_QUEUE, { connection: redis, prefix: long.queuePrefix });
    try {
      const jobs = await waitFor(
        async () => (await queue.getDelayed()).filter((job) => job.data.ticketId === String(ticket.id)),
        (found) => found.length > 0,
        10000,
        100,
      );
      expect(jobs.map((job) => job.data.version)).toEqual([2]);
      expect(new Date(jobs[0].data.points[0].at).getTime()).toBeGreaterThan(Date.now());
      expect((await db.query(`SELECT sla_version FROM tickets WHERE id = $1`, [ticket.id])).rows[0].sla_version).toBe(2);
      expect((await alerts(ticket.id)).filter((a) => a.point === 'breach')).toHaveLength(0);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
