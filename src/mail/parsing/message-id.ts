import { createHash } from 'node:crypto';
import type { RawHeader } from './raw-headers';

/** Longest Message-ID we keep; RFC 5322 lines stop at 998 characters anyway. */
const MAX_ID_LENGTH = 998;
const ANGLE_ID = /<([^<>\s]+)>/g;

function wrap(id: string): string | null {
  const bare = id.trim().replace(/^<+|>+$/g, '');
  if (!bare || /[\s<>]/.test(bare) || bare.length > MAX_ID_LENGTH - 2) return null;
  return `<${bare}>`;
}

/** The Message-ID in a header value, with angle brackets, or null. */
export function normalizeMessageId(value: string): string | null {
  const angled = /<([^<>\s]+)>/.exec(value);
  if (angled) return wrap(angled[1]);
  // Some mailers omit the brackets; take the first word.
  const word = value.trim().split(/\s+/)[0] ?? '';
  return word ? wrap(word) : null;
}

/**
 * Message-IDs listed in In-Reply-To or References, in order, without repeats.
 * Old mailers put phrases there (`<id> (Juan's message of Monday)`); only ids
 * count. Bare ids without brackets are accepted when they contain an `@`.
 */
export function parseMessageIdList(values: readonly string[]): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  const add = (id: string | null): void => {
    if (id && !seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  };
  for (const value of values) {
    const angled = [...value.matchAll(ANGLE_ID)];
    if (angled.length) {
      for (const match of angled) add(wrap(match[1]));
    } else {
      for (const word of value.split(/[\s,]+/)) if (word.includes('@')) add(wrap(word));
    }
  }
  return ids;
}

/**
 * Headers that the sender's mail client writes and no server on the way changes.
 * Everything else (Received, Delivered-To, Return-Path, X-Original-To,
 * spam-filter and authentication results, Exchange and Google X- headers) is
 * added per delivery, so a copy delivered to both of our mailboxes would hash
 * differently if it were included.
 */
const ORIGIN_HEADERS = new Set([
  'from', 'sender', 'reply-to', 'to', 'cc', 'subject', 'date', 'in-reply-to', 'references',
  'mime-version', 'content-type', 'content-transfer-encoding',
]);

const SYNTHETIC_DOMAIN = 'generated@mesa-de-ayuda.invalid';

/**
 * A stable Message-ID for a message that has none: a hash of its origin headers
 * and its body. Line endings and folding whitespace are normalized because the
 * same message may be stored with CRLF by one server and LF by another.
 */
export function synthesizeMessageId(headers: readonly RawHeader[], body: Buffer): string {
  const hash = createHash('sha256');
  for (const header of headers) {
    if (!ORIGIN_HEADERS.has(header.name)) continue;
    const value = header.value.toString('latin1').replace(/\s+/g, ' ').trim();
    hash.update(`${header.name}:${value}\n`, 'latin1');
  }
  hash.update('\n');
  hash.update(normalizeLineEndings(body));
  return `<${hash.digest('hex')}.${SYNTHETIC_DOMAIN}>`;
}

function normalizeLineEndings(body: Buffer): Buffer {
  // CRLF → LF, and trailing line breaks dropped: stores differ in both.
  let end = body.length;
  while (end > 0 && (body[end - 1] === 0x0a || body[end - 1] === 0x0d)) end--;
  const trimmed = body.subarray(0, end);
  if (trimmed.indexOf(0x0d) < 0) return trimmed;
  return Buffer.from(trimmed.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
}
