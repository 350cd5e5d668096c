import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Role, ROLES, SYSTEM_ACTOR } from '../../auth/auth.types';
import { passwordProblem } from '../../auth/password-hashing';
import { ApiError } from '../../common/errors/api-error';
import { loadAppConfig } from '../../config/app-config';
import { buildDataSourceOptions } from '../../database/data-source-options';
import { createAccount, listAccounts, normalizeEmail, resetPassword } from '../../users/user-accounts';
import { CliCommand, CliUsageError, parseCliArgs } from '../cli-command';

/**
 * `mesa user:create` makes an account (the first admin, above all) and `mesa user:list`
 * shows them. The password never travels as an argument (it would sit in the shell
 * history and in `ps`): it is asked for without echo on a terminal, or read from the
 * first line of standard input in scripts.
 */

const CREATE_USAGE = 'user:create --email CORREO --role agent|supervisor|admin [--name NOMBRE]';

export interface UserCreateArgs {
  email: string;
  role: Role;
  name: string;
}

export function parseUserCreateArgs(args: string[]): UserCreateArgs {
  const { positional, options } = parseCliArgs(args);
  if (options.has('password')) {
    throw new CliUsageError('la contraseña no se pasa como argumento: se pide en la terminal o se lee de la entrada estándar (printf \'...\\n\' | mesa user:create ...)');
  }
  for (const name of options.keys()) {
    if (!['email', 'role', 'name'].includes(name)) throw new CliUsageError(`opción desconocida «--${name}». Uso: mesa ${CREATE_USAGE}`);
  }
  if (positional.length > 0) throw new CliUsageError(`argumento inesperado «${positional[0]}». Uso: mesa ${CREATE_USAGE}`);
  const email = options.get('email');
  if (typeof email !== 'string' || !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email.trim())) {
    throw new CliUsageError(`falta --email o no es una dirección de correo. Uso: mesa ${CREATE_USAGE}`);
  }
  const role = options.get('role');
  if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
    throw new CliUsageError(`--role debe ser uno de: ${ROLES.join(', ')}. Uso: mesa ${CREATE_USAGE}`);
  }
  const name = options.get('name');
  if (name === true) throw new CliUsageError('--name necesita un valor');
  return { email: normalizeEmail(email), role: role as Role, name: name ?? '' };
}

/** The first line of standard input, without its line ending (spaces are part of the password). */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** Reads one line from the terminal in raw mode, echoing nothing. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Raw mode (no echo) before the prompt shows: typing right after it must not be echoed.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new CliUsageError('cancelado; no se creó la cuenta'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readPasswordFromStdin();
  const first = await promptHidden('Contraseña (mínimo 12 caracteres): ');
  const problem = passwordProblem(first);
  if (problem) throw new CliUsageError(problem);
  const second = await promptHidden('Repita la contraseña: ');
  if (first !== second) throw new CliUsageError('las contraseñas no coinciden; no se creó la cuenta');
  return first;
}

async function withDatabase<T>(run: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource({ ...buildDataSourceOptions(loadAppConfig().databaseUrl, 2), logging: false });
  await dataSource.initialize();
  try {
    return await run(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export const userCreateCommand: CliCommand = {
  name: 'user:create',
  usage: `${CREATE_USAGE}  crea una cuenta (la contraseña se pide sin eco o se lee de la entrada estándar)`,
  async run(args: string[]): Promise<number> {
    const parsed = parseUserCreateArgs(args);
    const password = await readPassword();
    const problem = passwordProblem(password);
    if (problem) throw new CliUsageError(problem);
    const user = await withDatabase(async (dataSource) => {
      try {
        return await createAccount(dataSource.manager, SYSTEM_ACTOR, { ...parsed, password });
      } catch (error: unknown) {
        // The shared rules answer in API terms; here they are a plain Spanish refusal.
        if (error instanceof ApiError) throw new CliUsageError(String((error.getResponse() as { message: string }).message));
        throw error;
      }
    });
    process.stdout.write(`Cuenta creada: ${user.id} ${user.email} (${user.role}) «${user.name}»\n`);
    return 0;
  },
};

/** `mesa user:password --email CORREO`: a new password (same rules and input as user:create); the account's sessions end. */
export const userPasswordCommand: CliCommand = {
  name: 'user:password',
  usage: 'user:password --email CORREO  cambia la contraseña (se pide sin eco o se lee de la entrada estándar) y cierra las sesiones',
  async run(args: string[]): Promise<number> {
    const { positional, options } = parseCliArgs(args);
    if (options.has('password')) throw new CliUsageError('la contraseña no se pasa como argumento: se pide en la terminal o se lee de la entrada estándar');
    for (const name of options.keys()) if (name !== 'email') throw new CliUsageError(`opción desconocida «--${name}». Uso: mesa user:password --email CORREO`);
    const email = options.get('email');
    if (positional.length > 0 || typeof email !== 'string') throw new CliUsageError('uso: mesa user:password --email CORREO');
    const password = await readPassword();
    const user = await withDatabase(async (dataSource) => {
      try {
        return await resetPassword(dataSource.manager, SYSTEM_ACTOR, email, password);
      } catch (error: unknown) {
        if (error instanceof ApiError) throw new CliUsageError(String((error.getResponse() as { message: string }).message));
        throw error;
      }
    });
    process.stdout.write(`Contraseña cambiada: ${user.email}; sus sesiones se cerraron\n`);
    return 0;
  },
};

export const userListCommand: CliCommand = {
  name: 'user:list',
  usage: 'user:list [--json]                lista las cuentas',
  async run(args: string[]): Promise<number> {
    const { positional, options } = parseCliArgs(args);
    for (const name of options.keys()) if (name !== 'json') throw new CliUsageError(`opción desconocida «--${name}». Uso: mesa user:list [--json]`);
    if (positional.length > 0) throw new CliUsageError('uso: mesa user:list [--json]');
    const users = await withDatabase((dataSource) => listAccounts(dataSource.manager));
    if (options.has('json')) {
      const view = users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabledAt !== null }));
      process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      return 0;
    }
    if (users.length === 0) {
      process.stdout.write('No hay cuentas todavía. Cree la primera con: mesa user:create --email CORREO --role admin\n');
      return 0;
    }
    for (const user of users) {
      process.stdout.write(
        [user.id.padStart(4), user.email.padEnd(36), user.role.padEnd(10), (user.disabledAt ? 'deshabilitada' : 'activa').padEnd(13), user.name].join('  ') + '\n',
      );
    }
    return 0;
  },
};
