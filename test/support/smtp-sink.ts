/**
 * Helpers for tests that send mail: the project's SMTP receiver
 * (scripts/smtp-sink.sh) is a real SMTP server on loopback that stores every
 * accepted message under .var/smtp-sink/messages/ instead of delivering it.
 * Port and directory follow the script's environment variables (SMTP_SINK_PORT,
 * SMTP_SINK_DIR).
 *
 * Stored messages are never deleted between suites: always filter by a recipient
 * the suite made up (uniqueSinkRecipient) and, if useful, by `since`.
 *
 * Failure injection by recipient local part: `rechazo-permanente…@` or `…+reject…@`
 * → 550 at RCPT; `…+tempfail<N>…@` → 451 for the first N attempts of a Message-ID;
 * `…+slow<MS>…@` → the DATA reply waits MS ms (the message is already stored).
 */
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { simpleParser } from 'mailparser';
import type { AddressObject } from 'mailparser';

export interface SmtpSinkConfig {
  host: string;
  port: number;
}

/** The envelope the sink stored beside the message. */
export interface ReceivedEnvelope {
  /** MAIL FROM; empty for the null reverse-path `<>`. */
  mailFrom: string;
  rcptTo: string[];
  /** ISO-8601 instant the sink stored the message. */
  receivedAt: string;
}

export interface ReceivedAddress {
  address: string;
  name: string;
}

export interface ReceivedHeaders {
  messageId: string | null;
  subject: string | null;
  from: ReceivedAddress | null;
  to: ReceivedAddress[];
  inReplyTo: string | null;
  references: string[];
  autoSubmitted: string | null;
  xAutoResponseSuppress: string | null;
}

export interface ReceivedMessage {
  /** Absolute path of the stored .eml. */
  file: string;
  /** The bytes exactly as the sink received them. */
  raw: Buffer;
  envelope: ReceivedEnvelope;
  headers: ReceivedHeaders;
  text: string | null;
  html: string | null;
}

export interface ReceivedFilter {
  /** Keeps messages whose envelope has this recipient (case-insensitive). */
  to?: string;
  /** Keeps messages stored at or after this epoch-ms instant. */
  since?: number;
}

