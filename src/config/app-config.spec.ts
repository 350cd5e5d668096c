import { ConfigValidationError, loadAppConfig } from './app-config';

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
});
