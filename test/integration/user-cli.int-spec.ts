import { spawn } from 'child_process';
import * as path from 'path';
import { Client } from 'pg';
import { CliUsageError } from '../../src/cli/cli-command';
import { parseUserCreateArgs } from '../../src/cli/commands/user-create.command';
import { runMesa } from '../support/run-mesa';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';

jest.setTimeout(60000);

const MESA = path.resolve(__dirname, '../../bin/mesa.js');

/** Runs the real `mesa` binary with its standard input piped, as a script would. */
function mesaWithInput(databaseUrl: string, input: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MESA, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('parseUserCreateArgs', () => {
  it('reads the address (lower-cased), the role and an optional name', () => {
    expect(parseUserCreateArgs(['--email', ' Jefa@DNP.gov.co', '--role', 'admin'])).toEqual({ email: 'jefa@dnp.gov.co', role: 'admin', name: '' });
    expect(parseUserCreateArgs(['--email=a@dnp.gov.co', '--role=agent', '--name', 'Ana Pérez'])).toEqual({ email: 'a@dnp.gov.co', role: 'agent', name: 'Ana Pérez' });
  });

  it.each([
    [['--email', 'a@dnp.gov.co', '--role', 'admin', '--password', 'secreto secreto'], /no se pasa como argumento/],
    [['--role', 'admin'], /falta --email/],
    [['--email', 'no-es-correo', '--role', 'admin'], /no es una dirección de correo/],
    [['--email', 'a@dnp.gov.co'], /--role debe ser uno de: agent, supervisor, admin/],
    [['--email', 'a@dnp.gov.co', '--role', 'root'], /--role debe ser uno de/],
    [['--email', 'a@dnp.gov.co', '--role', 'admin', '--sudo'], /opción desconocida «--sudo»/],
  ])('refuses %j in Spanish', (args, message) => {
    expect(() => parseUserCreateArgs(args)).toThrow(CliUsageError);
    expect(() => parseUserCreateArgs(args)).toThrow(message);
  });

  it('is listed by mesa help', async () => {
    const { stdout } = await runMesa('help');
    expect(stdout).toMatch(/^ {2}user:create --email CORREO --role agent\|supervisor\|admin \[--name NOMBRE\] +crea una cuenta/m);
    expect(stdout).toMatch(/^ {2}user:list \[--json\] +lista las cuentas$/m);
  });
});

describe('mesa user:create against a real database', () => {
  let databaseUrl: string;
  let db: Client;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('user_cli');
    db = await connectTestDatabase(databaseUrl);
  });

  afterAll(async () => {
    await db?.end();
  });

  it('creates the first admin with the password from standard input, hashed with argon2id, and audits it', async () => {
    const result = await mesaWithInput(databaseUrl, 'una frase de paso larga \n', 'user:create', '--email', 'Jefa@DNP.gov.co', '--role', 'admin', '--name', 'Jefa de mesa');
    expect(result).toEqual({ code: 0, stdout: expect.stringMatching(/^Cuenta creada: \d+ jefa@dnp\.gov\.co \(admin\) «Jefa de mesa»\n$/), stderr: '' });
    const { rows } = await db.query(`SELECT id, email, name, role, password_hash, disabled_at FROM users`);
    expect(rows).toEqual([{ id: expect.any(String), email: 'jefa@dnp.gov.co', name: 'Jefa de mesa', role: 'admin', password_hash: expect.stringMatching(/^\$argon2id\$/), disabled_at: null }]);
    // The trailing space is part of the password; only the line ending is not.
    const argon2 = await import('argon2');
    await expect(argon2.verify(rows[0].password_hash, 'una frase de paso larga ')).resolves.toBe(true);
    const audit = await db.query(`SELECT actor_email, action, subject_id, after FROM audit_log`);
    expect(audit.rows).toEqual([{ actor_email: 'sistema', action: 'user.create', subject_id: rows[0].id, after: { email: 'jefa@dnp.gov.co', name: 'Jefa de mesa', role: 'admin' } }]);
  });

  it('refuses a password under 12 characters and an address already taken, creating nothing', async () => {
    const short = await mesaWithInput(databaseUrl, 'corta\n', 'user:create', '--email', 'otra@dnp.gov.co', '--role', 'agent');
    expect(short).toEqual({ code: 2, stdout: '', stderr: 'mesa user:create: La contraseña debe tener al menos 12 caracteres.\n' });
    const taken = await mesaWithInput(databaseUrl, 'otra frase de paso larga\n', 'user:create', '--email', 'jefa@dnp.gov.co', '--role', 'agent');
    expect(taken).toEqual({ code: 2, stdout: '', stderr: 'mesa user:create: Ya existe una cuenta con el correo jefa@dnp.gov.co.\n' });
    expect((await db.query(`SELECT email, role FROM users`)).rows).toEqual([{ email: 'jefa@dnp.gov.co', role: 'admin' }]);
  });

  it('lists the accounts', async () => {
    const result = await mesaWithInput(databaseUrl, '', 'user:list', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ id: expect.any(String), email: 'jefa@dnp.gov.co', name: 'Jefa de mesa', role: 'admin', disabled: false }]);
  });

  it('sets a new password from standard input and audits it without the password', async () => {
    const [{ id }] = (await db.query(`SELECT id FROM users WHERE email = 'jefa@dnp.gov.co'`)).rows;
    const result = await mesaWithInput(databaseUrl, 'otra frase de paso nueva\n', 'user:password', '--email', 'JEFA@dnp.gov.co');
    expect(result).toEqual({ code: 0, stdout: 'Contraseña cambiada: jefa@dnp.gov.co; sus sesiones se cerraron\n', stderr: '' });
    const argon2 = await import('argon2');
    const [{ password_hash }] = (await db.query(`SELECT password_hash FROM users WHERE id = $1`, [id])).rows;
    await expect(argon2.verify(password_hash, 'otra frase de paso nueva')).resolves.toBe(true);
    const audit = await db.query(`SELECT action, before, after FROM audit_log WHERE action = 'user.password'`);
    expect(audit.rows).toEqual([{ action: 'user.password', before: null, after: null }]);
    const missing = await mesaWithInput(databaseUrl, 'otra frase de paso nueva\n', 'user:password', '--email', 'nadie@dnp.gov.co');
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'mesa user:password: No existe la cuenta nadie@dnp.gov.co.\n' });
    const short = await mesaWithInput(databaseUrl, 'corta\n', 'user:password', '--email', 'jefa@dnp.gov.co');
    expect(short.code).toBe(2);
  });
});