const SCRIPT = path.resolve(__dirname, '../../scripts/smtp-sink.sh');
const SCRIPT_TIMEOUT_MS = 2 * 60 * 1000;
const DEFAULT_DIR = path.resolve(__dirname, '../../.var/smtp-sink');
/** Domain for made-up recipients; the sink accepts any domain. */
export const SINK_TEST_DOMAIN = 'pruebas.dnp.gov.co';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}="${raw}": se espera un puerto entre 1 y 65535`);
  }
  return port;
}

export function smtpSinkConfig(): SmtpSinkConfig {
  return { host: '127.0.0.1', port: portFromEnv('SMTP_SINK_PORT', 2525) };
}

function messagesDir(): string {
  return path.join(path.resolve(process.env.SMTP_SINK_DIR || DEFAULT_DIR), 'messages');
}

function runScript(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [SCRIPT, ...args], { env: process.env, timeout: SCRIPT_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) {
        const detail = `${stdout}${stderr}`.trim();
        reject(new Error(`scripts/smtp-sink.sh ${args.join(' ')} falló (${error.message.split('\n')[0]})\n${detail}`));
        return;
      }
      resolve(stdout);
    });
  });
}

let started: Promise<void> | null = null;

/** Starts the sink once per process; cheap afterwards. */
export function ensureSmtpSink(): Promise<void> {
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

/** Starts the sink again after stopSmtpSink(), e.g. in outage tests. */
export async function startSmtpSink(): Promise<void> {
  started = null;
  await runScript(['start']);
  started = Promise.resolve();
}

/** Stops the sink; connections drop. Always pair with startSmtpSink() in a finally. */
export async function stopSmtpSink(): Promise<void> {
  started = null;
  await runScript(['stop']);
}

/**
 * A made-up recipient `t-<prefix>-<random><tags>@pruebas.dnp.gov.co`, unique per
 * call so suites never see each other's mail. TAGS are failure-injection tags
 * such as `+tempfail2` or `+slow1500`.
 */
export function uniqueSinkRecipient(prefix: string, tags = ''): string {
  const slug =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'x';
  return `t-${slug}-${randomBytes(5).toString('hex')}${tags}@${SINK_TEST_DOMAIN}`;
}

function addresses(value: AddressObject | AddressObject[] | undefined): ReceivedAddress[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return objects.flatMap((object) =>
    object.value.flatMap((entry) => [
      ...(entry.address ? [{ address: entry.address, name: entry.name }] : []),
      // Group members ("Equipo: a@x, b@y;") come nested.
      ...(entry.group ?? []).filter((member) => member.address).map((member) => ({ address: member.address ?? '', name: member.name })),
    ]),
  );
}

function headerText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  // mailparser turns structured headers (with parameters) into {value, params}.
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
}

/** Stored files never change, so each is parsed once per process. */
const parsedCache = new Map<string, ReceivedMessage>();

async function readEnvelope(file: string): Promise<ReceivedEnvelope | null> {
  try {
    return JSON.parse(await fs.readFile(file.replace(/\.eml$/, '.json'), 'utf8')) as ReceivedEnvelope;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function parseStored(file: string, envelope: ReceivedEnvelope): Promise<ReceivedMessage> {
  const cached = parsedCache.get(file);
  if (cached) return cached;
  const raw = await fs.readFile(file);
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const references = parsed.references === undefined ? [] : Array.isArray(parsed.references) ? parsed.references : [parsed.references];
  const message: ReceivedMessage = {
    file,
    raw,
    envelope,
    headers: {
      messageId: parsed.messageId ?? null,
      subject: parsed.subject ?? null,
      from: addresses(parsed.from)[0] ?? null,
      to: addresses(parsed.to),
      inReplyTo: parsed.inReplyTo ?? null,
      references,
      autoSubmitted: headerText(parsed.headers.get('auto-submitted')),
      xAutoResponseSuppress: headerText(parsed.headers.get('x-auto-response-suppress')),
    },
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
  };
  parsedCache.set(file, message);
  return message;
}

const envelopeCache = new Map<string, ReceivedEnvelope>();

/** Stored messages, oldest first, optionally only those for one recipient or since an instant. */
export async function receivedMessages(filter: ReceivedFilter = {}): Promise<ReceivedMessage[]> {
  const dir = messagesDir();
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const wanted = filter.to?.toLowerCase();
  const result: ReceivedMessage[] = [];
  // Names start with the epoch-ms and a counter, so name order is arrival order.
  for (const name of names.filter((n) => n.endsWith('.eml')).sort()) {
    const stamp = Number(name.slice(0, name.indexOf('-')));
    // The name's instant is taken just before the .json's receivedAt: a cheap pre-filter.
    if (filter.since !== undefined && Number.isFinite(stamp) && stamp < filter.since) continue;
    const file = path.join(dir, name);
    // Stored files never change: read each envelope once, however often a test polls.
    const envelope = envelopeCache.get(file) ?? (await readEnvelope(file));
    if (envelope === null) continue;
    envelopeCache.set(file, envelope);
    if (filter.since !== undefined && Date.parse(envelope.receivedAt) < filter.since) continue;
    if (wanted !== undefined && !envelope.rcptTo.some((rcpt) => rcpt.toLowerCase() === wanted)) continue;
    result.push(await parseStored(file, envelope));
  }
  return result;
}

/**
 * Waits until a stored message satisfies PREDICATE and returns it. FILTER narrows
 * what is parsed (pass the suite's recipient). Times out with the messages seen.
 */
export async function waitForReceived(
  predicate: (message: ReceivedMessage) => boolean,
  timeoutMs = 10_000,
  filter: ReceivedFilter = {},
): Promise<ReceivedMessage> {
  const deadline = Date.now() + timeoutMs;
  let seen: ReceivedMessage[] = [];
  for (;;) {
    seen = await receivedMessages(filter);
    const found = seen.find(predicate);
    if (found) return found;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const summary = seen.map((m) => `${m.headers.messageId ?? '(sin Message-ID)'} → ${m.envelope.rcptTo.join(', ')}`).join('; ');
  throw new Error(
    `el receptor SMTP no guardó el mensaje esperado en ${timeoutMs} ms` +
      (filter.to ? ` (destinatario ${filter.to})` : '') +
      `; mensajes vistos: ${seen.length}${summary ? ` (${summary})` : ''}`,
  );
}
