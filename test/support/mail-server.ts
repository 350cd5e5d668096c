/**
 * Helpers for integration tests and benchmarks that talk to the project's own
 * Dovecot (scripts/mail-server.sh): a real IMAP and LMTP server on loopback, no
 * mocks. Ports and password follow the same environment variables as the script
 * (MAIL_SERVER_IMAP_PORT, MAIL_SERVER_LMTP_PORT, MAIL_SERVER_PASSWORD), so a suite
 * can point both at a private instance.
 *
 * Suites must not step on each other: create accounts with uniqueTestAccount()
 * instead of using the two production mailbox addresses.
 */
import { openNoDelaySocket } from '../../src/outbound/no-delay-socket';
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import * as path from 'path';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export interface MailServerConfig {
  host: string;
  imapPort: number;
  lmtpPort: number;
  password: string;
}

export interface AppendOptions {
  /** IMAP flags such as `\\Seen`. */
  flags?: string[];
  /** INTERNALDATE the server stores for the message. */
  internalDate?: Date;
}

export interface AppendItem extends AppendOptions {
  raw: Buffer | string;
}

export interface AppendResult {
  uid: number;
  uidValidity: number;
}

export interface ListedMessage {
  uid: number;
  flags: string[];
  messageId: string | null;
  internalDate: Date | null;
}

export interface FolderStatus {
  messages: number;
  uidNext: number;
  uidValidity: number;
}

export interface LmtpDeliveryOptions {
  /** Envelope sender (MAIL FROM); defaults to a test-only address. */
  from?: string;
}

/** Domain of every account the local server knows. */
export const MAIL_TEST_DOMAIN = 'dnp.gov.co';

const SCRIPT = path.resolve(__dirname, '../../scripts/mail-server.sh');
/** Generous: the first start on a fresh machine installs Dovecot with apt-get. */
const SCRIPT_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_ENVELOPE_FROM = 'pruebas@mesa-de-ayuda.invalid';

