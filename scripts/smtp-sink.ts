/**
 * Local SMTP receiver ("sink") for development and tests: a real SMTP server
 * (nodemailer's smtp-server) on loopback that stores every accepted message as
 * a file instead of delivering it. Start and stop it with scripts/smtp-sink.sh;
 * test/support/smtp-sink.ts reads what it stored.
 *
 *   .var/smtp-sink/messages/<epoch-ms>-<counter>-<random>.eml   raw bytes as received
 *   .var/smtp-sink/messages/<epoch-ms>-<counter>-<random>.json  {mailFrom, rcptTo[], receivedAt}
 *   .var/smtp-sink/state.json                                   failure-injection counters
 *
 * Both files are written to tmp/ and renamed into messages/ (the .json first,
 * so a visible .eml always has its envelope) and fsynced before the 250 reply:
 * "accepted" means "stored", as with a real MTA.
 *
 * Failure injection, decided by the local part of each recipient:
 *   rechazo-permanente...@ or ...+reject...@  550 5.1.1 at RCPT TO
 *   ...+tempfail<N>...@                        451 4.3.0 for the first N DATA attempts of
 *                                              that Message-ID (counted in state.json, so a
 *                                              sink restart does not reset the count)
 *   ...+slow<MS>...@                           the DATA reply waits MS milliseconds
 *
 * Environment: SMTP_SINK_PORT (default 2525), SMTP_SINK_DIR (default <repo>/.var/smtp-sink).
 */
import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { SMTPServer } from 'smtp-server';
import { DirectorySync } from './directory-sync';
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
/** A stop should be quick for fault tests; stored mail is already durable. */
const CLOSE_TIMEOUT_MS = 1000;
const MAX_SLOW_MS = 10 * 60 * 1000;

const ROOT = path.resolve(__dirname, '..');
const DATA_DIR = path.resolve(process.env.SMTP_SINK_DIR || path.join(ROOT, '.var', 'smtp-sink'));
const MESSAGES_DIR = path.join(DATA_DIR, 'messages');
const TMP_DIR = path.join(DATA_DIR, 'tmp');
const STATE_FILE = path.join(DATA_DIR, 'state.json');
const PID_FILE = path.join(DATA_DIR, 'smtp-sink.pid');

/** The envelope stored beside each message; test/support/smtp-sink.ts reads the same shape. */
interface StoredEnvelope {
  /** MAIL FROM; empty for the null reverse-path `<>` that bounces use. */
  mailFrom: string;
  rcptTo: string[];
  /** ISO-8601 (UTC) instant the message was stored. */
  receivedAt: string;
}

interface SinkState {
  /** DATA attempts answered with 451 so far, per Message-ID. */
  tempfail: Record<string, number>;
}

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} smtp-sink: ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`smtp-sink: error: ${message}\n`);
  process.exit(1);
}

function portFromEnv(): number {
  const raw = process.env.SMTP_SINK_PORT;
  if (raw === undefined || raw === '') return 2525;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) fail(`SMTP_SINK_PORT="${raw}" no es un puerto válido (1-65535)`);
  return port;
}

/** SMTP error with a reply code; smtp-server sends `responseCode message`. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

// ---------------------------------------------------------------- durable files

async function syncDir(dir: string): Promise<void> {
  // A rename is only durable once the directory entry itself is on disk.
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes DATA into tmp/ and fsyncs it; the caller renames it into place. */
async function writeSynced(name: string, data: Buffer | string): Promise<string> {
  const tmp = path.join(TMP_DIR, `${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

async function replaceDurably(file: string, data: Buffer | string): Promise<void> {
  const tmp = await writeSynced(path.basename(file), data);
  await fs.rename(tmp, file);
  await syncDir(path.dirname(file));
}

// Concurrent deliveries share one directory fsync (see directory-sync.ts).
const messagesDirSync = new DirectorySync(() => syncDir(MESSAGES_DIR));
let counter = 0;

async function storeMessage(raw: Buffer, envelope: StoredEnvelope): Promise<string> {
  counter += 1;
  const base = `${Date.now()}-${String(counter).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  const [emlTmp, jsonTmp] = await Promise.all([writeSynced(`${base}.eml`, raw), writeSynced(`${base}.json`, `${JSON.stringify(envelope, null, 2)}\n`)]);
  // Envelope first: readers list *.eml, and each one must already have its .json.
  await fs.rename(jsonTmp, path.join(MESSAGES_DIR, `${base}.json`));
  await fs.rename(emlTmp, path.join(MESSAGES_DIR, `${base}.eml`));
  await messagesDirSync.afterRenames();
  return `${base}.eml`;
}

// ---------------------------------------------------------------- failure-injection state

let state: SinkState = { tempfail: {} };
let stateWrite: Promise<void> = Promise.resolve();

async function loadState(): Promise<void> {
  try {
    const parsed = JSON.parse(await fs.readFile(STATE_FILE, 'utf8')) as Partial<SinkState>;
    state = { tempfail: parsed.tempfail && typeof parsed.tempfail === 'object' ? parsed.tempfail : {} };
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log(`no se pudo leer ${path.basename(STATE_FILE)} (${String(error)}); se empieza sin contadores`);
    }
  }
}

/** Serialized so two concurrent attempts never write the file out of order. */
function saveState(): Promise<void> {
  const snapshot = JSON.stringify(state, null, 2);
  stateWrite = stateWrite.catch(() => undefined).then(() => replaceDurably(STATE_FILE, `${snapshot}\n`));
  return stateWrite;
}

// ---------------------------------------------------------------- message inspection

function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  return (at < 0 ? address : address.slice(0, at)).toLowerCase();
}

