/**
 * Reads the header block of a raw message as bytes. We do this ourselves rather
 * than take mailparser's strings because mailparser decodes raw 8-bit header
 * bytes as UTF-8, which garbles the Latin-1 and GBK headers some senders still
 * write, and because a message mailparser rejects still needs its headers.
 */

export interface RawHeader {
  /** Lower-case field name. */
  name: string;
  /** The value as sent, folding removed, without the trailing line break. */
  value: Buffer;
}

export interface HeaderBlock {
  headers: RawHeader[];
  /** Offset of the first body byte (after the blank line), or raw.length. */
  bodyOffset: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/**
 * An mbox file stores each message behind a `From sender date` line. It is
 * not a header (no colon after the name) and would make the first real header
 * look like body text, so it is dropped.
 */
export function stripMboxFromLine(raw: Buffer): Buffer {
  if (raw.length < 5 || raw.toString('latin1', 0, 5) !== 'From ') return raw;
  const end = raw.indexOf(LF);
  return end < 0 ? raw.subarray(raw.length) : raw.subarray(end + 1);
}

function lineEnd(raw: Buffer, from: number): number {
  const lf = raw.indexOf(LF, from);
  return lf < 0 ? raw.length : lf;
}

function isBlank(raw: Buffer, start: number, end: number): boolean {
  return end === start || (end === start + 1 && raw[start] === CR);
}

function trimCr(raw: Buffer, start: number, end: number): number {
  return end > start && raw[end - 1] === CR ? end - 1 : end;
}

/** A field name is printable US-ASCII except colon (RFC 5322 §2.2). */
function fieldNameEnd(raw: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const byte = raw[i];
    if (byte === COLON) return i > start ? i : -1;
    if (byte <= SP || byte > 0x7e) {
      // Tolerate `Subject : x`, which some old mailers write.
      let j = i;
      while (j < end && (raw[j] === SP || raw[j] === TAB)) j++;
      return raw[j] === COLON && i > start ? i : -1;
    }
  }
  return -1;
}

export function readHeaderBlock(raw: Buffer): HeaderBlock {
  const headers: RawHeader[] = [];
  let name: string | null = null;
  let parts: Buffer[] = [];
  const flush = (): void => {
    if (name !== null) {
      const value = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      headers.push({ name, value: trimWhitespace(value) });
    }
    name = null;
    parts = [];
  };
  let pos = 0;
  while (pos < raw.length) {
    const end = lineEnd(raw, pos);
    const next = end + 1;
    if (isBlank(raw, pos, end)) {
      flush();
      return { headers, bodyOffset: Math.min(next, raw.length) };
    }
    const contentEnd = trimCr(raw, pos, end);
    const first = raw[pos];
    if (first === SP || first === TAB) {
      // Unfolding removes only the line break; the leading white space stays.
      if (name !== null) parts.push(raw.subarray(pos, contentEnd));
    } else {
      flush();
      const nameEnd = fieldNameEnd(raw, pos, contentEnd);
      // A line that is not a header (broken mail) is skipped: like mailsplit, which
      // builds the MIME structure, only the blank line ends the block.
      if (nameEnd > 0) {
        name = raw.toString('latin1', pos, nameEnd).toLowerCase();
        parts.push(raw.subarray(raw.indexOf(COLON, nameEnd) + 1, contentEnd));
      }
    }
    pos = next;
  }
  flush();
  return { headers, bodyOffset: raw.length };
}

function trimWhitespace(value: Buffer): Buffer {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === SP || value[start] === TAB)) start++;
  while (end > start && (value[end - 1] === SP || value[end - 1] === TAB)) end--;
  return value.subarray(start, end);
}

export function headerValues(headers: readonly RawHeader[], name: string): Buffer[] {
  return headers.filter((h) => h.name === name).map((h) => h.value);
}

export function firstHeader(headers: readonly RawHeader[], name: string): Buffer | null {
  return headers.find((h) => h.name === name)?.value ?? null;
}