/** Local development default of scripts/mail-server.sh; not a secret. */
const LOCAL_MAIL_SERVER_PASSWORD = 'mesa-dev-password';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}="${raw}": se espera un puerto entre 1 y 65535`);
  }
  return port;
}

export function mailServerConfig(): MailServerConfig {
  return {
    host: '127.0.0.1',
    imapPort: portFromEnv('MAIL_SERVER_IMAP_PORT', 1143),
    lmtpPort: portFromEnv('MAIL_SERVER_LMTP_PORT', 2424),
    password: process.env.MAIL_SERVER_PASSWORD || LOCAL_MAIL_SERVER_PASSWORD,
  };
}

function runScript(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [SCRIPT, ...args],
      { env: process.env, timeout: SCRIPT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const detail = `${stdout}${stderr}`.trim();
          reject(new Error(`scripts/mail-server.sh ${args.join(' ')} falló (${error.message.split('\n')[0]})\n${detail}`));
          return;
        }
        resolve(stdout);
      },
    );
  });
}

let started: Promise<void> | null = null;

/** Starts the server (installing Dovecot if needed) once per process; cheap afterwards. */
export function ensureMailServer(): Promise<void> {
  if (!started) {
    started = runScript(['start']).then(
      () => undefined,
      (error: unknown) => {
        started = null;
        throw error;
      },
    );
  }
  return started;
}

/** Starts the server again after stopMailServer(), e.g. in outage tests. */
export async function startMailServer(): Promise<void> {
  started = null;
  await runScript(['start']);
  started = Promise.resolve();
}

/** Stops the server; connections drop. Always pair with startMailServer() in a finally. */
export async function stopMailServer(): Promise<void> {
  started = null;
  await runScript(['stop']);
}

/** Creates an account with the common password; a no-op when it already exists. */
export async function addMailAccount(address: string): Promise<void> {
  await runScript(['add-user', address]);
}

/** A fresh account `t-<prefix>-<random>@dnp.gov.co`, already created on the server. */
export async function uniqueTestAccount(prefix: string): Promise<string> {
  await ensureMailServer();
  const slug =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'x';
  const address = `t-${slug}-${randomBytes(5).toString('hex')}@${MAIL_TEST_DOMAIN}`;
  await addMailAccount(address);
  return address;
}

/** Gives FOLDER of ACCOUNT a new UIDVALIDITY (through doveadm) and returns it. */
export async function changeUidValidity(account: string, folder = 'INBOX'): Promise<number> {
  const stdout = await runScript(['uid-validity', account, folder]);
  const value = Number(stdout.trim().split('\n').pop());
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`respuesta inesperada de uid-validity: "${stdout.trim()}"`);
  }
  return value;
}

/**
 * Runs `work` with a logged-in IMAP client. The client gets an `error` listener
 * (an unhandled one would crash the test process) and is always logged out.
 */
export async function withImapClient<T>(account: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const config = mailServerConfig();
  const client = new ImapFlow({
    host: config.host,
    port: config.imapPort,
    secure: false,
    auth: { user: account, pass: config.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  let connectionError: unknown = null;
  client.on('error', (error: unknown) => {
    connectionError = error;
  });
  try {
    await client.connect();
    return await work(client);
  } catch (error: unknown) {
    // A dropped connection rejects the pending command with a generic message;
    // the `error` event carries the real cause (ECONNRESET, timeout...).
    if (connectionError !== null && connectionError !== error && error instanceof Error && error.cause === undefined) {
      error.cause = connectionError;
    }
    throw error;
  } finally {
    if (client.usable) {
      await client.logout().catch(() => client.close());
    } else {
      client.close();
    }
  }
}

function toAppendItem(item: Buffer | string | AppendItem): AppendItem {
  return typeof item === 'string' || Buffer.isBuffer(item) ? { raw: item } : item;
}

async function appendWith(client: ImapFlow, folder: string, item: AppendItem): Promise<AppendResult> {
  const response = await client.append(folder, item.raw, item.flags ?? [], item.internalDate);
  if (!response || response.uid === undefined || response.uidValidity === undefined) {
    throw new Error(`APPEND a ${folder} no devolvió UID (¿falta UIDPLUS?)`);
  }
  return { uid: response.uid, uidValidity: Number(response.uidValidity) };
}

/** Stores one message in FOLDER as IMAP APPEND does (flags and INTERNALDATE kept). */
export function appendByImap(
  account: string,
  folder: string,
  raw: Buffer | string,
  opts: AppendOptions = {},
): Promise<AppendResult> {
  return withImapClient(account, (client) => appendWith(client, folder, { raw, ...opts }));
}

/** Bulk APPEND over one connection, in order; for benchmarks with thousands of messages. */
export function appendManyByImap(
  account: string,
  folder: string,
  raws: ReadonlyArray<Buffer | string | AppendItem>,
): Promise<AppendResult[]> {
  return withImapClient(account, async (client) => {
    const results: AppendResult[] = [];
    for (const item of raws) {
      results.push(await appendWith(client, folder, toAppendItem(item)));
    }
    return results;
  });
}

/** Messages in FOLDER ordered by UID, read without changing flags. */
export function listMessages(account: string, folder = 'INBOX'): Promise<ListedMessage[]> {
  return withImapClient(account, async (client) => {
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const mailbox = client.mailbox;
      if (mailbox === false || mailbox.exists === 0) return [];
      const fetched = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true, internalDate: true });
      return fetched
        .map((message) => ({
          uid: message.uid,
          // \Recent is per session, not stored (and gone in IMAP4rev2): leave it out.
          flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
          messageId: message.envelope?.messageId ?? null,
          internalDate: message.internalDate === undefined ? null : new Date(message.internalDate),
        }))
        .sort((a, b) => a.uid - b.uid);
    } finally {
      lock.release();
    }
  });
}

/** STATUS of FOLDER: message count, UIDNEXT and UIDVALIDITY. */
export function folderStatus(account: string, folder = 'INBOX'): Promise<FolderStatus> {
  return withImapClient(account, async (client) => {
    const status = await client.status(folder, { messages: true, uidNext: true, uidValidity: true });
    if (!status || status.uidValidity === undefined || status.uidNext === undefined) {
      throw new Error(`STATUS de ${folder} sin UIDVALIDITY/UIDNEXT`);
    }
    return { messages: status.messages ?? 0, uidNext: status.uidNext, uidValidity: Number(status.uidValidity) };
  });
}

/** Creates FOLDER (no error when it already exists). Returns whether it was new. */
export function createFolder(account: string, folder: string): Promise<boolean> {
  return withImapClient(account, async (client) => {
    const response = await client.mailboxCreate(folder);
    return response.created;
  });
}


/**
 * Delivers RAW to every address in TO through LMTP, as the MTA does in production.
 * The envelope is explicit, so headers never decide the recipients. Throws when
 * the server rejects any recipient.
 */
export async function deliverByLmtp(
  to: string | string[],
  raw: Buffer | string,
  opts: LmtpDeliveryOptions = {},
): Promise<void> {
  const recipients = Array.isArray(to) ? to : [to];
  if (recipients.length === 0) throw new Error('deliverByLmtp: hace falta al menos un destinatario');
  const config = mailServerConfig();
  const options: SMTPTransport.Options = {
    host: config.host,
    port: config.lmtpPort,
    lmtp: true,
    secure: false,
    ignoreTLS: true,
    getSocket: (_options, callback) => openNoDelaySocket(config.host, config.lmtpPort, callback),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  };
  const transport = createTransport(options);
  try {
    const info = await transport.sendMail({
      envelope: { from: opts.from ?? DEFAULT_ENVELOPE_FROM, to: recipients },
      raw,
    });
    const rejected = (info.rejected ?? []).map((address) => (typeof address === 'string' ? address : address.address));
    if (rejected.length > 0) {
      throw new Error(`LMTP rechazó a ${rejected.join(', ')}: ${info.response}`);
    }
  } finally {
    transport.close();
  }
}