function rejectsPermanently(address: string): boolean {
  const local = localPart(address);
  return local.startsWith('rechazo-permanente') || local.includes('+reject');
}

/** Largest `+<tag><N>` among the recipients, or 0. */
function tagNumber(recipients: string[], tag: 'tempfail' | 'slow'): number {
  const pattern = new RegExp(`\\+${tag}(\\d+)`, 'g');
  let max = 0;
  for (const address of recipients) {
    for (const match of localPart(address).matchAll(pattern)) max = Math.max(max, Number(match[1]));
  }
  return max;
}

/** Message-ID from the header section (folded lines joined), or null. */
function messageIdOf(raw: Buffer): string | null {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const headers = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:[ \t]*(.*)$/im.exec(headers);
  const value = match?.[1].trim();
  return value ? value : null;
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('error', reject);
    stream.once('end', () => resolve(Buffer.concat(chunks)));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- SMTP handlers

function onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void): void {
  if (rejectsPermanently(address.address)) {
    log(`destinatario rechazado (550): ${address.address}`);
    // Reply text in ASCII (RFC 5321); still Spanish.
    callback(smtpError(550, '5.1.1 Destinatario rechazado de forma permanente (prueba del receptor SMTP)'));
    return;
  }
  callback();
}

async function handleData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
  const raw = await readAll(stream);
  const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
  const messageId = messageIdOf(raw);
  const shownId = messageId ?? '(sin Message-ID)';
  const slowMs = Math.min(tagNumber(recipients, 'slow'), MAX_SLOW_MS);
  if (stream.sizeExceeded) {
    // rejectOversized answers 552 whatever we say; just never store it.
    log(`mensaje ${shownId} para ${recipients.join(', ')} rechazado: supera ${MAX_MESSAGE_BYTES} bytes`);
    throw smtpError(552, '5.3.4 El mensaje excede los 50 MiB permitidos');
  }

  const tempfails = tagNumber(recipients, 'tempfail');
  if (tempfails > 0) {
    // Without a Message-ID the content identifies the retries of one message.
    const key = messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const attempts = state.tempfail[key] ?? 0;
    if (attempts < tempfails) {
      state.tempfail[key] = attempts + 1;
      await saveState();
      log(`rechazo temporal ${attempts + 1} de ${tempfails} (451) para ${shownId} a ${recipients.join(', ')}`);
      if (slowMs > 0) await sleep(slowMs);
      throw smtpError(451, `4.3.0 Rechazo temporal de prueba (intento ${attempts + 1} de ${tempfails}); vuelva a intentarlo`);
    }
  }

  const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
  const file = await storeMessage(raw, { mailFrom, rcptTo: recipients, receivedAt: new Date().toISOString() });
  log(`guardado ${shownId} para ${recipients.join(', ')} en ${file}`);
  // Stored before the wait on purpose: a sender killed during it leaves a message
  // the server has but the client never saw acknowledged (the RFC 1047 window).
  if (slowMs > 0) await sleep(slowMs);
  return `2.0.0 Mensaje guardado como ${file}`;
}

function onData(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  callback: (err?: Error | null, message?: string) => void,
): void {
  handleData(stream, session).then(
    (reply) => callback(null, reply),
    (error: unknown) => {
      if (error instanceof Error && 'responseCode' in error) {
        callback(error);
        return;
      }
      // A disk failure must not look like acceptance: the sender retries.
      log(`no se pudo guardar el mensaje: ${String(error)}`);
      callback(smtpError(451, '4.3.0 No se pudo guardar el mensaje; vuelva a intentarlo'));
    },
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const port = portFromEnv();
  await fs.mkdir(MESSAGES_DIR, { recursive: true });
  await fs.mkdir(TMP_DIR, { recursive: true });
  await loadState();

  const server = new SMTPServer({
    name: 'smtp-sink.mesa-de-ayuda.invalid',
    banner: 'Mesa de Ayuda - receptor SMTP de pruebas',
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    // No TLS on loopback; AUTH is optional but PLAIN/LOGIN succeed for any
    // credentials so a sender configured with a user and password works unchanged.
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    authOptional: true,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonimo' }),
    onRcptTo,
    onData,
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`el puerto ${HOST}:${port} ya está en uso; libérelo o cambie SMTP_SINK_PORT`);
    log(`error del servidor: ${error.message}`);
  });

  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  // Written only once listening: the start script takes it as "up".
  await replaceDurably(PID_FILE, `${process.pid}\n`);
  log(`escuchando en ${HOST}:${port} (pid ${process.pid}); mensajes en ${MESSAGES_DIR}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`recibida ${signal}: deteniendo`);
    server.close(() => {
      void fs
        .readFile(PID_FILE, 'utf8')
        .then((pid) => (pid.trim() === String(process.pid) ? fs.unlink(PID_FILE) : undefined))
        .catch(() => undefined)
        .finally(() => process.exit(0));
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
