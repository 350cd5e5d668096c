import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import type { AdminCalendarView, AdminMailboxesView, ReplyTemplateView, RoutingRuleRow, RoutingRulesView } from '../../src/admin/admin.views';
import { bogotaYear } from '../../src/common/time/bogota-time';
import { signIn, TestSession } from '../support/auth-session';
import { deliverByLmtp, uniqueTestAccount } from '../support/mail-server';
import { sampleMail } from '../support/sample-mail';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';
import { startTestApp, testConfig, waitFor } from '../support/test-app';

jest.setTimeout(120000);

const K = 'kpt@dnp.gov.co';
const P = 'planeacionterritorial@dnp.gov.co';
const IMAP_PASSWORD = 'clave-imap-que-no-debe-salir';
const ADMIN_ROUTES = ['/api/admin/mailboxes', '/api/admin/calendar?year=2024', '/api/admin/routing-rules'];
const HOUR = 3600_000;

describe('admin pages and reply templates', () => {
  let app: INestApplication;
  let db: Client;
  let agent: TestSession;
  let supervisor: TestSession;
  let admin: TestSession;
  let sequence = 0;

  /** A ticket as routing left it: its category and the rule that decided (null: left unclassified). */
  async function routedTicket(category: string, matchedRule: string | null, extra: { rulesVersion?: string | null } = {}): Promise<string> {
    const reference = `MDA-2024-${String(++sequence).padStart(6, '0')}`;
    await db.query(
      `INSERT INTO tickets (reference, subject, status, mailbox_address, queue_mailbox, reply_from, category, matched_rule, routing_rules_version, received_at)
       VALUES ($1, 'Asunto', 'new', $2, $2, $2, $3, $4, $5, '2024-03-04T09:00:00-05:00')`,
      [reference, P, category, matchedRule, extra.rulesVersion === undefined ? '2024.01.0' : extra.rulesVersion],
    );
    return reference;
  }

  /** What an agent does in the UI: PATCH the category with the version on screen. */
  async function recategorize(reference: string, category: string): Promise<void> {
    const { version } = (await agent.get(`/api/tickets/${reference}`).expect(200)).body as { version: number };
    await agent.patch(`/api/tickets/${reference}/category`).send({ category, version, reason: 'prueba' }).expect(200);
  }

  const rowOf = (view: RoutingRulesView, id: string | null, kind: RoutingRuleRow['kind'] = 'rule'): RoutingRuleRow => {
    const row = view.rules.find((r) => r.id === id && r.kind === kind);
    if (!row) throw new Error(`no está la fila ${kind} ${String(id)}`);
    return row;
  };

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('admin');
    db = await connectTestDatabase(databaseUrl);
    app = await startTestApp(
      testConfig(
        databaseUrl,
        { kpt: 'admin-unused-kpt', planeacion: 'admin-unused-pt' },
        {
          INTAKE_ENABLED: 'false',
          JOBS_ENABLED: 'false',
          OUTBOUND_ENABLED: 'false',
          MAILBOX_KPT_IMAP_PASSWORD: IMAP_PASSWORD,
          MAILBOX_PLANEACION_IMAP_PASSWORD: IMAP_PASSWORD,
          MAILBOX_PLANEACION_AFTER_INTAKE: 'move',
          MAILBOX_PLANEACION_MOVE_TO: 'Procesados',
          CALENDAR_REMOVED_HOLIDAYS: '2024-03-25',
          CALENDAR_EXTRA_CLOSED_DAYS: '2024-12-24',
          SLA_TARGETS_KPT: 'formulation=16/80',
        },
      ),
    );
    agent = await signIn(app, 'agent');
    supervisor = await signIn(app, 'supervisor');
    admin = await signIn(app, 'admin');
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  describe('who may read what', () => {
    it('asks for a session on every new route', async () => {
      for (const url of [...ADMIN_ROUTES, '/api/reply-templates']) {
        const response = await request(app.getHttpServer()).get(url).expect(401);
        expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      }
    });

    it('refuses the admin pages to an agent and opens them to supervisors and admins', async () => {
      for (const url of ADMIN_ROUTES) {
        const refused = await agent.get(url).expect(403);
        expect(refused.body).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: 'No tiene permiso para esta acción.' });
        await supervisor.get(url).expect(200);
        await admin.get(url).expect(200);
      }
    });

    it('lets supervisors read the account list but still not create accounts', async () => {
      const list = await supervisor.get('/api/users').expect(200);
      expect((list.body as Array<{ email: string }>).map((u) => u.email)).toEqual(expect.arrayContaining([agent.actor.email, supervisor.actor.email, admin.actor.email]));
      expect(JSON.stringify(list.body)).not.toMatch(/password/i);
      await agent.get('/api/users').expect(403);
      await supervisor.post('/api/users').send({ email: 'nuevo@dnp.gov.co', name: 'Nuevo', role: 'agent', password: 'una-clave-larga-123' }).expect(403);
    });
  });

  describe('GET /api/admin/mailboxes', () => {
    beforeAll(async () => {
      await db.query(
        `INSERT INTO mailbox_checkpoints (mailbox_address, folder, uid_validity, last_uid, updated_at)
         VALUES ($1, 'INBOX', 4294967295, 42, '2024-03-04T09:30:00-05:00'), ($1, 'Archivo', 7, 3, now())`,
        [P],
      );
      const raw = async (mailbox: string, uid: number, hoursAgo: number) =>
        db.query(
          `INSERT INTO raw_messages (mailbox_address, folder, uid_validity, uid, size, sha256, content, fetched_at)
           VALUES ($1, 'INBOX', 4294967295, $2, 3, 'x', 'abc', $3)`,
          [mailbox, uid, new Date(Date.now() - hoursAgo * HOUR)],
        );
      await raw(P, 40, 1);
      await raw(P, 41, 23);
      await raw(P, 42, 25);
      await raw(K, 1, 72);
    });

    it('lists both mailboxes with their settings, never the password', async () => {
      const response = await supervisor.get('/api/admin/mailboxes').expect(200);
      expect(response.text).not.toContain(IMAP_PASSWORD);
      const body = response.body as AdminMailboxesView;
      expect(body).toMatchObject({ intakeRunsInThisProcess: false, pollIntervalSeconds: 3600, cutoverAt: '2024-02-01T00:00:00-05:00' });
      expect(body.mailboxes.map((m) => [m.key, m.address, m.enabled])).toEqual([
        ['kpt', K, true],
        ['planeacion', P, true],
      ]);
      expect(body.mailboxes[1]).toMatchObject({
        imap: { host: '127.0.0.1', port: 1143, tls: false, user: 'admin-unused-pt', folder: 'INBOX' },
        afterIntake: { action: 'move', moveTo: 'Procesados' },
      });
      expect(Object.keys(body.mailboxes[1].imap).sort()).toEqual(['folder', 'host', 'port', 'tls', 'user']);
    });

    it('says kpt@ is no longer attended after the cutover, and planeacion@ is', async () => {
      const body = (await supervisor.get('/api/admin/mailboxes').expect(200)).body as AdminMailboxesView;
      expect(body.mailboxes[0].attendance).toMatchObject({ attended: false, attendedUntil: '2024-02-01T00:00:00-05:00', note: expect.stringContaining(`pasa a la cola de ${P}`) });
      expect(body.mailboxes[1].attendance).toMatchObject({ attended: true, attendedUntil: null, note: expect.stringContaining('Único buzón atendido') });
    });

    it('shows what intake stored when the pollers run in another process', async () => {
      const [kpt, planeacion] = ((await supervisor.get('/api/admin/mailboxes').expect(200)).body as AdminMailboxesView).mailboxes;
      expect(planeacion.poller).toBeNull();
      expect(planeacion.pollerNote).toContain('INTAKE_ENABLED=false');
      // The configured folder's checkpoint, not the other folder's.
      expect(planeacion.checkpoint).toEqual({ folder: 'INBOX', uidValidity: 4294967295, lastUid: 42, updatedAt: '2024-03-04T09:30:00-05:00' });
      expect(planeacion.ingested).toMatchObject({ total: 3, last24Hours: 2, lastFetchedAt: expect.stringMatching(/-05:00$/) });
      expect(kpt.checkpoint).toBeNull();
      expect(kpt.ingested).toMatchObject({ total: 1, last24Hours: 0 });
    });

    it('shows the live poller of a process that runs intake, and its stored progress', async () => {
      const pt = await uniqueTestAccount('admin-pt');
      const databaseUrl = await createTestDatabase('admin_intake');
      // Waiting before the poller starts: its first sync, at connect, takes it in.
      await deliverByLmtp(pt, sampleMail({ subject: 'Solicitud de usuario SisPT — Alcaldía de Sogamoso' }).raw);
      const intakeApp = await startTestApp(
        testConfig(databaseUrl, { kpt: 'admin-disabled-kpt', planeacion: pt }, {
          JOBS_ENABLED: 'false',
          OUTBOUND_ENABLED: 'false',
          MAILBOX_KPT_ENABLED: 'false',
          CUTOVER_AT: '2099-01-01T00:00:00-05:00',
        }),
      );
      try {
        const watcher = await signIn(intakeApp, 'supervisor');
        const body = await waitFor(
          async () => (await watcher.get('/api/admin/mailboxes').expect(200)).body as AdminMailboxesView,
          (view) => view.mailboxes[1].ingested.total === 1 && view.mailboxes[1].poller?.state === 'connected' && view.mailboxes[1].poller.lastSuccessAt !== null,
          20000,
        );
        const [kpt, planeacion] = body.mailboxes;
        expect(body.intakeRunsInThisProcess).toBe(true);
        expect(planeacion.poller).toMatchObject({ state: 'connected', lastError: null, stale: false, ingestedSinceStart: 1, lastSuccessAt: expect.stringMatching(/-05:00$/) });
        expect(planeacion.pollerNote).toBeNull();
        expect(planeacion.checkpoint).toMatchObject({ folder: 'INBOX', lastUid: 1, uidValidity: expect.any(Number) });
        expect(planeacion.ingested).toMatchObject({ total: 1, last24Hours: 1 });
        expect(kpt).toMatchObject({ enabled: false, poller: null, pollerNote: expect.stringContaining('MAILBOX_KPT_ENABLED=false') });
        // Before the cutover kpt@ is still attended.
        expect(kpt.attendance).toMatchObject({ attended: true, attendedUntil: '2099-01-01T00:00:00-05:00' });
        expect(JSON.stringify(body)).not.toContain('mesa-dev-password');
      } finally {
        await intakeApp.close();
      }
    });
  });

  describe('GET /api/admin/calendar', () => {
    it('shows the 2024 festivos in Spanish, the configured closures and the working days', async () => {
      const body = (await supervisor.get('/api/admin/calendar?year=2024').expect(200)).body as AdminCalendarView;
      expect(body).toMatchObject({
        year: 2024,
        timeZone: 'America/Bogota',
        businessHours: { opening: '08:00', closing: '16:00' },
        extraClosedDays: ['2024-12-24'],
        removedHolidays: [{ date: '2024-03-25', holidayName: 'Día de San José' }],
        warningPercent: 75,
      });
      expect(body.workingWeekdays.map((d) => d.name)).toEqual(['lunes', 'martes', 'miércoles', 'jueves', 'viernes']);
      expect(body.holidays).toHaveLength(18);
      expect(body.holidays).toEqual(
        expect.arrayContaining([
          { date: '2024-01-01', name: 'Año Nuevo', weekday: 'lunes', closed: true },
          { date: '2024-01-08', name: 'Día de los Reyes Magos', weekday: 'lunes', closed: true },
          // Worked anyway: CALENDAR_REMOVED_HOLIDAYS.
          { date: '2024-03-25', name: 'Día de San José', weekday: 'lunes', closed: false },
        ]),
      );
      // 246 working days by default, +1 for San José worked, −1 for 24 December closed.
      expect(body.workingDays).toBe(246);
    });

    it('gives the SLA targets with per-mailbox overrides and the legal terms', async () => {
      const body = (await supervisor.get('/api/admin/calendar?year=2024').expect(200)).body as AdminCalendarView;
      expect(body.slaTargets.find((t) => t.category === 'formulation')).toEqual({
        category: 'formulation',
        label: 'Formulación y seguimiento de planes',
        firstResponseHours: 8,
        resolutionHours: 40,
        byMailbox: [{ mailbox: K, firstResponseHours: 16, resolutionHours: 80 }],
      });
      expect(body.slaTargets.find((t) => t.category === 'users')).toMatchObject({ firstResponseHours: 4, resolutionHours: 8, byMailbox: [] });
      expect(body.legalTerms).toEqual([
        { kind: 'petition', label: 'Derecho de petición', days: 15 },
        { kind: 'documents', label: 'Petición de documentos e información', days: 10 },
        { kind: 'consultation', label: 'Consulta', days: 30 },
      ]);
    });

    it('defaults to the current year in Bogotá', async () => {
      const body = (await admin.get('/api/admin/calendar').expect(200)).body as AdminCalendarView;
      expect(body.year).toBe(bogotaYear(new Date()));
      expect(body.holidays.every((h) => h.date.startsWith(`${body.year}-`))).toBe(true);
    });

    it.each([
      ['abc', 'year debe ser un año de cuatro cifras'],
      ['2024.5', 'year debe ser un año de cuatro cifras'],
      ['1983', 'year no puede ser anterior a 1984'],
      ['2200', 'year no puede ser posterior a 2199'],
    ])('answers 400 in the API error shape for year=%s', async (year, problem) => {
      const response = await supervisor.get(`/api/admin/calendar?year=${year}`).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining(problem) });
    });
  });

  describe('GET /api/admin/routing-rules', () => {
    beforeAll(async () => {
      // users.password decided four tickets; an agent moves one to tech.
      const password = [await routedTicket('users', 'users.password'), await routedTicket('users', 'users.password'), await routedTicket('users', 'users.password'), await routedTicket('users', 'users.password')];
      await recategorize(password[0], 'tech');
      // Changed and changed back: routing was right after all.
      await recategorize(password[1], 'formulation');
      await recategorize(password[1], 'users');
      // A merged ticket no longer counts, whatever happened to it.
      const merged = await routedTicket('users', 'users.password');
      await recategorize(merged, 'formulation');
      await db.query(
        `UPDATE tickets SET merged_into_ticket_id = (SELECT id FROM tickets WHERE reference = $2), merged_at = now(), status = 'closed' WHERE reference = $1`,
        [merged, password[2]],
      );
      // The fallback: two left unclassified, an agent files one under users.
      await routedTicket('unclassified', null);
      await recategorize(await routedTicket('unclassified', null), 'users');
      // A ticket from before routing existed was decided by nothing.
      await routedTicket('unclassified', null, { rulesVersion: null });
      // A rule the file no longer has.
      await routedTicket('tech', 'tech.regla-retirada', { rulesVersion: '2023.12.0' });
    });

    it('gives a recategorized ticket\'s rule its measured accuracy and confusion', async () => {
      const body = (await supervisor.get('/api/admin/routing-rules').expect(200)).body as RoutingRulesView;
      expect(body.rulesVersion).toBe('2024.01.0');
      expect(rowOf(body, 'users.password')).toMatchObject({
        category: 'users',
        description: 'Contraseña, clave o credenciales',
        weight: 4,
        terms: expect.arrayContaining(['contrasen*', 'clave']),
        decided: 4,
        recategorized: 1,
        accuracy: 0.75,
        confusion: [{ from: 'users', to: 'tech', tickets: 1 }],
      });
    });

    it('has a fallback row for tickets routing left unclassified, without tickets it never routed', async () => {
      const body = (await supervisor.get('/api/admin/routing-rules').expect(200)).body as RoutingRulesView;
      expect(rowOf(body, null, 'fallback')).toMatchObject({
        category: 'unclassified',
        decided: 2,
        recategorized: 1,
        accuracy: 0.5,
        confusion: [{ from: 'unclassified', to: 'users', tickets: 1 }],
      });
    });

    it('lists every rule of the file, null accuracy when a rule decided nothing, and ids the file lost at the end', async () => {
      const body = (await supervisor.get('/api/admin/routing-rules').expect(200)).body as RoutingRulesView;
      expect(rowOf(body, 'users.account-request')).toMatchObject({ decided: 0, recategorized: 0, accuracy: null, confusion: [] });
      expect(rowOf(body, 'formulation.kpt-mailbox', 'mailbox-bias')).toMatchObject({ mailbox: K, category: 'formulation', weight: 2 });
      expect(body.rules[body.rules.length - 1]).toMatchObject({ id: 'tech.regla-retirada', kind: 'retired', decided: 1, accuracy: 1 });
      expect(body.rules.findIndex((r) => r.kind === 'fallback')).toBe(body.rules.length - 2);
    });
  });

  describe('GET /api/reply-templates', () => {
    it('gives any signed-in role the canned replies, plain text in Spanish', async () => {
      const templates = (await agent.get('/api/reply-templates').expect(200)).body as ReplyTemplateView[];
      expect(templates.length).toBeGreaterThanOrEqual(6);
      for (const template of templates) expect(Object.keys(template).sort()).toEqual(['body', 'id', 'title']);
      expect(templates.map((t) => t.id)).toEqual(
        expect.arrayContaining(['solicitud-usuario-sispt', 'restablecer-contrasena', 'usar-correo-institucional', 'formulacion-plan-desarrollo-2024-2027', 'reporte-kpt-cerrado', 'solicitud-mas-informacion']),
      );
      const request = templates.find((t) => t.id === 'solicitud-usuario-sispt');
      expect(request).toMatchObject({ title: 'Solicitud de usuario SisPT: datos que debe enviar', body: expect.stringContaining('correo institucional') });
      expect(request?.body).not.toMatch(/^#/m);
      await supervisor.get('/api/reply-templates').expect(200);
    });
  });
});
