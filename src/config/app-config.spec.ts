import { ConfigValidationError, defaultParserWorkers, loadAppConfig } from './app-config';
import * as os from 'os';

describe('loadAppConfig', () => {
  it('works with no variables at all, on the local defaults', () => {
    const config = loadAppConfig({});
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/mesa');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.mailboxes.map((m) => [m.key, m.address, m.imap.port, m.imap.folder, m.afterIntake])).toEqual([
      ['kpt', 'kpt@dnp.gov.co', 1143, 'INBOX', 'none'],
      ['planeacion', 'planeacionterritorial@dnp.gov.co', 1143, 'INBOX', 'none'],
    ]);
    expect(config.mailboxes[1].imap.user).toBe('planeacionterritorial@dnp.gov.co');
  });

  it('carries the seed cutover dates, between the two configured mailboxes', () => {
    const config = loadAppConfig({ MAILBOX_PLANEACION_ADDRESS: 'pt@dnp.gov.co' });
    expect(config.cutover).toEqual({
      at: new Date('2024-02-01T05:00:00Z'),
      retiredMailbox: 'kpt@dnp.gov.co',
      successorMailbox: 'pt@dnp.gov.co',
      kptQuestionsUntil: '2024-01-12',
      kptReportDeadline: '2024-01-31',
    });
    expect(config.acknowledgements).toEqual({ maxPerAddress: 3, windowMinutes: 10 });
    expect(config.routing.institutionalDomains).toEqual([]);
    expect(loadAppConfig({ INSTITUTIONAL_EXTRA_DOMAINS: ' @Alcaldia.edu.co, municipio.co ' }).routing.institutionalDomains).toEqual([
      'alcaldia.edu.co',
      'municipio.co',
    ]);
  });

  it.each([
    ['CUTOVER_AT', '2024-02-01 00:00', /CUTOVER_AT=.*ISO-8601 con zona/],
    ['CUTOVER_AT', '2024-02-01T00:00:00', /CUTOVER_AT=.*ISO-8601 con zona/],
    ['KPT_QUESTIONS_UNTIL', '2024-02-30', /KPT_QUESTIONS_UNTIL=.*AAAA-MM-DD/],
    ['KPT_REPORT_DEADLINE', '31/01/2024', /KPT_REPORT_DEADLINE=.*AAAA-MM-DD/],
    ['INSTITUTIONAL_EXTRA_DOMAINS', 'gov.co,no es dominio', /INSTITUTIONAL_EXTRA_DOMAINS: «no es dominio»/],
    ['QUEUE_PREFIX', 'mesa:prod', /QUEUE_PREFIX/],
    ['ACK_LOOP_MAX_PER_ADDRESS', '0', /ACK_LOOP_MAX_PER_ADDRESS="0": se espera un número entero entre 1 y 1000/],
  ])('rejects %s=%s with a Spanish explanation', (name, value, message) => {
    expect(() => loadAppConfig({ [name]: value })).toThrow(message);
  });

  it('reads each mailbox from its own prefix', () => {
    const config = loadAppConfig({
      MAILBOX_KPT_IMAP_HOST: 'imap.dnp.gov.co',
      MAILBOX_KPT_IMAP_PORT: '993',
      MAILBOX_KPT_IMAP_TLS: 'true',
      MAILBOX_KPT_AFTER_INTAKE: 'move',
      MAILBOX_KPT_MOVE_TO: 'Procesados',
      MAILBOX_PLANEACION_ENABLED: 'false',
    });
    expect(config.mailboxes[0].imap).toMatchObject({ host: 'imap.dnp.gov.co', port: 993, tls: true });
    expect(config.mailboxes[0]).toMatchObject({ afterIntake: 'move', moveTo: 'Procesados' });
    expect(config.mailboxes[1].enabled).toBe(false);
  });

  it('names every bad variable and what it expects, in one error', () => {
    let caught: unknown;
    try {
      loadAppConfig({
        HTTP_PORT: 'tres mil',
        MAILBOX_KPT_IMAP_TLS: 'quizás',
        MAILBOX_PLANEACION_AFTER_INTAKE: 'delete',
        DATABASE_URL: 'mysql://localhost/mesa',
        MAILBOX_KPT_ADDRESS: 'no-es-un-correo',
      });
    } catch (error: unknown) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const problems = (caught as ConfigValidationError).problems;
    expect(problems).toEqual([
      'DATABASE_URL: se espera una URL postgres: o postgresql: (p. ej. postgres://postgres@127.0.0.1:5432/mesa)',
      'HTTP_PORT="tres mil": se espera un número entero entre 1 y 65535',
      'MAILBOX_KPT_ADDRESS="no-es-un-correo": se espera una dirección de correo',
      'MAILBOX_KPT_IMAP_TLS="quizás": se espera true o false',
      'MAILBOX_PLANEACION_AFTER_INTAKE="delete": se espera uno de none, seen, move',
    ]);
  });

  it('requires a destination folder for the move action', () => {
    expect(() => loadAppConfig({ MAILBOX_KPT_AFTER_INTAKE: 'move' })).toThrow(/MAILBOX_KPT_MOVE_TO: obligatorio/);
  });

  it('never echoes a database password in its error', () => {
    expect(() => loadAppConfig({ DATABASE_URL: 'postgres://u:s3creto@[bad' })).toThrow(ConfigValidationError);
    try {
      loadAppConfig({ DATABASE_URL: 'postgres://u:s3creto@[bad' });
    } catch (error: unknown) {
      expect(String((error as Error).message)).not.toContain('s3creto');
    }
  });

  it('refuses two mailboxes with the same address', () => {
    expect(() => loadAppConfig({ MAILBOX_KPT_ADDRESS: 'planeacionterritorial@dnp.gov.co' })).toThrow(/dirección distinta/);
  });

  it('reads the session and login limits, with one working day of idle time by default', () => {
    expect(loadAppConfig({}).auth).toEqual({
      sessionIdleHours: 8,
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 20,
      failureWindowMinutes: 15,
      trustProxy: false,
    });
    expect(
      loadAppConfig({
        SESSION_IDLE_HOURS: '2',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
        LOGIN_MAX_FAILURES_PER_ADDRESS: '50',
        LOGIN_FAILURE_WINDOW_MINUTES: '30',
        TRUST_PROXY: 'true',
      }).auth,
    ).toEqual({ sessionIdleHours: 2, maxFailuresPerAccount: 3, maxFailuresPerAddress: 50, failureWindowMinutes: 30, trustProxy: true });
  });

  it.each([
    ['false', false],
    ['0', false],
    ['sí', true],
    ['1', 1],
    ['2', 2],
  ])('reads TRUST_PROXY=%s as %j (a number is a hop count, never "trust everyone")', (value, expected) => {
    expect(loadAppConfig({ TRUST_PROXY: value }).auth.trustProxy).toBe(expected);
  });

  it.each([
    ['SESSION_IDLE_HOURS', '0', /SESSION_IDLE_HOURS="0": se espera un número entero entre 1 y 720/],
    ['LOGIN_MAX_FAILURES_PER_ACCOUNT', 'cinco', /LOGIN_MAX_FAILURES_PER_ACCOUNT="cinco": se espera un número entero/],
    ['LOGIN_MAX_FAILURES_PER_ADDRESS', '-1', /LOGIN_MAX_FAILURES_PER_ADDRESS="-1"/],
    ['LOGIN_FAILURE_WINDOW_MINUTES', '1441', /LOGIN_FAILURE_WINDOW_MINUTES="1441": se espera un número entero entre 1 y 1440/],
    ['TRUST_PROXY', 'loopback', /TRUST_PROXY="loopback": se espera true, false o el número de proxies/],
    ['TRUST_PROXY', '11', /TRUST_PROXY="11"/],
  ])('rejects %s=%s with a Spanish explanation', (name, value, message) => {
    expect(() => loadAppConfig({ [name]: value })).toThrow(message);
  });
});

describe('defaultParserWorkers', () => {
  it.each([
    // CPUs → parser threads: one core stays with the main thread and the database, at least one worker, at most four
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 3],
    [5, 4],
    [16, 4],
  ])('%i CPUs → %i parser workers', (cpus, workers) => {
    expect(defaultParserWorkers(cpus)).toBe(workers);
  });

  it('is what the configuration uses when PARSER_WORKERS is not set, and PARSER_WORKERS overrides it', () => {
    expect(loadAppConfig({}).intake.parserWorkers).toBe(defaultParserWorkers(os.cpus().length));
    expect(loadAppConfig({ PARSER_WORKERS: '3' }).intake.parserWorkers).toBe(3);
  });
});
